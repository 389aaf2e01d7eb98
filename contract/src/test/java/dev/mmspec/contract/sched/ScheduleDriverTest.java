package dev.mmspec.contract.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ScheduleDriverTest {

    /** Two tasks, each: point, lock, point, unlock; a shared log records the order. */
    private static List<List<Callable<String>>> programs(SchedulingHooks hooks, List<String> log) {
        ReentrantLock lock = new ReentrantLock();
        List<List<Callable<String>>> programs = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int task = t;
            Callable<String> op = () -> {
                hooks.point("op.first");
                log.add(task + "a");
                while (!lock.tryLock()) {
                    hooks.waitFor("lock");
                }
                hooks.point("op.second");
                log.add(task + "b");
                lock.unlock();
                hooks.released("lock");
                return "done" + task;
            };
            programs.add(List.of(op, op));
        }
        return programs;
    }

    @Test
    void sameSeedGivesSameRunAndReplayReproducesIt() {
        for (ScheduleDriver.Strategy strategy : ScheduleDriver.Strategy.values()) {
            List<String> log1 = new ArrayList<>();
            List<String> log2 = new ArrayList<>();
            List<String> log3 = new ArrayList<>();
            ScheduleDriver.Result r1;
            ScheduleDriver.Result r2;
            try (ControlledScheduler s = new ControlledScheduler(l -> true, Duration.ofSeconds(5))) {
                r1 = ScheduleDriver.run(s, programs(s.hooks(), log1), strategy, 42, 3, 1000);
            }
            try (ControlledScheduler s = new ControlledScheduler(l -> true, Duration.ofSeconds(5))) {
                r2 = ScheduleDriver.run(s, programs(s.hooks(), log2), strategy, 42, 3, 1000);
            }
            assertEquals(r1.choices(), r2.choices());
            assertEquals(log1, log2);
            assertFalse(r1.deadlock());
            assertTrue(r1.failures().isEmpty());
            assertEquals(List.of("done0", "done0"), r1.outcomes(0));
            try (ControlledScheduler s = new ControlledScheduler(l -> true, Duration.ofSeconds(5))) {
                ScheduleDriver.Result r3 = ScheduleDriver.replay(s, programs(s.hooks(), log3), r1.choices());
                assertEquals(r1.events().toString(), r3.events().toString());
            }
            assertEquals(log1, log3);
        }
    }

    @Test
    void differentSeedsExploreDifferentInterleavings() {
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            List<String> log = new ArrayList<>();
            try (ControlledScheduler s = new ControlledScheduler(l -> true, Duration.ofSeconds(5))) {
                ScheduleDriver.run(s, programs(s.hooks(), log), ScheduleDriver.Strategy.RANDOM, seed, 1, 1000);
            }
            seen.add(log);
        }
        assertTrue(seen.size() > 3, "interleavings seen: " + seen.size());
    }

    @Test
    void stressRunnerRunsChecksAtQuiescentPoints() {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        StressRunner.Result r = StressRunner.run(
                2,
                Duration.ofMillis(300),
                Duration.ofMillis(20),
                w -> {
                    inFlight.incrementAndGet();
                    Thread.onSpinWait();
                    inFlight.decrementAndGet();
                },
                () -> {
                    if (inFlight.get() != 0) {
                        throw new AssertionError("not quiescent");
                    }
                });
        assertEquals(null, r.failure());
        assertTrue(r.operations() > 0);
        assertTrue(r.checks() > 0);
    }
}
