package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;

/** Wraps a model and sleeps in every {@code apply}: for tests of time budgets and progress reports. */
public final class SlowModel implements Model {
    private final Model inner;
    private final long sleepMillis;

    public SlowModel(Model inner, long sleepMillis) {
        this.inner = inner;
        this.sleepMillis = sleepMillis;
    }

    @Override
    public ModelInfo info() {
        return inner.info();
    }

    @Override
    public long fixesOff() {
        return inner.fixesOff();
    }

    @Override
    public void initialState(long[] out) {
        inner.initialState(out);
    }

    @Override
    public int apply(long[] src, int action, long[] dst) {
        try {
            Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return inner.apply(src, action, dst);
    }

    @Override
    public int violatedInvariant(long[] state) {
        return inner.violatedInvariant(state);
    }

    @Override
    public boolean violates(long[] state, int invariant) {
        return inner.violates(state, invariant);
    }

    @Override
    public boolean idle(long[] state, int task) {
        return inner.idle(state, task);
    }

    @Override
    public int nextStep(long[] state, int task) {
        return inner.nextStep(state, task);
    }
}
