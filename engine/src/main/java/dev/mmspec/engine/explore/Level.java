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
    /**
     * Slots of the table the current round may still fill, and what each chunk reserves of them before it is expanded
     * (0: no limit): the most it can insert. A chunk's unused reservation comes back when it is done, so a round runs
     * until the table really is about to pass its load factor, not for a count of chunks fixed in advance by the worst
     * case (with 2 workers that cost a barrier every few chunks, and whole rounds of one chunk).
     */
    private final AtomicLong slotsLeft = new AtomicLong();

    private long slotsPerChunk;
    /** Set by the first worker whose chunk could not reserve its slots: the others claim no more either. */
    private volatile boolean full;

    Level(long maxStates, long deadlineNanos, MemoryBudget budget) {
        this.maxStates = maxStates;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /** Sets up a round over chunks {@code [from, to)} with no limit on the slots; called with the workers stopped. */
    void startRound(StateQueue queue, int from, int to, boolean release) {
        startRound(queue, from, to, release, 0, 0);
    }

    /**
     * Sets up a round over chunks {@code [from, to)} that ends early, at a chunk boundary, once a chunk cannot reserve
     * {@code perChunk} of the {@code slots} left; called with the workers stopped. {@link #claimedEnd} then says where
     * the next round starts.
     *
     * @param perChunk the most new states one chunk can insert; 0 for no limit
     */
    void startRound(StateQueue queue, int from, int to, boolean release, long slots, long perChunk) {
        frontier = queue;
        releaseChunks = release;
        nextChunk.set(from);
        roundEnd = to;
        slotsLeft.set(slots);
        slotsPerChunk = perChunk;
        full = false;
    }

    /** @return the next chunk of the round, or -1. */
    int claim() {
        if (stopReason != null || full) {
            return -1;
        }
        if (slotsPerChunk > 0 && slotsLeft.addAndGet(-slotsPerChunk) < 0) {
            slotsLeft.addAndGet(slotsPerChunk);
            full = true;
            return -1;
        }
        int index = nextChunk.getAndIncrement();
        if (index < roundEnd) {
            return index;
        }
        slotsLeft.addAndGet(slotsPerChunk);
        return -1;
    }

    /** @return the end of the chunks the last round claimed: every chunk before it was expanded (unless stopped) */
    int claimedEnd() {
        return Math.min(nextChunk.get(), roundEnd);
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

    /**
     * @param insertedInChunk the states the chunk's expansion inserted: added to the stored count, and what it used of
     *     its reservation
     */
    void chunkDone(int index, int unprocessed, long insertedInChunk) {
        stored.addAndGet(insertedInChunk);
        if (slotsPerChunk > 0) {
            slotsLeft.addAndGet(slotsPerChunk - insertedInChunk);
        }
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
