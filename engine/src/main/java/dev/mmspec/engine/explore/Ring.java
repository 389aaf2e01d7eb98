package dev.mmspec.engine.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer queue of {@link Lookups} from one worker to another: the partitioned search has one
 * for the requests of each ordered pair of workers and one for the answers. It never fills: a sender has at most
 * {@link Exchange#IN_FLIGHT} batches out to one owner, in that owner's request ring or in the sender's answer ring, and
 * each ring has that many slots. So the producer never reads the consumer's position, and the only word both sides
 * touch is the published tail, on a cache line of its own; each side keeps its own position in its {@link Exchange},
 * and the consumer reads the tail again only when it has caught up with the last one it saw. A
 * {@code ConcurrentLinkedQueue} here allocated a node per batch and had both workers poll the line its producer had
 * just written (4% of a 2-worker run's samples in {@code offer} alone).
 */
final class Ring {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** The tail sits in the middle of its array, 64 bytes from either end and so from other objects. */
    private static final int TAIL = 8;

    private final Lookups[] slots;
    private final int mask;
    private final long[] tail = new long[2 * TAIL + 1];

    Ring(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.slots = new Lookups[capacity];
        this.mask = capacity - 1;
    }

    /** The producer: puts {@code batch} at its position {@code position} and publishes position + 1. */
    void put(long position, Lookups batch) {
        slots[(int) position & mask] = batch;
        LONGS.setRelease(tail, TAIL, position + 1);
    }

    /** The consumer: the published tail (positions below it hold batches). */
    long published() {
        return (long) LONGS.getAcquire(tail, TAIL);
    }

    /** The consumer: the batch at {@code position}, below {@link #published}. */
    Lookups at(long position) {
        // Not cleared: the slot's next batch overwrites it, and the batches are reused anyway.
        return slots[(int) position & mask];
    }
}
