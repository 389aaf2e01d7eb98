package dev.mmspec.engine.check;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.property.Failure;
import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.property.PropertyResult;
import dev.mmspec.engine.property.Replay;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Reproduction;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The assertions generated tests make, kept here so that generated code stays a thin table of calls. A failure is an
 * {@link AssertionError} whose message is the race diagram, with the trace file written beside the surefire reports.
 */
public final class SpecChecks {
    private SpecChecks() {}

    /** Every invariant holds in every state reachable within the spec's bounds. */
    public static void explorationHolds(Model model) {
        ExplorationResult result = explore(model);
        ModelInfo info = model.info();
        switch (result.outcome()) {
            case HOLDS -> System.out.println(info.spec() + " " + fixesLabel(model) + ": " + result.summary());
            case INCOMPLETE ->
                throw new AssertionError(info.spec() + ": exploration did not finish: " + result.summary() + "\n"
                        + rerun(model, OptionalLong.empty(), "ExplorationTest", null));
            case VIOLATED -> {
                Trace trace = result.counterexample().orElseThrow();
                var file = TraceFiles.write(trace, info, "explore-" + fixesLabel(model));
                throw new AssertionError("\n" + RaceDiagram.render(trace, info, "") + result.summary() + "\n"
                        + rerun(model, OptionalLong.empty(), "ExplorationTest", file));
            }
        }
    }

    /** Exploration finds a violation of {@code invariant}, and shows the shortest one. */
    public static void explorationViolates(Model model, String invariant) {
        ExplorationResult result = explore(model);
        ModelInfo info = model.info();
        if (result.outcome() != ExplorationResult.Outcome.VIOLATED) {
            throw new AssertionError(
                    info.spec() + " " + fixesLabel(model) + ": expected " + invariant + " to be violated, but "
                            + result.summary() + "\n" + rerun(model, OptionalLong.empty(), "ExplorationTest", null));
        }
        Trace trace = result.counterexample().orElseThrow();
        var file = TraceFiles.write(trace, info, "explore-" + fixesLabel(model));
        String diagram =
                RaceDiagram.render(trace, info, "") + rerun(model, OptionalLong.empty(), "ExplorationTest", file);
        String found = result.violation().map(Violation::name).orElse("?");
        if (!found.equals(invariant)) {
            throw new AssertionError(info.spec() + " " + fixesLabel(model) + ": expected " + invariant
                    + " to be violated, but the first" + " violation is "
                    + result.violation().map(Violation::toString).orElse("?") + "\n" + diagram);
        }
        System.out.println(info.spec() + " " + fixesLabel(model) + ": " + result.summary() + "\n" + diagram);
    }

    /**
     * Explores with a progress line in the build log every {@code -Dmmspec.progressSeconds} (default 5) seconds, so
     * that a long exploration in {@code mvn verify} shows it is moving.
     */
    static ExplorationResult explore(Model model) {
        long seconds = Math.max(1, Long.getLong("mmspec.progressSeconds", 5));
        return explore(model, java.time.Duration.ofSeconds(seconds), System.out);
    }

    static ExplorationResult explore(Model model, java.time.Duration every, java.io.PrintStream log) {
        String label = model.info().spec() + " " + fixesLabel(model);
        return new Explorer(
                        model,
                        ExplorerConfig.defaults().withProgress(every, p -> log.println("[mmspec] " + label + ": " + p)))
                .explore();
    }

    /**
     * @return the commands that rerun a failure of {@code testClass} (see {@link Reproduction}), and the race viewer
     *     written beside the trace, which is what a reader of a failed build opens
     */
    static String rerun(Model model, OptionalLong seed, String testClass, java.nio.file.Path traceFile) {
        return Reproduction.lines(
                        model.info(), FixMask.names(model.info(), model.fixesOff()), seed, testClass, traceFile)
                + (traceFile == null ? "" : CounterexampleFiles.viewerLine(traceFile));
    }

    static String fixesLabel(Model model) {
        var off = FixMask.names(model.info(), model.fixesOff());
        return off.isEmpty() ? "all-fixes" : "without-" + String.join("-", off);
    }

    /** Tries of a property campaign in a normal build ({@code -Dmmspec.tries} to change). */
    static int tries() {
        return Integer.getInteger("mmspec.tries", 300);
    }

    static PropertyConfig config(long seed) {
        return PropertyConfig.defaults(seed)
                .withTries(tries())
                .withMaxSteps(60)
                .withMaxOperations(20)
                .withTraceDirectory(TraceFiles.directory());
    }

