package dev.mmspec.engine.check;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.property.Failure;
import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.property.PropertyFailure;
import dev.mmspec.engine.property.PropertyResult;
import dev.mmspec.engine.property.Replay;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The fix-detection check: with a fix off, the tests must see the race. Random search alone once passed 300 runs ("the
 * tests cannot see this fix missing") on a spec whose fix-off violation the explorer finds in milliseconds, so the
 * explorer's shortest counterexample is replayed on the implementation first, and the random search runs after it. A
 * fix the model shows broken that neither makes the implementation break is a conformance gap, reported with both sides
 * of the step where they parted.
 */
final class FixDetection {
    private final Model model;
    private final Supplier<SystemUnderTest> implementation;
    private final String invariant;
    private final PropertyConfig config;
    private final ModelInfo info;
    private final String label;

    /** @param implementation fresh implementations with the fix off, or null for the model alone */
    FixDetection(Model model, Supplier<SystemUnderTest> implementation, String invariant, PropertyConfig config) {
        this.model = model;
        this.implementation = implementation;
        this.invariant = invariant;
        this.config = config;
        this.info = model.info();
        this.label = info.spec() + " " + SpecChecks.fixesLabel(model);
    }

    /** @return what to print on success; @throws AssertionError with the report when the fix goes unseen */
    String check() {
        Optional<Trace> counterexample = shortestCounterexample();
        Replayed replayed = counterexample.map(this::replay).orElse(null);
        PropertyResult random = new PropertyEngine(config).check(model, implementation);
        if (random.failure().isPresent()) {
            return randomFound(random.failure().get(), replayed);
        }
        String searched = "the random search passed " + random.tries() + " runs (" + random.steps() + " steps)";
        if (replayed == null) {
            throw new AssertionError(
                    label + ": " + searched + " and the explorer found no counterexample to replay: the tests"
                            + " cannot see this fix missing\n"
                            + SpecChecks.rerun(model, OptionalLong.of(config.seed()), "FixDetectionTest", null));
        }
        if (replayed.found()) {
            return label + ": found as expected by replaying the explorer's shortest counterexample ("
                    + replayed.model().steps().size() + " steps); " + searched + " without finding it\n"
                    + RaceDiagram.render(replayed.model(), info, "");
        }
        throw new AssertionError(gap(replayed, searched));
    }

    /** @return the explorer's shortest violation of {@link #invariant}, or empty if it finds none (or another one). */
    private Optional<Trace> shortestCounterexample() {
        ExplorationResult result = SpecChecks.explore(model);
        if (result.outcome() != ExplorationResult.Outcome.VIOLATED
                || !result.violation()
                        .map(Violation::name)
                        .filter(invariant::equals)
                        .isPresent()) {
            System.out.println(
                    label + ": the explorer has no counterexample on " + invariant + " to replay: " + result.summary());
            return Optional.empty();
        }
        return result.counterexample();
    }

    /** The model's counterexample and what the implementation did with it in lockstep. */
    private record Replayed(Trace model, Optional<Failure> failure, Trace implementation, boolean found) {}

    private Replayed replay(Trace counterexample) {
        Replay.Lockstep lockstep;
        try {
            lockstep = Replay.lockstep(model, implementation, counterexample);
        } catch (ReplayException e) {
            throw new AssertionError(
                    label + ": the explorer's counterexample does not replay on the model: " + e.getMessage() + "\n"
                            + SpecChecks.rerun(model, OptionalLong.of(config.seed()), "FixDetectionTest", null),
                    e);
        }
        boolean found = lockstep.failure()
                .filter(f -> f.kind() == ViolationKind.INVARIANT
                        && f.violation().name().equals(invariant))
                .isPresent();
        return new Replayed(counterexample, lockstep.failure(), lockstep.implementation(), found);
    }

    private String randomFound(PropertyFailure failure, Replayed replayed) {
        Violation v = failure.violation();
        if (v.kind() != ViolationKind.INVARIANT || !v.name().equals(invariant)) {
            if (replayed != null && replayed.found()) {
                return label
                        + ": found as expected by replaying the explorer's shortest counterexample; the random search"
                        + " failed first on " + v + "\n" + failure.report("FixDetectionTest");
            }
            if (replayed != null) {
                throw new AssertionError(gap(replayed, "the random search failed on " + v + ", not on " + invariant)
                        + "\nthe random search's failure:\n" + failure.report("FixDetectionTest"));
            }
            throw new AssertionError(label + ": expected " + invariant + " to be violated, the property failed on " + v
                    + "\n" + failure.report("FixDetectionTest"));
        }
        int shrunkOps = SpecChecks.operations(info, failure.shrunk());
        int limit = SpecChecks.scenarioOperations(info, model.fixesOff(), invariant);
        if (limit > 0 && shrunkOps > limit) {
            throw new AssertionError(
                    label + ": shrunk to " + shrunkOps + " operations, longer than the spec's scenario (" + limit
                            + ")\n" + failure.report("FixDetectionTest"));
        }
        String replay = replayed == null
                ? ""
                : replayed.found()
                        ? "; the explorer's shortest counterexample ("
                                + replayed.model().steps().size() + " steps) replays too"
                        : "; the explorer's shortest counterexample did not replay to it: "
                                + replayed.failure().map(Failure::toString).orElse("nothing failed");
        return label + ": found as expected, shrunk to " + shrunkOps + " operations" + replay + "\n"
                + failure.report("FixDetectionTest");
    }

    /**
     * The conformance-gap report: the model's counterexample, the implementation's side of it up to the step where they
     * parted, and which step that was.
     */
    private String gap(Replayed replayed, String searched) {
        Trace modelTrace = replayed.model();
        var file = TraceFiles.write(modelTrace, info, "fix-detection-" + SpecChecks.fixesLabel(model));
        StringBuilder out = new StringBuilder();
        out.append(label)
                .append(": conformance gap: the model shows this fix broken (")
                .append(invariant)
                .append(" is violated after ")
                .append(modelTrace.steps().size())
                .append(" steps of the explorer's shortest counterexample), but the implementation could not be made "
                        + "to break: ")
                .append(searched)
                .append(", and the replay of that counterexample ");
        if (replayed.failure().isEmpty()) {
            out.append("ended without any failure\n");
        } else {
            Failure parted = replayed.failure().get();
            out.append("parted from the model at step ")
                    .append(parted.step())
                    .append(" of ")
                    .append(modelTrace.steps().size());
            if (parted.step() >= 1) {
                out.append(" (")
                        .append(RaceDiagram.invocationAt(modelTrace, info, parted.step() - 1))
                        .append(")");
            }
            out.append(": ").append(parted).append('\n');
        }
        out.append("\nthe model's counterexample:\n")
                .append(RaceDiagram.render(modelTrace, info, "bin/mmspec replay " + file));
        if (replayed.implementation() != null) {
            out.append("\nwhat the implementation did, up to the step where they parted (its abstracted state):\n")
                    .append(RaceDiagram.render(replayed.implementation(), info, ""));
        }
        out.append(SpecChecks.rerun(model, OptionalLong.of(config.seed()), "FixDetectionTest", file));
        return out.toString();
    }
}
