package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.List;

/**
 * The classic lost update, as a spec would state it: two tasks each run {@code incr} up to {@code maxRuns} times;
 * {@code incr.load} reads the counter into a local, {@code incr.store} writes the local plus one. The fix
 * {@code counter_lock} makes load take and store release a lock. Invariant {@code no_lost_update}: the counter equals
 * the number of completed stores (ghost {@code done}).
 *
 * <p>Actions: 0 {@code t0 incr()}, 1 {@code t0 continue}, 2 {@code t1 incr()}, 3 {@code t1 continue}.
 */
public final class LostUpdateModel implements Model {
    public static final int LOAD = 0;
    public static final int STORE = 1;

    private final boolean fixed;
    private final int maxRuns;
    private final ModelInfo info;
    final Slot counter;
    final Slot done;
    final Slot lockOwner;
    final Slot[] op = new Slot[2];
    final Slot[] pc = new Slot[2];
    final Slot[] tmp = new Slot[2];
    final Slot[] runs = new Slot[2];

    public LostUpdateModel(boolean fixed, int maxRuns) {
        this(fixed, maxRuns, true);
    }

    /** @param guarded whether the spec says {@code guard counter by counter_lock} */
    public LostUpdateModel(boolean fixed, int maxRuns, boolean guarded) {
        this.fixed = fixed;
        this.maxRuns = maxRuns;
        ToyInfo b = new ToyInfo("lost_update").task("t0").task("t1");
        int max = 2 * maxRuns;
        counter = b.intSlot("counter", SlotKind.STATE, max);
        done = b.intSlot("done", SlotKind.GHOST, max);
        lockOwner =
                b.slot("lock counter_lock", SlotKind.LOCK_OWNER, 2, new ValueType.OwnerType(List.of("t0", "t1")), -1);
        for (int t = 0; t < 2; t++) {
            String task = "t" + t;
            op[t] = b.slot(
                    "task[" + task + "].op", SlotKind.TASK_OP, 1, new ValueType.OperationType(List.of("incr")), t);
            pc[t] = b.slot("task[" + task + "].pc", SlotKind.TASK_PC, 1, new ValueType.IntType(), t);
            tmp[t] = b.slot("task[" + task + "].tmp", SlotKind.TASK_LOCAL, max, new ValueType.IntType(), t);
            runs[t] = b.slot("runs[" + task + "]", SlotKind.GHOST, maxRuns, new ValueType.IntType(), t);
        }
        int incr = b.operation("incr", "load", "store");
        for (int t = 0; t < 2; t++) {
            b.action(t, incr);
            b.action(t, -1);
        }
        b.invariant("no_lost_update", 42).fix("counter_lock").lock("counter_lock", 0);
        if (guarded) {
            b.guard(counter, "counter_lock");
        }
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

    @Override
    public int apply(long[] src, int action, long[] dst) {
        dst[0] = src[0];
        int t = action / 2;
        boolean start = action % 2 == 0;
        if (start) {
            if (op[t].get(src) != 0 || runs[t].get(src) >= maxRuns) {
                return DISABLED;
            }
            op[t].set(dst, 1);
            runs[t].set(dst, runs[t].get(src) + 1);
            pc[t].set(dst, LOAD);
        } else if (op[t].get(src) == 0) {
            return DISABLED;
        }
        if (pc[t].get(dst) == LOAD) {
            if (fixed) {
                if (lockOwner.get(dst) != 0) {
                    return DISABLED;
                }
                lockOwner.set(dst, t + 1);
            }
            tmp[t].set(dst, counter.get(dst));
            pc[t].set(dst, STORE);
        } else {
            counter.set(dst, tmp[t].get(dst) + 1);
            done.set(dst, done.get(dst) + 1);
            if (fixed) {
                lockOwner.set(dst, 0);
            }
            op[t].set(dst, 0);
            pc[t].set(dst, 0);
            tmp[t].set(dst, 0);
        }
        return NO_OUTCOME;
    }

    @Override
    public int violatedInvariant(long[] state) {
        return violates(state, 0) ? 0 : -1;
    }

    @Override
    public boolean violates(long[] state, int invariant) {
        return counter.get(state) != done.get(state);
    }

    @Override
    public boolean idle(long[] state, int task) {
        return op[task].get(state) == 0;
    }

    @Override
    public int nextStep(long[] state, int task) {
        return idle(state, task) ? -1 : pc[task].get(state);
    }
}
