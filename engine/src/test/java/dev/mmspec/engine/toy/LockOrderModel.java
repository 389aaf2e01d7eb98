package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.List;

/**
 * ABBA: task {@code t0} runs {@code ab} (take lock_a, take lock_b, release both), task {@code t1} runs {@code ba},
 * which without the fix {@code lock_order} takes lock_b first. The spec orders {@code lock_a < lock_b}. Each task runs
 * its operation once; {@code count} (STATE) counts finished operations. Without the fix the model deadlocks; this toy
 * does not turn the order into a model error, so that the explorer's deadlock detection is what finds it.
 *
 * <p>Actions: 0 {@code t0 ab()}, 1 {@code t0 continue}, 2 {@code t1 ba()}, 3 {@code t1 continue}.
 */
public final class LockOrderModel implements Model {
    private final boolean fixed;
    private final ModelInfo info;
    final Slot count;
    final Slot ownerA;
    final Slot ownerB;
    final Slot[] op = new Slot[2];
    final Slot[] pc = new Slot[2];
    final Slot[] ran = new Slot[2];

    public LockOrderModel(boolean fixed) {
        this.fixed = fixed;
        ToyInfo b = new ToyInfo("abba").task("t0").task("t1");
        count = b.intSlot("count", SlotKind.STATE, 2);
        ValueType owner = new ValueType.OwnerType(List.of("t0", "t1"));
        ownerA = b.slot("lock lock_a", SlotKind.LOCK_OWNER, 2, owner, -1);
        ownerB = b.slot("lock lock_b", SlotKind.LOCK_OWNER, 2, owner, -1);
        for (int t = 0; t < 2; t++) {
            op[t] = b.slot("task[t" + t + "].op", SlotKind.TASK_OP, 1, new ValueType.IntType(), t);
            pc[t] = b.slot("task[t" + t + "].pc", SlotKind.TASK_PC, 2, new ValueType.IntType(), t);
            ran[t] = b.slot("ran[t" + t + "]", SlotKind.GHOST, 1, new ValueType.BoolType(), t);
        }
        int ab = b.operation("ab", "lock_first", "lock_second", "release");
        int ba = b.operation("ba", "lock_first", "lock_second", "release");
        b.action(0, ab);
        b.action(0, -1);
        b.action(1, ba);
        b.action(1, -1);
        b.invariant("count_in_range", 50)
                .fix("lock_order")
                .lock("lock_a", 0, "lock_b")
                .lock("lock_b", 1);
        info = b.build();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public long fixesOff() {
        return fixed ? 0 : 1;
    }

    @Override
    public void initialState(long[] out) {
        out[0] = 0;
    }

    /** @return the lock task {@code t} takes at its {@code which}-th lock step (0 or 1). */
    private Slot lockFor(int t, int which) {
        boolean aFirst = t == 0 || fixed;
        return (which == 0) == aFirst ? ownerA : ownerB;
    }

    @Override
    public int apply(long[] src, int action, long[] dst) {
        dst[0] = src[0];
        int t = action / 2;
        if (action % 2 == 0) {
            if (op[t].get(src) != 0 || ran[t].get(src) != 0) {
                return DISABLED;
            }
            op[t].set(dst, 1);
            ran[t].set(dst, 1);
            pc[t].set(dst, 0);
        } else if (op[t].get(src) == 0) {
            return DISABLED;
        }
        int step = pc[t].get(dst);
        if (step < 2) {
            Slot lock = lockFor(t, step);
            if (lock.get(dst) != 0) {
                return DISABLED;
            }
            lock.set(dst, t + 1);
            pc[t].set(dst, step + 1);
        } else {
            ownerA.set(dst, 0);
            ownerB.set(dst, 0);
            count.set(dst, count.get(dst) + 1);
            op[t].set(dst, 0);
            pc[t].set(dst, 0);
        }
        return NO_OUTCOME;
    }

    @Override
    public int violatedInvariant(long[] state) {
        return -1;
    }

    @Override
    public boolean violates(long[] state, int invariant) {
        return false;
    }

    @Override
    public boolean idle(long[] state, int task) {
        return op[task].get(state) == 0;
    }

    @Override
    public int nextStep(long[] state, int task) {
        return idle(state, task) ? -1 : 3 * task + pc[task].get(state);
    }
}
