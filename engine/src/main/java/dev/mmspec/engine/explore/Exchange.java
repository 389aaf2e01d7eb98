package dev.mmspec.engine.explore;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker's end of the partitioned search's traffic: the {@link Lookups} it is filling for each
 * other partition, the ones it has sent and not had back, and the ones back and free again.
 *
 * <p>A worker may have at most {@link #IN_FLIGHT} batches out to one owner: a sender whose owner is
 * descheduled stops there and answers its own requests while it waits, so memory stays bounded
 * and two waiting workers always answer each other.
 *
 * <p>The end of a level ({@link #settle}): a worker that has nothing left to expand sends its partly
 * filled batches, says so ({@link Shared#doneExpanding}) and keeps answering until every worker has
 * said so and its own batches are all back. A request is always queued before its sender says it is
 * done, so once all have, the requests a worker then drains are the last it will get.
 */
final class Exchange {
    /** Batches out to one owner before the sender waits: 16K successors, 640 KB on the bench spec. */
    static final int IN_FLIGHT = 64;

    /** What the workers of one partitioned search share beyond the partitions. */
    static final class Shared {
        private final AtomicInteger expanding = new AtomicInteger();
        private volatile boolean abandoned;

        /** Called with the workers stopped, before every level. */
        void startLevel(int workers) {
            expanding.set(workers);
        }

        void doneExpanding() {
            expanding.decrementAndGet();
        }

        boolean allDoneExpanding() {
            return expanding.get() == 0;
        }

        /** A worker failed: the others stop waiting for it. */
        void abandon() {
            abandoned = true;
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    /** Serves the requests and answers that have arrived; what a waiting worker does meanwhile. */
    interface Service {
        void serve();
    }

    private final Partition[] partitions;
    private final Partition mine;
    private final Shared shared;
    private final int words;
    private final Lookups[] filling;
    private final ArrayDeque<Lookups>[] free;
    private final int[] out;
    private int outTotal;

    @SuppressWarnings("unchecked")
    Exchange(Partition[] partitions, int self, Shared shared, int words) {
        this.partitions = partitions;
        this.mine = partitions[self];
        this.shared = shared;
        this.words = words;
        this.filling = new Lookups[partitions.length];
        this.free = new ArrayDeque[partitions.length];
        for (int p = 0; p < free.length; p++) {
            free[p] = new ArrayDeque<>();
        }
        this.out = new int[partitions.length];
    }

    /**
     * Adds successor {@code offset / words} of {@code states}, fingerprint {@code fingerprint}, to the
     * batch for its {@code owner}; sends the batch when full. Waits (serving) while {@code
     * IN_FLIGHT} batches are out to that owner. @return false if the search was abandoned meanwhile
     */
    boolean send(int owner, long fingerprint, long[] states, int offset, Service service) {
        Lookups batch = filling[owner];
        if (batch == null) {
            batch = filling[owner] = take(owner, service);
            if (batch == null) {
                return false;
            }
        }
        System.arraycopy(states, offset, batch.states, batch.count * words, words);
        batch.fingerprints[batch.count++] = fingerprint;
        if (batch.count == Lookups.SIZE) {
            post(batch);
        }
        return true;
    }

    private Lookups take(int owner, Service service) {
        for (int idle = 0; free[owner].isEmpty() && out[owner] >= IN_FLIGHT; idle++) {
            if (shared.abandoned()) {
                return null;
            }
            service.serve();
            pause(idle);
        }
        Lookups batch = free[owner].poll();
        return batch != null ? batch : new Lookups(words, mine.index, owner);
    }

    private void post(Lookups batch) {
        filling[batch.to] = null;
        out[batch.to]++;
        outTotal++;
        partitions[batch.to].requests.add(batch);
    }

    /** Sends every partly filled batch. */
    void flush() {
        for (Lookups batch : filling) {
            if (batch != null) {
                post(batch);
            }
        }
    }

    /** @return the next request of another worker to answer, or null */
    Lookups nextRequest() {
        return mine.requests.poll();
    }

    /** Sends an answered request back to its sender. */
    void answer(Lookups batch) {
        partitions[batch.from].answers.add(batch);
    }

    /** @return the next of this worker's batches answered, or null; the caller then {@link #recycle}s it */
    Lookups nextAnswer() {
        return mine.answers.poll();
    }

    void recycle(Lookups batch) {
        batch.count = 0;
        java.util.Arrays.fill(batch.fresh, 0L);
        out[batch.to]--;
        outTotal--;
        free[batch.to].add(batch);
    }

    /** This worker failed: the others stop waiting for it. */
    void abandon() {
        shared.abandon();
    }

    /** The end of this worker's level: see the class comment. */
    void settle(Service service) {
        flush();
        shared.doneExpanding();
        for (int idle = 0; !shared.abandoned(); idle++) {
            boolean last = shared.allDoneExpanding();
            service.serve();
            if (last && outTotal == 0) {
                return;
            }
            pause(idle);
        }
    }

    /**
     * Waits a little: spins first (the answer is usually a few microseconds away), then yields, then
     * sleeps, so that a worker waiting for a descheduled one does not burn the core it needs.
     */
    private static void pause(int idle) {
        if (idle < 64) {
            Thread.onSpinWait();
        } else if (idle < 128) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(50_000);
        }
    }
}
