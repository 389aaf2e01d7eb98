package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exact replay of a trace on a model: every action must be enabled, run the recorded step and produce the recorded
 * outcome, and the recorded violation must reappear at the end. Anything else is a {@link ReplayException} naming the
 * step, because a trace that replays "roughly" proves nothing.
 */
public final class ModelReplay {
    private ModelReplay() {}

    /**
     * @return {@code trace} with its states
     * @throws ReplayException if the trace does not replay exactly or its violation does not reappear
     */
    public static Trace replay(Model model, Trace trace) throws ReplayException {
        Trace replayed = replayWithoutCheckingViolation(model, trace);
        if (trace.violation().isPresent()) {
            checkViolation(model, replayed, trace.violation().get());
        }
        return replayed;
    }

    /** @return {@code trace} with its states; the steps are checked, the violation is not. */
    public static Trace replayWithoutCheckingViolation(Model model, Trace trace) throws ReplayException {
        ModelInfo info = model.info();
        if (!trace.spec().equals(info.spec())) {
            throw new ReplayException(0, "trace is of spec " + trace.spec() + ", model of " + info.spec());
        }
        List<String> modelFixesOff = ModelText.fixes(info, model.fixesOff());
        if (!modelFixesOff.equals(trace.fixesOff())) {
            throw new ReplayException(
                    0,
                    "trace was recorded with fixes off " + ModelText.fixList(trace.fixesOff())
                            + " but the model has fixes off " + ModelText.fixList(modelFixesOff));
        }
        List<long[]> states = new ArrayList<>();
        long[] state = new long[info.stateWords()];
        model.initialState(state);
        states.add(state.clone());
        int n = 0;
        for (TraceStep step : trace.steps()) {
            n++;
            if (step.action() >= info.actions().size()) {
                throw new ReplayException(n, "no action " + step.action() + " in " + info.spec());
            }
            int task = model.taskOf(step.action());
            int willRun = stepToRun(model, state, step.action());
            long[] next = new long[state.length];
            int result = model.apply(state, step.action(), next);
            String what = info.tasks().get(task) + " " + ModelText.action(info, step.action());
            if (result == Model.DISABLED) {
                throw new ReplayException(n, what + " is not enabled");
            }
            if (willRun != step.step()) {
                throw new ReplayException(
                        n,
                        what + " ran step " + label(info, willRun) + ", the trace recorded "
                                + label(info, step.step()));
            }
            if (result != step.outcome()) {
                throw new ReplayException(
                        n,
                        what + " produced outcome " + ModelText.outcome(info, result) + ", the trace recorded "
                                + ModelText.outcome(info, step.outcome()));
            }
            state = next;
            states.add(state.clone());
        }
        return trace.withStates(states);
    }

    /**
     * Runs {@code actions} from the initial state and records them as a trace with its states.
     *
     * @throws IllegalArgumentException if an action is not enabled where it is taken
     */
    public static Trace record(Model model, int[] actions, Optional<Violation> violation, OptionalLong seed) {
        ModelInfo info = model.info();
        List<long[]> states = new ArrayList<>();
        List<TraceStep> steps = new ArrayList<>();
        long[] state = new long[info.stateWords()];
        model.initialState(state);
        states.add(state.clone());
        for (int i = 0; i < actions.length; i++) {
            int step = stepToRun(model, state, actions[i]);
            long[] next = new long[state.length];
            int result = model.apply(state, actions[i], next);
            if (result == Model.DISABLED || step < 0) {
                throw new IllegalArgumentException("step " + (i + 1) + ": action " + actions[i] + " ("
                        + info.tasks().get(model.taskOf(actions[i])) + " " + ModelText.action(info, actions[i])
                        + ") is not enabled");
            }
            steps.add(new TraceStep(actions[i], step, result));
            state = next;
            states.add(state.clone());
        }
        return new Trace(
                info.spec(),
                info.sourcePath(),
                ModelText.fixes(info, model.fixesOff()),
                seed,
                violation,
                steps,
                states);
    }

    /** @return the global step {@code action} runs in {@code state}, or -1 if it cannot run there. */
    public static int stepToRun(Model model, long[] state, int action) {
        ModelInfo.Action a = model.info().actions().get(action);
        if (model.idle(state, a.task())) {
            return a.isContinue()
                    ? -1
                    : model.info().operations().get(a.operation()).firstStep();
        }
        return a.isContinue() ? model.nextStep(state, a.task()) : -1;
    }

    private static void checkViolation(Model model, Trace replayed, Violation violation) throws ReplayException {
        ModelInfo info = model.info();
        long[] last = replayed.states().get(replayed.states().size() - 1);
        int n = replayed.steps().size();
        switch (violation.kind()) {
            case INVARIANT -> {
                int invariant = info.invariantIndex(violation.name());
                if (invariant < 0) {
                    throw new ReplayException(0, "the model has no invariant " + violation.name());
                }
                if (!model.violates(last, invariant)) {
                    throw new ReplayException(n, "invariant " + violation.name() + " holds at the end of the trace");
                }
            }
            case MODEL_ERROR -> {
                int outcome = n == 0 ? 0 : replayed.steps().get(n - 1).outcome();
                if (outcome > -2 || !ModelText.modelError(info, outcome).equals(violation.name())) {
                    throw new ReplayException(n, "the last step does not hit model error \"" + violation.name() + "\"");
                }
            }
            case DEADLOCK -> {
                String blocked = Deadlocks.deadlock(model, last);
                if (!violation.name().equals(blocked)) {
                    throw new ReplayException(n, "the trace does not end in a deadlock of " + violation.name());
                }
            }
            default -> {
                // Lockstep failures need the implementation: the property engine's replay checks them.
            }
        }
    }

    /** @return the violation that {@code state} (reached by a step with apply result {@code outcome}) shows, if any. */
    public static Optional<Violation> violationOf(Model model, long[] state, int outcome) {
        if (outcome <= -2) {
            return Optional.of(new Violation(ViolationKind.MODEL_ERROR, ModelText.modelError(model.info(), outcome)));
        }
        int invariant = model.violatedInvariant(state);
        if (invariant >= 0) {
            return Optional.of(new Violation(
                    ViolationKind.INVARIANT,
                    model.info().invariants().get(invariant).name()));
        }
        String blocked = Deadlocks.deadlock(model, state);
        return blocked == null ? Optional.empty() : Optional.of(new Violation(ViolationKind.DEADLOCK, blocked));
    }

    private static String label(ModelInfo info, int step) {
        return step < 0 ? "(none: the task is idle)" : info.steps().get(step).label();
    }
}
