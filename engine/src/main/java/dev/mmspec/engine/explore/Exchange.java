package dev.mmspec.engine.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker's end of the partitioned search's traffic: the {@link Lookups} it is filling for each other partition, the
 * ones it has sent and not had back, and the ones back and free again. Batches go through one {@link Ring} per ordered
 * pair of workers each way.
 *
 * <p>A worker may have at most {@link #IN_FLIGHT} batches out to one owner: a sender whose owner is descheduled stops
 * there and answers its own requests while it waits, so memory stays bounded and two waiting workers always answer each
 * other.
 *
 * <p>The end of a level ({@link #settle}): a worker that has nothing left to expand sends its partly filled batches,
 * says so ({@link Shared#doneExpanding}) and keeps answering until every worker has said so and its own batches are all
 * back. A request is always queued before its sender says it is done, so once all have, the requests a worker then
 * drains are the last it will get.
 */
final class Exchange {
    /** Batches out to one owner before the sender waits: 16K successors, 640 KB on the bench spec. */
    static final int IN_FLIGHT = 64;

    /** What the workers of one partitioned search share beyond the partitions: the rings and the level's end. */
    static final class Shared {
        private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
        /** Each worker's "parked, wake me" flag, 64 bytes apart so that setting one does not disturb another's line. */
        private static final int STRIDE = 16;

        private final AtomicInteger expanding = new AtomicInteger();
        private volatile boolean abandoned;
        private final int[] parked;
        /** The thread of each worker in the current level (pool threads may change between levels). */
        private final Thread[] threads;
        /** {@code requests[from][to]} and {@code answers[to][from]}: null on the diagonal. */
        private final Ring[][] requests;

        private final Ring[][] answers;

        Shared(int workers) {
            parked = new int[(workers + 1) * STRIDE];
            threads = new Thread[workers];
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

        /** Called by each worker on the thread it runs the level on, before it sends anything. */
        void register(int worker) {
            threads[worker] = Thread.currentThread();
        }

        void doneExpanding() {
            if (expanding.decrementAndGet() == 0) {
                wakeAll();
            }
        }

        /**
         * Wakes {@code worker} if it is parked. Called after every batch put in one of its rings: the ring's tail is
         * written first and the flag read after a full fence, and a worker sets its flag before it looks at its rings a
         * last time, so one of the two sees the other.
         */
        void wake(int worker) {
            VarHandle.fullFence();
            if ((int) INTS.getVolatile(parked, (worker + 1) * STRIDE) != 0) {
                LockSupport.unpark(threads[worker]);
            }
        }

        private void wakeAll() {
            for (int w = 0; w < threads.length; w++) {
                wake(w);
            }
        }

        void parking(int worker, boolean on) {
            INTS.setVolatile(parked, (worker + 1) * STRIDE, on ? 1 : 0);
        }

        boolean allDoneExpanding() {
            return expanding.get() == 0;
        }

        /** A worker failed: the others stop waiting for it. */
        void abandon() {
            abandoned = true;
            wakeAll();
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
    private final int self;
    private final Shared shared;
    private final int words;
    private final Lookups[] filling;
    private final ArrayDeque<Lookups>[] free;
    private final int[] out;
    private int outTotal;
    /**
     * This worker's rings: requests it sends and answers it gets back, per owner; requests it gets and answers it
     * sends, per sender.
     */
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
        this.self = self;
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
     * Adds successor {@code offset / words} of {@code states}, fingerprint {@code fingerprint}, to the batch for its
     * {@code owner}; sends the batch when full. Waits (serving) while {@code IN_FLIGHT} batches are out to that
     * owner. @return false if the search was abandoned meanwhile
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
        long since = 0;
        while (free[owner].isEmpty() && out[owner] >= IN_FLIGHT) {
            if (shared.abandoned()) {
                return null;
            }
            service.serve();
            if (free[owner].isEmpty() && out[owner] >= IN_FLIGHT) {
                since = pause(since, service);
            }
        }
        Lookups batch = free[owner].poll();
        return batch != null ? batch : new Lookups(words, mine.index, owner);
    }

    private void post(Lookups batch) {
        filling[batch.to] = null;
        out[batch.to]++;
        outTotal++;
        requestsOut[batch.to].put(requestsSent[batch.to]++, batch);
        shared.wake(batch.to);
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
        shared.wake(batch.from);
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
        long since = 0;
        while (!shared.abandoned()) {
            boolean last = shared.allDoneExpanding();
            service.serve();
            if (last && outTotal == 0) {
                return;
            }
            since = pause(since, service);
        }
    }

    /** Called by the worker on its thread at the start of each level. */
    void register() {
        shared.register(self);
    }

    /**
     * Waits for something to arrive: spins first (on a quiet machine the answer is a few microseconds away), then parks
     * until another worker puts a batch in one of this worker's rings, finishes expanding or gives up
     * ({@link Shared#wake}). A worker waiting for one that is descheduled (on a shared machine) so burns no CPU:
     * spinning or sleeping in short steps there cost as much CPU as the waiting took. The caller serves, then checks
     * again, after each return.
     *
     * @param since when this wait started ({@link System#nanoTime}), or 0 for a new wait
     * @return the same, for the next call
     */
    private long pause(long since, Service service) {
        long now = System.nanoTime();
        if (since == 0) {
            since = now == 0 ? 1 : now;
        }
        if (now - since < SPIN_NANOS) {
            Thread.onSpinWait();
            return since;
        }
        shared.parking(self, true);
        // Whatever arrived before the flag was up is served now; whatever arrives after wakes this worker.
        service.serve();
        if (!somethingArrived() && !shared.abandoned() && !(shared.allDoneExpanding() && outTotal == 0)) {
            LockSupport.parkNanos(PARK_NANOS);
        }
        shared.parking(self, false);
        return since;
    }

    /** How long a wait spins before it parks. */
    private static final long SPIN_NANOS = 20_000;
    /** A parked worker looks again at least this often, whether woken or not. */
    private static final long PARK_NANOS = 1_000_000;

    /** @return whether a ring into this worker holds a batch it has not taken */
    private boolean somethingArrived() {
        for (int p : others) {
            if (requestsTaken[p] < requestsIn[p].published() || answersTaken[p] < answersIn[p].published()) {
                return true;
            }
        }
        return false;
    }
}
