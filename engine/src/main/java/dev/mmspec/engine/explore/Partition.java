package dev.mmspec.engine.explore;

/**
 * One worker's share of the partitioned checking search: the fingerprints whose {@link Fingerprint#partition} is its
 * index. Only its owner reads or writes the table, so the hot path has no shared table and no compare-and-swap; what
 * the workers share is the {@link Ring}s between them, touched once per {@link Lookups} batch of {@link Lookups#SIZE}
 * successors.
 *
 * <p>Each partition grows its own table when its own load passes {@link Explorer#MAX_LOAD}, while the other workers go
 * on: no level is cut into rounds to leave room for growth.
 */
final class Partition {
    final int index;
    private FingerprintSet seen;
    /** Fingerprints stored in {@link #seen}. */
    private long stored;

    /** Stored fingerprints at which the table grows before the next insert: its load limit, computed once per size. */
    private long growAt;

    Partition(int index, int capacity) {
        this.index = index;
        this.seen = new FingerprintSet(capacity);
        this.growAt = limit(capacity);
    }

    /** @return the most fingerprints a table of {@code capacity} slots holds before it grows */
    private static long limit(int capacity) {
        return (long) (capacity * Explorer.MAX_LOAD);
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
        if (stored >= growAt && !grow(budget)) {
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
        growAt = limit(capacity);
        budget.release(old);
        return true;
    }
}
