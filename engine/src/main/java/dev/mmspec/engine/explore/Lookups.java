package dev.mmspec.engine.explore;

/**
 * A batch of successors whose fingerprints another partition owns: the sender asks the owner which are new, and keeps
 * the states themselves. Only the fingerprints go to the owner and only one bit per successor comes back, because every
 * cache line that crosses cores costs a transfer: shipping the states too (40 bytes a successor on the bench spec
 * instead of 8) made the handoff 29% of a 2-worker run in a JFR profile, against nothing for 1 worker.
 *
 * <p>Written by the sender ({@link #fingerprints}, {@link #count}, {@link #states}) until it is put in the owner's
 * request {@link Ring}; then written by the owner ({@link #fresh}) until it is put back in the sender's answer ring.
 * The rings order the two.
 */
final class Lookups {
    /** Large enough that a queue operation per batch is noise, small enough to stay in the cache. */
    static final int SIZE = 256;

    final long[] fingerprints = new long[SIZE];
    /** The owner's answer: bit i set if successor i was new (the owner stored it). */
    final long[] fresh = new long[SIZE / Long.SIZE];
    /** The successors' states, which only the sender reads. */
    final long[] states;
    /** The partitions of the sender and of the owner. */
    final int from;

    final int to;
    int count;

    Lookups(int words, int from, int to) {
        this.states = new long[SIZE * words];
        this.from = from;
        this.to = to;
    }

    boolean isFresh(int i) {
        return (fresh[i >>> 6] & (1L << i)) != 0;
    }
}
