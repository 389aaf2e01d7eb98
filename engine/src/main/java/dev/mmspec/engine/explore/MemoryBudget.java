package dev.mmspec.engine.explore;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the explorer may still allocate for its visited set and queues. Every large allocation reserves its size
 * first; when the reservation fails, the explorer stops cleanly with INCOMPLETE instead of running into an
 * {@link OutOfMemoryError} that would lose everything found so far.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** @return a budget of {@code configured} bytes, or (0) most of the heap that is free now. */
    static MemoryBudget of(long configured) {
        if (configured > 0) {
            return new MemoryBudget(configured);
        }
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        return new MemoryBudget((long) ((runtime.maxMemory() - used) * 0.8));
    }

    /** @return whether {@code bytes} could be reserved. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > limit) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }

    long limit() {
        return limit;
    }
}