    /** Random runs of the model alone keep every invariant (no model error, no deadlock). */
    public static void modelPropertyHolds(Model model, long seed) {
        PropertyResult result = new PropertyEngine(config(seed)).check(model);
        result.failure().ifPresent(f -> {
            throw new AssertionError("\n" + f.report());
        });
        System.out.println(model.info().spec() + " model: " + result.tries() + " runs, " + result.steps()
                + " steps, all invariants held");
    }

    /**
     * The implementation conforms to the model: after every step of random runs, same step, same outcome, same abstract
     * state, invariants on both, the spec's lock order and guards.
     */
    public static void conformance(Model model, Supplier<SystemUnderTest> implementation, long seed) {
        PropertyResult result = new PropertyEngine(config(seed)).check(model, implementation);
        result.failure().ifPresent(f -> {
            throw new AssertionError("\n" + f.report());
        });
        System.out.println(model.info().spec() + " lockstep: " + result.tries() + " runs, " + result.steps()
                + " steps in lockstep, no mismatch; step coverage:\n"
                + result.coverage().format(model.info()));
        InterruptedSteps.Result inside = InterruptedSteps.check(model, implementation, seed, tries());
        inside.failure().ifPresent(report -> {
            throw new AssertionError(report);
        });
        System.out.println(model.info().spec() + " inside steps: "
                + (inside.interrupted() == 0
                        ? "no watched lock or atomic accessed within a step (see dev.mmspec.engine.sut.Watch), "
                                + "nothing interrupted"
                        : inside.interrupted() + " of " + inside.tries()
                                + " tries interrupted a step at a watched access, every one atomic"));
    }

    /**
     * With a fix off (in the model and, when given, in the implementation), the explorer's shortest counterexample,
     * replayed in lockstep, or the random property search fails on {@code invariant}; a failure the search finds
     * shrinks to no more operations than the spec's scenario for it. A fix the model shows broken that neither breaks
     * on the implementation fails as a conformance gap, with both sides of the step where they parted
     * ({@link FixDetection}).
     */
    public static void fixDetected(Model model, Supplier<SystemUnderTest> implementation, String invariant, long seed) {
        fixDetected(model, implementation, invariant, config(seed));
    }

    /** {@link #fixDetected(Model, Supplier, String, long)} with the random search's budget given. */
    public static void fixDetected(
            Model model, Supplier<SystemUnderTest> implementation, String invariant, PropertyConfig config) {
        System.out.println(new FixDetection(model, implementation, invariant, config).check());
    }

