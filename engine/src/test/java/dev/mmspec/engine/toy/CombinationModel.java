package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.List;

/**
 * A bug that random search cannot reach but the explorer finds at once: one task presses the digits 0..4 of a
 * combination lock ({@code press0} .. {@code press4}, one step {@code press} each); a right digit advances {@code pos},
 * a wrong one sets it back to 0. With the fix {@code last_digit_check} on, the last digit never opens the lock; with it
 * off, the 8-digit {@link #CODE} opens it, violating {@code stays_shut}. A random run hits the code with odds of 5^-8
 * per attempt; breadth-first search finds it in 9 states.
 *
 * <p>Actions: 0..4 {@code t0 pressD()}.
 */
public final class CombinationModel implements Model {
    public static final int[] CODE = {3, 1, 4, 1, 0, 2, 3, 1};

    private final boolean fixed;
    private final ModelInfo info;
    final Slot pos;
    final Slot op;

    public CombinationModel(boolean fixed) {
        this.fixed = fixed;
        ToyInfo b = new ToyInfo("combination").task("t0");
        pos = b.intSlot("pos", SlotKind.STATE, CODE.length);
        op = b.slot("task[t0].op", SlotKind.TASK_OP, 1, new ValueType.OperationType(List.of("press")), 0);
        for (int digit = 0; digit < 5; digit++) {
            b.action(0, b.operation("press" + digit, "press"));
        }
        b.invariant("stays_shut", 12).fix("last_digit_check");
        info = b.build();
    }

    /** @return where a press of {@code digit} leaves the lock at {@code position}, with the fix on or off. */
    static int next(int position, int digit, boolean fixed) {
        if (position >= CODE.length || CODE[position] != digit) {
            return digit == CODE[0] ? 1 : 0;
        }
        return fixed && position == CODE.length - 1 ? position : position + 1;
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
        pos.set(dst, next(pos.get(src), action, fixed));
        return NO_OUTCOME;
    }

    @Override
    public int violatedInvariant(long[] state) {
        return violates(state, 0) ? 0 : -1;
    }

    @Override
    public boolean violates(long[] state, int invariant) {
        return pos.get(state) == CODE.length;
    }

    @Override
    public boolean idle(long[] state, int task) {
        return true;
    }

    @Override
    public int nextStep(long[] state, int task) {
        return -1;
    }
}
