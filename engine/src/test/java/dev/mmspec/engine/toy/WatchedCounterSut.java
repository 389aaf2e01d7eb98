package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.engine.sut.ScheduledSystemUnderTest;
import dev.mmspec.engine.sut.WatchedAtomicInteger;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@link AtomicIncrementModel}'s counter on a watched atomic, run as simulated tasks: with {@code compareAndSwap} a CAS
 * loop, else a {@code get} then a {@code set} in the one step, the check-then-set that loses an update when another
 * task runs between them.
 */
public final class WatchedCounterSut extends ScheduledSystemUnderTest {
    private final boolean compareAndSwap;
    private final Slot counterSlot;
    private final WatchedAtomicInteger counter = context().watch().atomicInteger("counter", 0);

    public WatchedCounterSut(AtomicIncrementModel model, boolean compareAndSwap) {
        super(List.of());
        this.compareAndSwap = compareAndSwap;
        this.counterSlot = model.counter;
    }

    @Override
    protected Callable<String> operation(int operation, int[] arguments) {
        return () -> {
            context().hooks().point("incr.add");
            if (compareAndSwap) {
                counter.updateAndGet(v -> v + 1);
            } else {
                int seen = counter.get();
                counter.set(seen + 1);
            }
            return "";
        };
    }

    @Override
    public void abstractState(long[] out) {
        counterSlot.set(out, Math.min(counter.peek(), counterSlot.high()));
    }
}
