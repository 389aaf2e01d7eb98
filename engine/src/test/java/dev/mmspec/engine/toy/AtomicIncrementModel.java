package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.List;

/**
 * A counter that two tasks increment in one atomic step ({@code incr.add}: the spec's compare-and-swap), each at most
 * {@code maxRuns} times. No lock, no invariant but the bound: what the implementation must get right is the step's
 * atomicity.
 *
 * <p>Actions: 0 {@code t0 incr()}, 1 {@code t0 continue}, 2 {@code t1 incr()}, 3 {@code t1 continue}.
 */
public final class AtomicIncrementModel implements Model {
    private final int maxRuns;
    private final ModelInfo info;
    final Slot counter;
    final Slot[] op = new Slot[2];
    final Slot[] runs = new Slot[2];

    public AtomicIncrementModel(int maxRuns) {
        this.maxRuns = maxRuns;
        ToyInfo b = new ToyInfo("atomic_increment").task("t0").task("t1");
        counter = b.intSlot("counter", SlotKind.STATE, 2 * maxRuns);
        for (int t = 0; t < 2; t++) {
            String task = "t" + t;
            op[t] = b.slot(
                    "task[" + task + "].op", SlotKind.TASK_OP, 1, new ValueType.OperationType(List.of("incr")), t);
            runs[t] = b.slot("runs[" + task + "]", SlotKind.GHOST, maxRuns, new ValueType.IntType(), t);
        }
        int incr = b.operation("incr", "add");
        for (int t = 0; t < 2; t++) {
            b.action(t, incr);
            b.action(t, -1);
        }
        info = b.build();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public long fixesOff() {
        return 0;
    }

    @Override
    public void initialState(long[] out) {
        out[0] = 0;
    }

    @Override
    public int apply(long[] src, int action, long[] dst) {
        dst[0] = src[0];
        int t = action / 2;
        if (action % 2 != 0 || op[t].get(src) != 0 || runs[t].get(src) >= maxRuns) {
            return DISABLED; // the one step runs as the operation starts; there is never a step to continue
        }
        runs[t].set(dst, runs[t].get(src) + 1);
        counter.set(dst, counter.get(src) + 1);
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
        return idle(state, task) ? -1 : 0;
    }
}
