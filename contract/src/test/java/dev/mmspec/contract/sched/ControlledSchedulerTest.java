package dev.mmspec.contract.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ControlledSchedulerTest {

    private static ControlledScheduler stepsOnly() {
        return new ControlledScheduler(label -> !label.startsWith("lock:"), Duration.ofSeconds(5));
    }

    @Test
    void taskStopsAtEachAcceptedPointAndFinishesWithItsOutcome() {
        try (ControlledScheduler s = stepsOnly()) {
            SchedulingHooks hooks = s.hooks();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Stop first = s.start(0, () -> {
                hooks.point("op.a");
                log.add("a");
                hooks.point("lock:ptl");
                hooks.point("op.b");
                log.add("b");
                return "EAGAIN";
            });
            assertEquals(new Stop(Stop.Kind.POINT, "op.a", "", null), first);
            assertEquals(List.of(), log);
            assertEquals("op.b", s.resume(0).label());
            assertEquals(List.of("a"), log);
            Stop end = s.resume(0);
            assertEquals(Stop.Kind.FINISHED, end.kind());
            assertEquals("EAGAIN", end.outcome());
            assertFalse(s.busy(0));
        }
    }

    @Test
    void onlyOneTaskRunsAndInterleavingFollowsTheController() {
        try (ControlledScheduler s = stepsOnly()) {
            SchedulingHooks hooks = s.hooks();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 2; t++) {
                int task = t;
                s.start(task, () -> {
                    for (int i = 0; i < 3; i++) {
                        hooks.point("step");
                        log.add(task + ":" + i);
                    }
                    return "";
                });
            }
            s.resume(1);
            s.resume(0);
            s.resume(0);
            s.resume(1);
            s.resume(1);
            s.resume(0);
            assertEquals(List.of("1:0", "0:0", "0:1", "1:1", "1:2", "0:2"), log);
        }
    }

    @Test
    void taskRunsSeveralBodiesOneAfterAnother() {
        try (ControlledScheduler s = stepsOnly()) {
            assertEquals("one", s.start(3, () -> "one").outcome());
            assertEquals("two", s.start(3, () -> "two").outcome());
            assertEquals(
                    "3", s.start(3, () -> Integer.toString(s.currentTask())).outcome(), "currentTask inside a task");
        }
    }

    @Test
    void startingABusyTaskIsRefused() {
        try (ControlledScheduler s = stepsOnly()) {
            SchedulingHooks hooks = s.hooks();
            s.start(0, () -> {
                hooks.point("x");
                return "";
            });
            assertThrows(IllegalStateException.class, () -> s.start(0, () -> ""));
        }
    }

    @Test
    void contendedLockBlocksTheTaskInsteadOfTheThreadAndReleaseUnblocksIt() {
        try (ControlledScheduler s = stepsOnly()) {
            SchedulingHooks hooks = s.hooks();
            ReentrantLock lock = new ReentrantLock();
            s.start(0, () -> {
                lock.lock();
                hooks.point("holder.holding");
                lock.unlock();
                hooks.released("ptl");
                return "";
            });
            Stop blocked = s.start(1, () -> {
                while (!lock.tryLock()) {
                    hooks.waitFor("ptl");
                }
                lock.unlock();
                return "got it";
            });
            assertEquals(Stop.Kind.BLOCKED, blocked.kind());
            assertEquals("ptl", s.blockedOn(1));
            assertEquals(Stop.Kind.BLOCKED, s.resume(1).kind(), "still held: blocks again");
            assertEquals(Stop.Kind.FINISHED, s.resume(0).kind());
            assertEquals(null, s.blockedOn(1));
            assertEquals("got it", s.resume(1).outcome());
        }
    }

    @Test
    void failureIsReportedWithItsException() {
        try (ControlledScheduler s = stepsOnly()) {
            Stop stop = s.start(0, () -> {
                throw new IllegalStateException("BUG");
            });
            assertEquals(Stop.Kind.FAILED, stop.kind());
            assertEquals("BUG", stop.failure().getMessage());
        }
    }

    @Test
    void stuckTaskTimesOutAndCloseNeverHangs() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        ControlledScheduler s = new ControlledScheduler(l -> true, Duration.ofMillis(100));
        Stop stop = s.start(0, () -> {
            never.await();
            return "";
        });
        assertEquals(Stop.Kind.TIMEOUT, stop.kind());
        long t0 = System.nanoTime();
        s.close();
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    @Test
    void hooksAreNoOpsOutsideTasks() {
        try (ControlledScheduler s = stepsOnly()) {
            s.hooks().point("anything");
            assertFalse(s.hooks().controlled());
            assertEquals(-1, s.currentTask());
        }
    }
}
