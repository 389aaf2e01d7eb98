package dev.mmspec.engine.explore;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker's end of the partitioned search's traffic: the {@link Lookups} it is filling for each
 * other partition, the ones it has sent and not had back, and the ones back and free again. Batches
 * go through one {@link Ring} per ordered pair of workers each way.
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

    /** What the workers of one partitioned search share beyond the partitions: the rings and the level's end. */
    static final class Shared {
        private final AtomicInteger expanding = new AtomicInteger();
        private volatile boolean abandoned;
        /** {@code requests[from][to]} and {@code answers[to][from]}: null on the diagonal. */
        private final Ring[][] requests;
        private final Ring[][] answers;

        Shared(int workers) {
            requests = new Ring[workers][workers];
            answers = new Ring[workers][workers];
            for (int a = 0; a < workers; a++) {
                for (int b = 0; b < workers; b++) {
                    if (a != b) {
                        requests[a][b] = new Ring(IN_FLIGHT);
                        answers[a][b] = new Ring(IN_FLIGHT);
                    }
                }
            }
        }

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

    private final Partition mine;
    private final Shared shared;
    private final int words;
    private final Lookups[] filling;
    private final ArrayDeque<Lookups>[] free;
    private final int[] out;
    private int outTotal;
    /** This worker's rings: requests it sends and answers it gets back, per owner; requests it gets and answers it sends, per sender. */
    private final Ring[] requestsOut;
    private final Ring[] answersIn;
    private final Ring[] requestsIn;
    private final Ring[] answersOut;
    /** Per ring above, this worker's position in it (and, for the two it reads, the tail it last saw). */
    private final long[] requestsSent;
    private final long[] answersTaken;
    private final long[] answersSeen;
    private final long[] requestsTaken;
    private final long[] requestsSeen;
    private final long[] answersSent;
    /** The other workers, and where the next look for a request and for an answer starts among them. */
    private final int[] others;
    private int nextAsker;
    private int nextOwner;

    @SuppressWarnings("unchecked")
    Exchange(Partition[] partitions, int self, Shared shared, int words) {
        int n = partitions.length;
        this.mine = partitions[self];
        this.shared = shared;
        this.words = words;
        this.filling = new Lookups[n];
        this.free = new ArrayDeque[n];
        for (int p = 0; p < free.length; p++) {
            free[p] = new ArrayDeque<>();
        }
        this.out = new int[n];
        this.requestsOut = shared.requests[self];
        this.answersIn = new Ring[n];
        this.requestsIn = new Ring[n];
        this.answersOut = new Ring[n];
        for (int p = 0; p < n; p++) {
            if (p != self) {
                answersIn[p] = shared.answers[p][self];
                requestsIn[p] = shared.requests[p][self];
                answersOut[p] = shared.answers[self][p];
            }
        }
        this.requestsSent = new long[n];
        this.answersTaken = new long[n];
        this.answersSeen = new long[n];
        this.requestsTaken = new long[n];
        this.requestsSeen = new long[n];
        this.answersSent = new long[n];
        this.others = new int[n - 1];
        for (int p = 0, k = 0; p < n; p++) {
            if (p != self) {
                others[k++] = p;
            }
        }
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
        requestsOut[batch.to].put(requestsSent[batch.to]++, batch);
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
        for (int k = 0; k < others.length; k++) {
            int p = others[nextAsker];
            nextAsker = nextAsker + 1 == others.length ? 0 : nextAsker + 1;
            if (requestsTaken[p] == requestsSeen[p]) {
                requestsSeen[p] = requestsIn[p].published();
            }
            if (requestsTaken[p] < requestsSeen[p]) {
                return requestsIn[p].at(requestsTaken[p]++);
            }
        }
        return null;
    }

    /** Sends an answered request back to its sender. */
    void answer(Lookups batch) {
        answersOut[batch.from].put(answersSent[batch.from]++, batch);
    }

    /** @return the next of this worker's batches answered, or null; the caller then {@link #recycle}s it */
    Lookups nextAnswer() {
        for (int k = 0; k < others.length; k++) {
            int p = others[nextOwner];
            nextOwner = nextOwner + 1 == others.length ? 0 : nextOwner + 1;
            if (answersTaken[p] == answersSeen[p]) {
                answersSeen[p] = answersIn[p].published();
            }
            if (answersTaken[p] < answersSeen[p]) {
                return answersIn[p].at(answersTaken[p]++);
            }
        }
        return null;
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
