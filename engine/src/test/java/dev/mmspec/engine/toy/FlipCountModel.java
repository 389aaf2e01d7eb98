package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import java.util.Arrays;

/**
 * A state space with steps back to earlier levels, which the other toy models lack (their counters only grow): task
 * {@code t0} flips {@code x} between 0 and 1 with the one-step operation {@code flip}, task {@code t1} raises {@code c}
 * up to {@code max} with {@code count}. The {@code 2 * (max + 1)} states {@code (x, c)} lie at depth {@code c + x}, and
 * two flips lead from {@code (0, c)} back to it two levels later: a search that forgot a state of an earlier level
 * would store it again and count too many. {@code 4 * max + 2} transitions (a flip everywhere, a count below max).
 *
 * <p>Actions: 0 {@code t0 flip()}, 1 {@code t0 continue}, 2 {@code t1 count()}, 3 {@code t1 continue} (the continues
 * are never enabled: both operations have one step).
 */
public final class FlipCountModel implements Model {
    private final int max;
    private final ModelInfo info;
    final Slot x;
    final Slot c;

    public FlipCountModel(int max) {
        this.max = max;
        ToyInfo b = new ToyInfo("flip_count").task("t0").task("t1");
        x = b.intSlot("x", SlotKind.STATE, 1);
        c = b.intSlot("c", SlotKind.STATE, max);
        int flip = b.operation("flip", "toggle");
        int count = b.operation("count", "raise");
        b.action(0, flip);
        b.action(0, -1);
        b.action(1, count);
        b.action(1, -1);
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
        Arrays.fill(out, 0);
    }

    @Override
    public int apply(long[] src, int action, long[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
        if (action == 0) {
            x.set(dst, 1 - x.get(src));
            return NO_OUTCOME;
        }
        if (action == 2 && c.get(src) < max) {
            c.set(dst, c.get(src) + 1);
            return NO_OUTCOME;
        }
        return DISABLED;
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
        return true;
    }

    @Override
    public int nextStep(long[] state, int task) {
        return -1;
    }
}
