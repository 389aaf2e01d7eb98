package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.engine.sut.ScheduledSystemUnderTest;
import dev.mmspec.engine.sut.WatchedAtomicInteger;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@link LostUpdateModel}'s counter with a runtime bug that skips a step point: {@code incr} passes {@code incr.load}
 * and then finishes, without stopping at {@code incr.store} where the model's task is still busy. The shape of
 * gup_dirty's writeback with {@code writeback_skips_mkclean}, which crashed the interrupted-step check ("task 2 has
 * nothing to resume").
 */
public final class SkippedPointSut extends ScheduledSystemUnderTest {
    private final Slot counterSlot;
    private final WatchedAtomicInteger counter = context().watch().atomicInteger("counter", 0);

    public SkippedPointSut(LostUpdateModel model) {
        super(List.of());
        this.counterSlot = model.counter;
    }

    @Override
    protected Callable<String> operation(int operation, int[] arguments) {
        return () -> {
            context().hooks().point("incr.load");
            counter.incrementAndGet();
            return "";
        };
    }

    @Override
    public void abstractState(long[] out) {
        counterSlot.set(out, Math.min(counter.peek(), counterSlot.high()));
    }
}