    /** The scenario, replayed on the model and (when given) the implementation, ends as the spec says. */
    public static void scenario(Model model, Supplier<SystemUnderTest> implementation, String name) {
        ModelInfo info = model.info();
        ModelInfo.Scenario scenario = info.scenarios().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(info.spec() + " has no scenario " + name));
        ScenarioRunner.Played played = ScenarioRunner.play(model, scenario);
        String where = info.sourcePath() + ":" + scenario.line() + ": scenario " + name;
        String expectedInvariant = scenario.expectedInvariant();
        String diagram = RaceDiagram.render(played.trace(), info, "");
        Supplier<String> failed = () -> scenarioDiagram(model, played, name);
        Optional<String> mismatch = mismatch(scenario, played);
        if (mismatch.isPresent()) {
            throw new AssertionError(where + ": " + mismatch.get() + "\n" + failed.get());
        }
        System.out.println(where + " on the model:\n" + diagram);
        if (implementation == null) {
            return;
        }
        Optional<Failure> failure;
        try {
            failure = Replay.run(model, implementation, played.trace());
        } catch (ReplayException e) {
            throw new AssertionError(
                    where + ": does not replay in lockstep: " + e.getMessage() + "\n" + failed.get(), e);
        }
        if (!expectedInvariant.isEmpty()) {
            Failure f = failure.orElseThrow(() -> new AssertionError(where
                    + ": the implementation in lockstep did not violate " + expectedInvariant + "\n" + failed.get()));
            if (f.kind() != ViolationKind.INVARIANT || !f.violation().name().equals(expectedInvariant)) {
                throw new AssertionError(
                        where + ": in lockstep, expected " + expectedInvariant + ", got " + f + "\n" + failed.get());
            }
        } else if (failure.isPresent()) {
            throw new AssertionError(where + ": in lockstep: " + failure.get() + "\n" + failed.get());
        }
        System.out.println(where + ": the implementation in lockstep agrees");
    }

    /**
     * @return the scenario's race diagram, its trace files (with the ITF file and the viewer) written and the rerun
     *     lines appended, for the failure messages of {@link #scenario}
     */
    private static String scenarioDiagram(Model model, ScenarioRunner.Played played, String name) {
        ModelInfo info = model.info();
        Trace trace =
                played.trace().violation().isPresent() || played.violation().isEmpty()
                        ? played.trace()
                        : played.trace().withViolation(played.violation());
        var file = TraceFiles.write(trace, info, "scenario-" + name);
        return RaceDiagram.render(trace, info, "") + rerun(model, OptionalLong.empty(), "ScenarioTest", file);
    }

    /**
     * The scenario on the model alone, as {@code bin/mmspec explore} reports it in its matrix, so a wrong scenario
     * fails the CLI as it fails the build.
     *
     * @return why the scenario does not end as the spec says (blocked, wrong violation, missing outcome); empty when it
     *     does
     */
    public static Optional<String> scenarioMismatchOnModel(Model model, ModelInfo.Scenario scenario) {
        try {
            return mismatch(scenario, ScenarioRunner.play(model, scenario));
        } catch (AssertionError blocked) {
            return Optional.of(blocked.getMessage());
        }
    }

    private static Optional<String> mismatch(ModelInfo.Scenario scenario, ScenarioRunner.Played played) {
        String expectedInvariant = scenario.expectedInvariant();
        String expectedOutcome = scenario.expectedOutcome();
        if (!expectedInvariant.isEmpty()) {
            if (played.violation()
                    .map(Violation::name)
                    .filter(expectedInvariant::equals)
                    .isEmpty()) {
                return Optional.of("expected " + expectedInvariant + " to be violated on the model, got "
                        + played.violation().map(Violation::toString).orElse("no violation"));
            }
        } else if (played.violation().isPresent()) {
            return Optional.of("expected it to hold on the model, got "
                    + played.violation().get());
        }
        if (!expectedOutcome.isEmpty() && !played.outcomes().contains(expectedOutcome)) {
            return Optional.of("expected outcome " + expectedOutcome + ", got " + played.outcomes());
        }
        return Optional.empty();
    }

    /** @return the operations started in {@code trace}. */
    static int operations(ModelInfo info, Trace trace) {
        return (int) trace.steps().stream()
                .filter(s -> !info.actions().get(s.action()).isContinue())
                .count();
    }

    /** @return the operations of the spec's scenario for these fixes off and this invariant, or 0 if none. */
    static int scenarioOperations(ModelInfo info, long fixesOff, String invariant) {
        return info.scenarios().stream()
                .filter(s -> s.expectedInvariant().equals(invariant))
                .filter(s -> dev.mmspec.contract.model.FixMask.of(info, s.fixesOff()) == fixesOff)
                .mapToInt(s -> s.entries().size())
                .min()
                .orElse(0);
    }

    /**
     * Every distinct transition of the model within its bounds is replayed on the implementation in lockstep at least
     * once, with no failure.
     */
    public static void transitionsReplayed(Model model, Supplier<SystemUnderTest> implementation) {
        ModelInfo info = model.info();
        TransitionCover.Cover cover = TransitionCover.of(model, 200_000);
        long steps = 0;
        for (int[] run : cover.runs()) {
            Trace trace = dev.mmspec.engine.trace.ModelReplay.record(
                    model, run, Optional.empty(), java.util.OptionalLong.empty());
            Optional<Failure> failure;
            try {
                failure = Replay.run(model, implementation, trace);
            } catch (ReplayException e) {
                throw new AssertionError(
                        info.spec() + ": a covering run does not replay: " + e.getMessage() + "\n"
                                + rerun(model, OptionalLong.empty(), "PropertyTest", null),
                        e);
            }
            if (failure.isPresent()) {
                var file = TraceFiles.write(
                        trace.withViolation(Optional.of(failure.get().violation())), info, "transition-cover");
                throw new AssertionError(
                        info.spec() + " " + fixesLabel(model) + ": replaying every transition on the implementation: "
                                + failure.get() + "\n" + RaceDiagram.render(trace, info, "bin/mmspec replay " + file)
                                + rerun(model, OptionalLong.empty(), "PropertyTest", file));
            }
            steps += run.length;
        }
        System.out.println(info.spec() + " " + fixesLabel(model) + ": replayed all " + cover.transitions()
                + " distinct transitions of " + cover.states() + " states on the implementation ("
                + cover.runs().size() + " runs, " + steps + " steps in lockstep)");
    }
}
