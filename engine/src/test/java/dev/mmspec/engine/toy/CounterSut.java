package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written "implementation" of {@link LostUpdateModel}'s counter, written independently of the model's transition
 * code, with deliberate bugs to choose from. Tasks are simulated: each call runs one task up to its next step point.
 */
public final class CounterSut implements SystemUnderTest {

    /** Which bug, if any, the implementation has. */
    public enum Bug {
        NONE,
        /** store writes tmp + 2: the abstract state diverges. */
        WRONG_VALUE,
        /** reports {@code incr.commit} where the model has {@code incr.store}. */
        WRONG_LABEL,
        /** never takes counter_lock: writes the guarded counter without it. */
        NO_LOCK,
        /**
         * takes counter_lock only around the store, not from the load: the guard holds, the load is not under the lock
         * the model takes there.
         */
        LOCK_IN_STORE
    }

    private final boolean locking;
    private final Bug bug;
    private final Slot counterSlot;
    private int counter;
    private int lockOwner = -1;
    private final int[] phase = new int[2];
    private final int[] tmp = new int[2];

    /** @param locking whether counter_lock is taken (the fix is on) */
    public CounterSut(ModelInfo info, boolean locking, Bug bug) {
        this.locking = locking;
        this.bug = bug;
        this.counterSlot = info.slots().stream()
                .filter(s -> s.name().equals("counter"))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public StepReport start(int task, int operation, int[] arguments) {
        if (phase[task] != 0) {
            return new StepReport("", "", List.of(), "task " + task + " is busy");
        }
        phase[task] = 1;
        return new StepReport("incr.load", "", List.of(), "");
    }

    @Override
    public StepReport step(int task) {
        List<SpecLockEvent> events = new ArrayList<>();
        boolean lock = locking && bug != Bug.NO_LOCK;
        if (phase[task] == 1) {
            if (lock && bug != Bug.LOCK_IN_STORE) {
                if (lockOwner >= 0) {
                    return new StepReport("", "", List.of(), "blocked on counter_lock held by task " + lockOwner);
                }
                lockOwner = task;
                events.add(new SpecLockEvent(
                        task, SpecLockEvent.Kind.ACQUIRE, "counter_lock", -1, false, "CounterSut.load"));
            }
            tmp[task] = counter;
            phase[task] = 2;
            return new StepReport(bug == Bug.WRONG_LABEL ? "incr.commit" : "incr.store", "", events, "");
        }
        if (phase[task] == 2) {
            if (bug == Bug.LOCK_IN_STORE) {
                events.add(new SpecLockEvent(
                        task, SpecLockEvent.Kind.ACQUIRE, "counter_lock", -1, false, "CounterSut.store"));
            }
            counter = tmp[task] + (bug == Bug.WRONG_VALUE ? 2 : 1);
            if (lock) {
                lockOwner = -1;
                events.add(new SpecLockEvent(
                        task, SpecLockEvent.Kind.RELEASE, "counter_lock", -1, false, "CounterSut.store"));
            }
            phase[task] = 0;
            return new StepReport("", "", events, "");
        }
        return new StepReport("", "", List.of(), "task " + task + " is idle");
    }

    @Override
    public void abstractState(long[] out) {
        counterSlot.set(out, Math.min(counter, counterSlot.high()));
    }

    @Override
    public void close() {}
}
