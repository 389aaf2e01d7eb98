package dev.mmspec.engine.explore;

/**
 * 64-bit fingerprints of packed states. The visited set stores only fingerprints, so two states with the same
 * fingerprint are taken to be one (as TLC does): with a well-mixed 64-bit hash the chance of any collision among n
 * states is about n² / 2⁶⁵ (one in 30 000 for 10⁷ states).
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** @return the fingerprint of {@code state}; never 0 (0 marks an empty slot). */
    public static long of(long[] state) {
        long h = 0x6A09E667F3BCC909L ^ state.length;
        for (long word : state) {
            h = Long.rotateLeft(h ^ mix(word), 29) * 0x9E3779B97F4A7C15L;
        }
        h = mix(h);
        return h == 0 ? 1 : h;
    }

    /** The splitmix64 / murmur3 finalizer: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Which of {@code parts} partitions owns a state: the one partitioned search in one JVM ({@link Partition}) and any
     * engine spreading a search over machines must agree on it, so it is part of the explorer's contract and does not
     * change. For a power of two it is a few low bits of the fingerprint, which the fingerprint tables' homes (its high
     * 32 bits) do not use, so every partition's table still fills evenly.
     *
     * @return a number in {@code 0 .. parts - 1}
     */
    public static int partition(long fingerprint, int parts) {
        if (parts > 0 && (parts & (parts - 1)) == 0) {
            // The same number as the remainder below, without a 64-bit division per successor.
            return (int) (fingerprint >>> 1) & (parts - 1);
        }
        return (int) Long.remainderUnsigned(fingerprint >>> 1, parts);
    }
}
