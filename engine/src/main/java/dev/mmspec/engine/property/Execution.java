package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Guard;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.Deadlocks;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.TraceStep;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run in progress: the model, and in lockstep the implementation, advanced one action at a time with every check
 * after every step. Random generation, shrinking and replay all go through here, so a trace fails in replay exactly as
 * it failed when it was found.
 *
 * <p>Checks, in this order (the first that fails is the failure): a model error; the implementation could not run the
 * step; it stopped at a different step label (or finished when the model did not); a different outcome; a different
 * abstract state on a {@code STATE} slot; a lock taken against the order; a lock the model takes in the step that the
 * implementation did not take (in the model's mode), or one the model released that it still holds
 * ({@link ModelLocks}); a guarded {@code STATE} slot changed without its lock held during the step; an invariant on the
 * model state; an invariant on the implementation's abstracted state.
 */
final class Execution implements AutoCloseable {
    enum Result {
        DISABLED,
        OK,
        FAILED
    }

    private final Model model;
    private final ModelInfo info;
    private final FreshElements fresh;
    private final SystemUnderTest sut;
    private final LockTracker locks;
    private final ModelLocks modelLocks;
    private final StepCoverage coverage;
    private final List<TraceStep> steps = new ArrayList<>();
    /** The implementation's abstracted state before the first step and after each step it ran (lockstep only). */
    private final List<long[]> implStates = new ArrayList<>();

    private long[] state;
    private long[] implState;
    private Failure failure;

    /** @param sut the implementation, or null for a model-only run; @param coverage or null */
    Execution(Model model, SystemUnderTest sut, StepCoverage coverage) {
        this.model = model;
        this.info = model.info();
        this.fresh = new FreshElements(info);
        this.sut = sut;
        this.coverage = coverage;
        this.locks = sut == null ? null : new LockTracker(info);
        this.modelLocks = sut == null ? null : new ModelLocks(info);
        state = new long[info.stateWords()];
        model.initialState(state);
        if (sut != null) {
            implState = abstractState(state);
            implStates.add(implState);
            failure = compareStates(state, implState, 0);
        }
        if (failure == null) {
            failure = invariants(state, implState, 0);
        }
    }

    long[] state() {
        return state;
    }

    List<TraceStep> steps() {
        return steps;
    }

    Failure failure() {
        return failure;
    }

    /**
     * @return the implementation's abstracted states (non-{@code STATE} slots from the model): before the first step,
     *     then after each step it ran; a step it could not run adds none
     */
    List<long[]> implementationStates() {
        return implStates;
    }

    /** @return whether {@code action} is enabled now (the model decides). */
    boolean enabled(int action, long[] scratch) {
        return ModelReplay.stepToRun(model, state, action) >= 0
                && model.apply(state, action, scratch) != Model.DISABLED;
    }

    /** Takes {@code action}. A disabled action changes nothing. */
    Result step(int action) {
        if (failure != null) {
            throw new IllegalStateException("run already failed: " + failure);
        }
        int modelStep = ModelReplay.stepToRun(model, state, action);
        if (modelStep < 0) {
            return Result.DISABLED;
        }
        int words = state.length;
        // In lockstep, with the footprint: a lock taken and released within the step shows only in its writes.
        boolean footprint = sut != null && model.recordsFootprints();
        long[] next = new long[footprint ? 3 * words : words];
        int result = model.apply(state, action, next);
        if (result == Model.DISABLED) {
            return Result.DISABLED;
        }
        steps.add(new TraceStep(action, modelStep, result));
        if (coverage != null) {
            coverage.ran(modelStep);
        }
        int n = steps.size();
        if (result <= -2) {
            String message = ModelText.modelError(info, result);
            failure = Failure.of(
                    ViolationKind.MODEL_ERROR,
                    message,
                    "step " + info.steps().get(modelStep).label() + ": " + message,
                    n);
            return Result.FAILED;
        }
        long[] before = state;
        long[] written = footprint ? Arrays.copyOfRange(next, 2 * words, 3 * words) : null;
        state = footprint ? Arrays.copyOf(next, words) : next;
        if (sut != null) {
            failure = lockstep(action, result, n, before, written);
        }
        if (failure == null) {
            failure = invariants(state, implState, n);
        }
        return failure == null ? Result.OK : Result.FAILED;
    }

    /** Checks for a deadlock at the end of a run; @return whether there is one (recorded as the failure). */
    boolean checkDeadlock() {
        String blocked = Deadlocks.deadlock(model, state);
        if (blocked != null && failure == null) {
            failure = Failure.of(
                    ViolationKind.DEADLOCK,
                    blocked,
                    "no action is enabled while " + blocked + " are in the middle of an operation",
                    steps.size());
        }
        return blocked != null;
    }

    private Failure lockstep(int action, int result, int n, long[] modelBefore, long[] written) {
        Action a = info.actions().get(action);
        int task = a.task();
        String taskName = info.tasks().get(task);
        List<SpecLockEvent> events = new ArrayList<>();
        if (!a.isContinue()) {
            int[] arguments = a.arguments().stream().mapToInt(Integer::intValue).toArray();
            StepReport started = sut.start(task, a.operation(), arguments);
            if (started.failed()) {
                return Failure.of(
                        ViolationKind.IMPLEMENTATION_FAILURE,
                        "start",
                        taskName + " could not start " + ModelText.action(info, action) + ": " + started.failure(),
                        n);
            }
            String first = info.steps()
                    .get(info.operations().get(a.operation()).firstStep())
                    .label();
            if (!started.nextLabel().equals(first)) {
                return Failure.of(
                        ViolationKind.CONFORMANCE,
                        "step label",
                        taskName + " started "
                                + ModelText.action(info, action) + " and stopped at " + labelText(started.nextLabel())
                                + "; the model's first step is " + first,
                        n);
            }
            events.addAll(started.lockEvents());
        }
        StepReport report = sut.step(task);
        if (report.failed()) {
            return Failure.of(
                    ViolationKind.IMPLEMENTATION_FAILURE,
                    "step",
                    taskName + " could not run "
                            + info.steps().get(steps.get(n - 1).step()).label() + ": " + report.failure(),
                    n);
        }
        events.addAll(report.lockEvents());
        String expected = model.idle(state, task)
                ? ""
                : info.steps().get(model.nextStep(state, task)).label();
        if (!report.nextLabel().equals(expected)) {
            return Failure.of(
                    ViolationKind.CONFORMANCE,
                    "step label",
                    taskName + " ran "
                            + info.steps().get(steps.get(n - 1).step()).label() + " and stopped at "
                            + labelText(report.nextLabel())
                            + "; the model stopped at " + labelText(expected),
                    n);
        }
        String outcome = result > 0 ? info.outcomeName(result) : "";
        if (!report.outcome().equals(outcome)) {
            return Failure.of(
                    ViolationKind.CONFORMANCE,
                    "outcome",
                    taskName + " returned outcome " + labelText(report.outcome()) + "; the model returned "
                            + labelText(outcome),
                    n);
        }
        long[] before = implState;
        implState = abstractState(state);
        implStates.add(implState);
        Failure differs = compareStates(state, implState, n);
        if (differs != null) {
            return differs;
        }
        Failure order = locks.step(task, events, n);
        if (order != null) {
            return order;
        }
        Failure guard = guards(task, before, implState, n);
        if (guard != null) {
            return guard;
        }
        return modelLocks.check(
                new ModelLocks.LockStep(task, steps.get(n - 1).step(), modelBefore, state, written, events, locks, n));
    }

    private Failure guards(int task, long[] before, long[] after, int n) {
        for (Guard guard : info.guards()) {
            Slot slot = info.slots().get(guard.slot());
            if (slot.kind() != SlotKind.STATE
                    || slot.get(before) == slot.get(after)
                    || fresh.unallocated(guard.slot(), before)) {
                continue;
            }
            String instance = guard.index() < 0 ? guard.lock() : guard.lock() + "[" + guard.index() + "]";
            ModelInfo.LockInfo lock = info.lock(guard.lock());
            boolean exclusive = lock != null && lock.kind().equals("rwsem");
            if (!locks.heldDuringStep(task, instance, exclusive)) {
                return Failure.of(
                        ViolationKind.GUARD,
                        slot.name() + " without " + instance,
                        info.tasks().get(task) + " changed " + slot.name() + " from " + slot.format(slot.get(before))
                                + " to "
                                + slot.format(slot.get(after)) + " without holding " + instance
                                + (exclusive ? " for write" : "") + " (spec line " + guard.line() + ")",
                        n);
            }
        }
        return null;
    }

    /** @return the model state with every STATE slot taken from the implementation. */
    private long[] abstractState(long[] modelState) {
        long[] raw = new long[modelState.length];
        sut.abstractState(raw);
        long[] merged = modelState.clone();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.STATE) {
                slot.set(merged, slot.get(raw));
            }
        }
        return merged;
    }

    private Failure compareStates(long[] modelState, long[] impl, int n) {
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.STATE && slot.get(modelState) != slot.get(impl)) {
                return Failure.of(
                        ViolationKind.CONFORMANCE,
                        "state " + slot.name(),
                        "abstract state differs: "
                                + slot.name() + " is " + slot.format(slot.get(impl)) + " in the implementation, "
                                + slot.format(slot.get(modelState)) + " in the model",
                        n);
            }
        }
        return null;
    }

    private Failure invariants(long[] modelState, long[] impl, int n) {
        int invariant = model.violatedInvariant(modelState);
        if (invariant < 0 && impl != null) {
            invariant = model.violatedInvariant(impl);
            if (invariant >= 0) {
                String name = info.invariants().get(invariant).name();
                return Failure.of(
                        ViolationKind.INVARIANT,
                        name,
                        "invariant " + name + " is violated by the implementation's state",
                        n);
            }
        }
        if (invariant < 0) {
            return null;
        }
        ModelInfo.Invariant broken = info.invariants().get(invariant);
        return Failure.of(
                ViolationKind.INVARIANT,
                broken.name(),
                "invariant " + broken.name() + " (" + info.sourcePath() + ":" + broken.line() + ") is violated: "
                        + broken.text(),
                n);
    }

    private static String labelText(String label) {
        return label.isEmpty() ? "(finished)" : label;
    }

    @Override
    public void close() {
        if (sut != null) {
            sut.close();
        }
    }
}
