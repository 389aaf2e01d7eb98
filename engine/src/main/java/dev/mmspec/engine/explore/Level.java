package dev.mmspec.engine.explore;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the workers of one exploration share: which chunk of the current round is next, how many states are stored, and
 * whether a limit asked everyone to stop. Limits are checked between states, so stopping never leaves a state half
 * inserted.
 */
final class Level {
    private final AtomicInteger nextChunk = new AtomicInteger();
    private volatile int roundEnd;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong partiallyProcessed = new AtomicLong();
    private volatile String stopReason;
    private final long maxStates;
    private final long deadlineNanos;
    private final MemoryBudget budget;
    private StateQueue frontier;
    private boolean releaseChunks;

    Level(long maxStates, long deadlineNanos, MemoryBudget budget) {
        this.maxStates = maxStates;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /** Sets up a round over chunks {@code [from, to)}; called with the workers stopped. */
    void startRound(StateQueue queue, int from, int to, boolean release) {
        frontier = queue;
        releaseChunks = release;
        nextChunk.set(from);
        roundEnd = to;
    }

    /** @return the next chunk of the round, or -1. */
    int claim() {
        if (stopReason != null) {
            return -1;
        }
        int index = nextChunk.getAndIncrement();
        return index < roundEnd ? index : -1;
    }

    /**
     * @param pending states this worker inserted in its current chunk, not yet in the shared count
     * @param readClock whether to check the time budget too (reading the clock for every state would cost more than
     *     some states take)
     * @return whether to stop before expanding another state
     */
    boolean stopRequested(long pending, boolean readClock) {
        if (stopReason != null) {
            return true;
        }
        if (stored.get() + pending >= maxStates) {
            stop("state budget");
            return true;
        }
        if (deadlineNanos != 0 && readClock && System.nanoTime() - deadlineNanos > 0) {
            stop("time budget");
            return true;
        }
        return false;
    }

    void chunkDone(int index, int unprocessed, long insertedInChunk) {
        stored.addAndGet(insertedInChunk);
        if (unprocessed == 0) {
            if (releaseChunks) {
                frontier.release(index);
                budget.release(frontier.chunkBytes());
            }
        } else {
            partiallyProcessed.addAndGet(frontier.chunk(index).count - unprocessed);
        }
    }

    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    String stopReason() {
        return stopReason;
    }

    long stored() {
        return stored.get();
    }

    void addStored(long n) {
        stored.addAndGet(n);
    }

    void addPartiallyProcessed(long n) {
        partiallyProcessed.addAndGet(n);
    }

    long partiallyProcessed() {
        return partiallyProcessed.get();
    }
}
