package dev.mmspec.engine.sut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WatchedPrimitivesTest {

    /** Two tasks increment one counter; the scheduler alternates them at every watched access. */
    private static int alternatingIncrements(Function<WatchedAtomicInteger, Callable<String>> increment) {
        try (ControlledScheduler scheduler = new ControlledScheduler(label -> true, Duration.ofSeconds(5))) {
            Watch watch = new Watch(scheduler.hooks(), event -> {}, scheduler::currentTask);
            WatchedAtomicInteger counter = watch.atomicInteger("count", 0);
            scheduler.start(0, increment.apply(counter));
            scheduler.start(1, increment.apply(counter));
            while (scheduler.busy(0) || scheduler.busy(1)) {
                for (int task = 0; task < 2; task++) {
                    if (scheduler.busy(task)) {
                        scheduler.resume(task);
                    }
                }
            }
            return counter.peek();
        }
    }

    @Test
    void checkThenSetLosesAnUpdateWhenInterleavedAtItsWatchedAccesses() {
        int count = alternatingIncrements(counter -> () -> {
            int seen = counter.get();
            counter.set(seen + 1);
            return "";
        });
        assertEquals(1, count, "both tasks read 0 before either wrote: one increment is lost");
    }

    @Test
    void compareAndSwapKeepsBothUpdatesUnderTheSameInterleaving() {
        assertEquals(2, alternatingIncrements(counter -> () -> {
            counter.updateAndGet(v -> v + 1);
            return "";
        }));
    }

    @Test
    void aTaskWaitingForAWatchedLockParksAsBlockedAndEveryEventNamesTheSpecLock() {
        List<SpecLockEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (ControlledScheduler scheduler =
                new ControlledScheduler(label -> !Watch.isWatchPoint(label), Duration.ofSeconds(5))) {
            Watch watch = new Watch(scheduler.hooks(), events::add, scheduler::currentTask);
            WatchedLock lock = watch.lock("bucket_lock", 1);
            Callable<String> critical = () -> {
                lock.lock();
                scheduler.hooks().point("inside");
                lock.unlock();
                return "done";
            };
            assertEquals("POINT inside", scheduler.start(0, critical).toString());
            Stop waiting = scheduler.start(1, critical);
            assertEquals(Stop.Kind.BLOCKED, waiting.kind());
            assertEquals("bucket_lock[1]", waiting.label());
            assertEquals("FINISHED done", scheduler.resume(0).toString());
            assertNull(scheduler.blockedOn(1), "the release wakes the waiter");
            assertEquals("POINT inside", scheduler.resume(1).toString());
            assertEquals("FINISHED done", scheduler.resume(1).toString());
        }
        List<String> seen = events.stream()
                .map(e -> e.task() + " " + e.kind() + " " + e.instance())
                .toList();
        assertEquals(
                List.of(
                        "0 ACQUIRE bucket_lock[1]",
                        "0 RELEASE bucket_lock[1]",
                        "1 ACQUIRE bucket_lock[1]",
                        "1 RELEASE bucket_lock[1]"),
                seen);
        assertTrue(
                events.get(0).site().contains("lambda"),
                "the site is the caller, not the lock: " + events.get(0).site());
    }

    @Test
    void stepsRunThroughWatchedAccessesUnlessInterruptedAtOne() {
        class Counting extends ScheduledSystemUnderTest {
            final WatchedAtomicInteger counter = context().watch().atomicInteger("count", 0);

            Counting() {
                super(Set.of());
            }

            @Override
            protected Callable<String> operation(int operation, int[] arguments) {
                return () -> {
                    context().hooks().point("inc.read");
                    int seen = counter.get();
                    counter.set(seen + 1);
                    context().hooks().point("inc.done");
                    return "";
                };
            }

            @Override
            public void abstractState(long[] out) {}
        }
        try (Counting sut = new Counting()) {
            assertEquals("inc.read", sut.start(0, 0, new int[0]).nextLabel());
            StepReport whole = sut.step(0);
            assertEquals("inc.done", whole.nextLabel(), "watched accesses are not step points");
            assertFalse(whole.interrupted());
            sut.step(0);
            sut.start(0, 0, new int[0]);
            StepReport stopped = sut.stepInterrupted(0, 2);
            assertTrue(stopped.interrupted());
            assertEquals("watch:count.set", stopped.nextLabel());
            assertEquals(1, sut.counter.peek(), "stopped before the set");
            assertEquals("inc.done", sut.step(0).nextLabel());
            assertEquals(2, sut.counter.peek());
        }
    }

    @Test
    void noneMakesPlainPrimitives() {
        WatchedLock lock = Watch.NONE.lock("cache_lock");
        lock.lock();
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        WatchedAtomicLong value = Watch.NONE.atomicLong("n", 41);
        assertEquals(42, value.incrementAndGet());
        WatchedAtomicReference<String> ref = Watch.NONE.atomicReference("r", "a");
        assertTrue(ref.compareAndSet("a", "b"));
        assertEquals("b", ref.get());
    }
}
