package dev.mmspec.support.check;

import dev.mmspec.support.explore.ExplorationResult;
import dev.mmspec.support.explore.Explorer;
import dev.mmspec.support.explore.ExplorerConfig;
import dev.mmspec.support.model.FixMask;
import dev.mmspec.support.model.Model;
import dev.mmspec.support.model.ModelInfo;
import dev.mmspec.support.trace.RaceDiagram;
import dev.mmspec.support.trace.Trace;
import dev.mmspec.support.trace.Violation;

/**
 * The assertions generated tests make, kept here so that generated code stays a thin table of calls.
 * A failure is an {@link AssertionError} whose message is the race diagram, with the trace file
 * written beside the surefire reports.
 */
public final class SpecChecks {
    private SpecChecks() {}

    /** Every invariant holds in every state reachable within the spec's bounds. */
    public static void explorationHolds(Model model) {
        ExplorationResult result = explore(model);
        ModelInfo info = model.info();
        switch (result.outcome()) {
            case HOLDS -> System.out.println(info.spec() + " " + fixesLabel(model) + ": " + result.summary());
            case INCOMPLETE -> throw new AssertionError(info.spec() + ": exploration did not finish: " + result.summary());
            case VIOLATED -> {
                Trace trace = result.counterexample().orElseThrow();
                var file = TraceFiles.write(trace, info, "explore-" + fixesLabel(model));
                throw new AssertionError("\n" + RaceDiagram.render(trace, info, "bin/mmspec replay " + file) + result.summary());
            }
        }
    }

    /** Exploration finds a violation of {@code invariant}, and shows the shortest one. */
    public static void explorationViolates(Model model, String invariant) {
        ExplorationResult result = explore(model);
        ModelInfo info = model.info();
        if (result.outcome() != ExplorationResult.Outcome.VIOLATED) {
            throw new AssertionError(info.spec() + " " + fixesLabel(model) + ": expected " + invariant + " to be violated, but "
                    + result.summary());
        }
        Trace trace = result.counterexample().orElseThrow();
        var file = TraceFiles.write(trace, info, "explore-" + fixesLabel(model));
        String diagram = RaceDiagram.render(trace, info, "bin/mmspec replay " + file);
        String found = result.violation().map(Violation::name).orElse("?");
        if (!found.equals(invariant)) {
            throw new AssertionError(info.spec() + " " + fixesLabel(model) + ": expected " + invariant + " to be violated, but the first"
                    + " violation is " + result.violation().map(Violation::toString).orElse("?") + "\n" + diagram);
        }
        System.out.println(info.spec() + " " + fixesLabel(model) + ": " + result.summary() + "\n" + diagram);
    }

    static ExplorationResult explore(Model model) {
        return new Explorer(model, ExplorerConfig.defaults()).explore();
    }

    static String fixesLabel(Model model) {
        var off = FixMask.names(model.info(), model.fixesOff());
        return off.isEmpty() ? "all-fixes" : "without-" + String.join("-", off);
    }
}
