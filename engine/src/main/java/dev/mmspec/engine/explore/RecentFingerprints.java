package dev.mmspec.engine.explore;

/**
 * The fingerprints of other workers' partitions that one worker of the partitioned search asked about last, in a small
 * direct-mapped table that stays in the core's own cache: a successor found here is a repeat and is dropped at once,
 * instead of being copied into a batch, handed over, looked up by its owner in a table far larger than the caches and
 * answered. Repeats come close together because interleavings do: the states of one level that a state's steps lead to
 * follow each other in the next level, and their successors meet again after two steps taken in either order (on the
 * mid bench spec, 2 workers, a table of 2^14 slots catches about a quarter of the successors that would be handed
 * over).
 *
 * <p>A fingerprint is put here only once this worker has handed it to its owner, who stores it before the level ends
 * (and this worker keeps the state if the owner answers that it was new), so a repeat needs nothing: the same states
 * are stored, counted and checked, in the same levels. Successors of the worker's own partition do not use it, nor does
 * the shared table: there a repeat's lookup finds its slot's line still in the cache, and this table's lines would only
 * crowd the cache (measured: about 10% more CPU with 1 worker, which has nothing to hand over).
 */
final class RecentFingerprints {
    /** 2^14 slots of 8 bytes: 128 KB, half a core's L2 cache on the machines measured. */
    static final int BITS = 14;

    private final long[] slots = new long[1 << BITS];
    private final int mask = slots.length - 1;

    /**
     * @return whether {@code fingerprint} (never 0) was among the last ones recorded in its slot; if not, records it
     *     there (so the caller must look it up)
     */
    boolean repeat(long fingerprint) {
        // Bits 24..37: not the ones that choose the partition (the lowest) nor the table's home (the high 32).
        int slot = (int) (fingerprint >>> 24) & mask;
        if (slots[slot] == fingerprint) {
            return true;
        }
        slots[slot] = fingerprint;
        return false;
    }
}
