package dev.mmspec.contract.sched;

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
 * Uncontrolled mode: real threads, real parallelism, {@link SchedulingHooks#NONE}. Each worker calls its body in a
 * loop; every {@code checkEvery} the workers meet at a barrier and, with all of them parked between operations (a
 * quiescent point), the check runs.
 */
public final class StressRunner {

    /**
     * @param operations bodies run, over all workers
     * @param checks quiescent checks run
     * @param failure the first exception a worker or a check threw, or null
     */
    public record Result(long operations, long checks, Throwable failure) {}

    /** How long after the end workers may take to finish their round before they count as hung. */
    private static final Duration HANG_GRACE = Duration.ofSeconds(30);

    private StressRunner() {}

    /**
     * @param workers how many threads
     * @param duration how long to run
     * @param checkEvery how often to stop the world and run {@code quiescentCheck}
     * @param body one operation of worker {@code i} (given its index)
     * @param quiescentCheck runs with every worker parked; throws to report a violation
     */
    public static Result run(
            int workers, Duration duration, Duration checkEvery, IntConsumer body, Runnable quiescentCheck) {
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
            Thread thread = new Thread(
                    () -> {
                        // A worker whose body failed stays in the rounds (without running bodies), so that the
                        // barrier always trips and the action can stop everyone.
                        try {
                            while (true) {
                                try {
                                    for (int k = 0; k < 16 && failure.get() == null; k++) {
                                        body.accept(worker);
                                        operations.incrementAndGet();
                                    }
                                } catch (RuntimeException | Error e) {
                                    failure.compareAndSet(null, e);
                                }
                                barrier.await();
                                if (stop.get()) {
                                    break;
                                }
                            }
                        } catch (InterruptedException | BrokenBarrierException e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "mmspec-stress-" + i);
            thread.setDaemon(true); // a hung worker must not keep the JVM alive
            threads.add(thread);
            thread.start();
        }
        long deadline = end + HANG_GRACE.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        StringBuilder stuck = new StringBuilder();
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                stuck.append("\n")
                        .append(thread.getName())
                        .append(" (")
                        .append(thread.getState())
                        .append("):");
                for (StackTraceElement frame : thread.getStackTrace()) {
                    stuck.append("\n    at ").append(frame);
                }
                thread.interrupt();
            }
        }
        if (stuck.length() > 0) {
            failure.compareAndSet(
                    null,
                    new IllegalStateException("workers still running " + HANG_GRACE.toSeconds()
                            + " s after the end (deadlock or livelock):" + stuck));
        }
        return new Result(operations.get(), checks.get(), failure.get());
    }
}
