package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;

/**
 * One task, one single-step operation {@code bump} that increments {@code x} (0..1) with no bound check: the second
 * bump is a model error ("x out of bounds"). Actions: 0 {@code t0 bump()}, 1 {@code t0 continue} (never enabled: bump
 * has one step).
 */
public final class BumpModel implements Model {
    private final ModelInfo info;
    final Slot x;

    public BumpModel() {
        ToyInfo b = new ToyInfo("bump").task("t0");
        x = b.intSlot("x", SlotKind.STATE, 1);
        int bump = b.operation("bump", "add");
        b.action(0, bump);
        b.action(0, -1);
        b.error("x := x + 1 is out of bounds 0..1");
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
        if (action != 0) {
            return DISABLED;
        }
        if (x.get(src) == 1) {
            return -2;
        }
        x.set(dst, 1);
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
        return true;
    }

    @Override
    public int nextStep(long[] state, int task) {
        return -1;
    }
}
