package dev.mmspec.engine.explore;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One worker's share of the checking search: the fingerprints of the states whose {@link
 * Fingerprint#partition} it owns, the part of each level made of those states, and the successors
 * other workers hand it. Only its owner reads or writes its table and queues, so the hot path has
 * no shared table and no compare-and-swap; the one shared structure is the inbox, touched once per
 * {@link Handoff} of {@link Handoff#STATES} states.
 *
 * <p>Each partition grows its own table when its own load passes {@link Explorer#MAX_LOAD}, while the
 * other workers go on: no level is cut into rounds to leave room for growth.
 */
final class Partition {
    final int index;
    private FingerprintSet seen;
    /** Fingerprints stored in {@link #seen}. */
    private long stored;
    /** The level being expanded and the level being built: states owned here. */
    StateQueue frontier;
    StateQueue next;
    StateQueue.Appender out;
    /** Successors found by other workers, for this partition to look up and keep if new. */
    final ConcurrentLinkedQueue<Handoff> inbox = new ConcurrentLinkedQueue<>();
    /**
     * Handoffs this partition's worker filled and their owners emptied, back for reuse: a fresh
     * batch per 256 successors cost the sender an allocation and cold cache lines (12% of a worker
     * in a JFR profile of the 2-worker run).
     */
    final ConcurrentLinkedQueue<Handoff> emptied = new ConcurrentLinkedQueue<>();

    /** A batch of successors, each with its fingerprint, on its way to the partition that owns them. */
    static final class Handoff {
        /** Large enough that the inbox's one CAS per batch is noise, small enough to stay in the cache. */
        static final int STATES = 256;
        final long[] states;
        final long[] fingerprints = new long[STATES];
        /** The partition whose worker filled it, and gets it back once emptied. */
        final int from;
        int count;

        Handoff(int words, int from) {
            this.states = new long[STATES * words];
            this.from = from;
        }
    }

    Partition(int index, int capacity) {
        this.index = index;
        this.seen = new FingerprintSet(capacity);
    }

    int capacity() {
        return seen.capacity();
    }

    long bytes() {
        return seen.bytes();
    }

    long touch(long fingerprint) {
        return seen.touch(fingerprint);
    }

    /**
     * Stores {@code fingerprint} if new, growing the table first if it is full.
     *
     * @return 1 if stored, 0 if already there, -1 if the table is full and the budget refuses to grow it
     */
    int insert(long fingerprint, MemoryBudget budget) {
        if (stored + 1 > (long) (seen.capacity() * Explorer.MAX_LOAD) && !grow(budget)) {
            return -1;
        }
        if (seen.insertUnshared(fingerprint)) {
            stored++;
            return 1;
        }
        return 0;
    }

    private boolean grow(MemoryBudget budget) {
        int capacity = seen.nextCapacity();
        if (capacity <= seen.capacity() || !budget.tryReserve((long) capacity * FingerprintSet.SLOT_BYTES)) {
            return false;
        }
        long old = seen.bytes();
        seen.grow(capacity);
        budget.release(old);
        return true;
    }
}
