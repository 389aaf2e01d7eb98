package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormat;
import dev.mmspec.engine.trace.TraceStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exact replay of a saved trace, on the model alone or in lockstep with the implementation, with every check of the
 * property engine. What the printed regression tests call.
 */
public final class Replay {
    private Replay() {}

    /**
     * Replays {@code trace}: each action must be enabled and run the recorded step with the recorded outcome.
     *
     * @param sut a fresh implementation for the replay, or null for the model alone
     * @return the failure the replay ends in (normally the trace's own violation), or empty
     * @throws ReplayException if the trace does not apply to this model any more
     */
    public static Optional<Failure> run(Model model, Supplier<SystemUnderTest> sut, Trace trace)
            throws ReplayException {
        return lockstep(model, sut, trace).failure();
    }

    /**
     * What the implementation did on a replay in lockstep.
     *
     * @param failure the failure the replay ended in, if any
     * @param implementation the steps that ran, with the implementation's abstracted states (the model's own for the
     *     slots a binding does not write; the last one repeated for a step the implementation could not run), for a
     *     diagram beside the model's; null for a model-only replay
     */
    public record Lockstep(Optional<Failure> failure, Trace implementation) {}

    /** {@link #run} that also returns the implementation's side of the replay. */
    public static Lockstep lockstep(Model model, Supplier<SystemUnderTest> sut, Trace trace) throws ReplayException {
        ModelInfo info = model.info();
        try (Execution execution = new Execution(model, sut == null ? null : sut.get(), null)) {
            int n = 0;
            for (TraceStep step : trace.steps()) {
                if (execution.failure() != null) {
                    break;
                }
                n++;
                int willRun = ModelReplay.stepToRun(model, execution.state(), step.action());
                String what =
                        info.tasks().get(model.taskOf(step.action())) + " " + ModelText.action(info, step.action());
                if (willRun >= 0 && willRun != step.step()) {
                    throw new ReplayException(
                            n,
                            what + " runs " + info.steps().get(willRun).label() + ", the trace recorded "
                                    + info.steps().get(step.step()).label());
                }
                if (execution.step(step.action()) == Execution.Result.DISABLED) {
                    throw new ReplayException(n, what + " is not enabled");
                }
                int outcome =
                        execution.steps().get(execution.steps().size() - 1).outcome();
                if (outcome != step.outcome()) {
                    throw new ReplayException(
                            n,
                            what + " produced " + ModelText.outcome(info, outcome) + ", the trace recorded "
                                    + ModelText.outcome(info, step.outcome()));
                }
            }
            if (execution.failure() == null) {
                execution.checkDeadlock();
            }
            return new Lockstep(
                    Optional.ofNullable(execution.failure()),
                    sut == null ? null : implementationTrace(trace, execution));
        }
    }

    private static Trace implementationTrace(Trace trace, Execution execution) {
        List<TraceStep> ran = execution.steps();
        List<long[]> states = new ArrayList<>(execution.implementationStates());
        while (states.size() < ran.size() + 1) {
            states.add(states.get(states.size() - 1));
        }
        return new Trace(
                trace.spec(),
                trace.sourcePath(),
                trace.fixesOff(),
                trace.seed(),
                Optional.ofNullable(execution.failure()).map(Failure::violation),
                ran,
                states.subList(0, ran.size() + 1));
    }

    /** Model-only {@link #assertNoFailure(Model, Supplier, Path)}. */
    public static void assertNoFailure(Model model, Path traceFile) throws IOException {
        assertNoFailure(model, null, traceFile);
    }

    /**
     * The regression test: replays the trace file and fails (AssertionError) while the trace still fails. It passes
     * once the bug is fixed, including when the fix makes the trace inapplicable (an action of it is no longer
     * enabled), since that interleaving can then no longer happen.
     */
    public static void assertNoFailure(Model model, Supplier<SystemUnderTest> sut, Path traceFile) throws IOException {
        assertPasses(model, sut, TraceFormat.read(traceFile, model.info()), traceFile.toString());
    }

    /**
     * The printed regression test's form of {@link #assertNoFailure(Model, Supplier, Path)}: the trace is the test's
     * own text, so it survives {@code mvn clean}.
     *
     * @param sut a fresh implementation per replay, or null for the model alone
     */
    public static void assertNoFailureOf(Model model, Supplier<SystemUnderTest> sut, String traceText)
            throws IOException {
        assertPasses(
                model,
                sut,
                TraceFormat.read(traceText, "the regression test's trace", model.info()),
                "the regression test's trace");
    }

    private static void assertPasses(Model model, Supplier<SystemUnderTest> sut, Trace trace, String what) {
        Optional<Failure> failure;
        try {
            failure = run(model, sut, trace);
        } catch (ReplayException e) {
            return;
        }
        if (failure.isPresent()) {
            throw new AssertionError("replaying " + what + " still fails: " + failure.get());
        }
    }

    /** Model-only {@link #expectFailure(Model, Supplier, Path)}. */
    public static Failure expectFailure(Model model, Path traceFile) throws IOException {
        return expectFailure(model, null, traceFile);
    }

    /**
     * The fix-detection check: replays the trace file exactly and requires it to end in the violation it records (same
     * kind, same name). @return that failure
     */
    public static Failure expectFailure(Model model, Supplier<SystemUnderTest> sut, Path traceFile) throws IOException {
        Trace trace = TraceFormat.read(traceFile, model.info());
        Optional<Failure> failure;
        try {
            failure = run(model, sut, trace);
        } catch (ReplayException e) {
            throw new AssertionError("trace " + traceFile + " does not replay: " + e.getMessage(), e);
        }
        if (failure.isEmpty()
                || !trace.violation().equals(Optional.of(failure.get().violation()))) {
            throw new AssertionError("replaying " + traceFile + " was expected to end in "
                    + trace.violation().map(Object::toString).orElse("no violation") + " but "
                    + failure.map(Failure::toString).orElse("nothing failed"));
        }
        return failure.get();
    }
}
