package dev.mmspec.engine.explore;

/**
 * The fingerprints one worker of the partitioned search looked up or asked about last, in a small direct-mapped table
 * that stays in the core's own cache: a successor found here is a repeat and is dropped at once. Otherwise a successor
 * of another worker's partition is copied into a batch, handed over, looked up by its owner in a table far larger than
 * the caches and answered; one of this worker's own costs a lookup. Repeats come close together because interleavings
 * do: the states of one level that a state's steps lead to follow each other in the next level, and their successors
 * meet again after two steps taken in either order (on the mid bench spec a table of 2^14 slots catches a quarter of
 * all successors, and a quarter of those handed over).
 *
 * <p>A fingerprint is put here only once this worker has looked it up or handed it over, so it is stored or on its way:
 * a fingerprint of this worker's partition was stored or found; one of another partition was handed to its owner, who
 * stores it before the level ends (and this worker keeps the state if the owner answers that it was new). Dropping the
 * repeat changes nothing but the work: the same states are stored, counted and checked, in the same levels. The shared
 * table does not use it: there a repeat's lookup finds its slot's line still in the cache, which the recent table's own
 * lines would only crowd out.
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
