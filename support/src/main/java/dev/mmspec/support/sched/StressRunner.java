package dev.mmspec.support.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Uncontrolled mode: real threads, real parallelism, {@link SchedulingHooks#NONE}. Each worker
 * calls its body in a loop; every {@code checkEvery} the workers meet at a barrier and, with all of
 * them parked between operations (a quiescent point), the check runs.
 */
public final class StressRunner {

    /**
     * @param operations bodies run, over all workers
     * @param checks quiescent checks run
     * @param failure the first exception a worker or a check threw, or null
     */
    public record Result(long operations, long checks, Throwable failure) {}

    private StressRunner() {}

    /**
     * @param workers how many threads
     * @param duration how long to run
     * @param checkEvery how often to stop the world and run {@code quiescentCheck}
     * @param body one operation of worker {@code i} (given its index)
     * @param quiescentCheck runs with every worker parked; throws to report a violation
     */
    public static Result run(int workers, Duration duration, Duration checkEvery, IntConsumer body, Runnable quiescentCheck) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(quiescentCheck, "quiescentCheck");
        AtomicLong operations = new AtomicLong();
        AtomicLong checks = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong nextCheck = new AtomicLong(System.nanoTime() + checkEvery.toNanos());
        AtomicBoolean stop = new AtomicBoolean();
        // The barrier action decides for everyone, so that all workers leave the same round.
        CyclicBarrier barrier = new CyclicBarrier(workers, () -> {
            long now = System.nanoTime();
            boolean last = now > end || failure.get() != null;
            if (last || now > nextCheck.get()) {
                try {
                    quiescentCheck.run();
                    checks.incrementAndGet();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
                nextCheck.set(System.nanoTime() + checkEvery.toNanos());
            }
            stop.set(last || failure.get() != null);
        });
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        for (int k = 0; k < 16 && failure.get() == null; k++) {
                            body.accept(worker);
                            operations.incrementAndGet();
                        }
                        barrier.await();
                        if (stop.get()) {
                            break;
                        }
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    failure.compareAndSet(null, e);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    barrier.reset();
                }
            }, "mmspec-stress-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        return new Result(operations.get(), checks.get(), failure.get());
    }
}
