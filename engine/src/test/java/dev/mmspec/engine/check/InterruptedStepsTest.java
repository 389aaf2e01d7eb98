package dev.mmspec.engine.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.toy.AtomicIncrementModel;
import dev.mmspec.engine.toy.LostUpdateModel;
import dev.mmspec.engine.toy.SkippedPointSut;
import dev.mmspec.engine.toy.WatchedCounterSut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedStepsTest {
    private final AtomicIncrementModel model = new AtomicIncrementModel(2);

    @Test
    void checkThenSetPassesLockstepButNotAStepInterruptedBetweenItsAccesses(@TempDir java.nio.file.Path traces) {
        System.setProperty("mmspec.traceDir", traces.toString());
        try {
            var lockstep = new PropertyEngine(
                            PropertyConfig.defaults(7).withTries(100).withTraceDirectory(traces))
                    .check(model, () -> new WatchedCounterSut(model, false));
            assertTrue(lockstep.passed(), "whole steps never interleave: lockstep alone cannot see it");
            InterruptedSteps.Result result =
                    InterruptedSteps.check(model, () -> new WatchedCounterSut(model, false), 7, 100);
            String report =
                    result.failure().orElseThrow(() -> new AssertionError("the lost update was not found: " + result));
            assertTrue(report.contains("t0 then t1: counter is ") && report.contains("incr.add is not atomic"), report);
            assertTrue(report.contains("conformance: step atomicity"), report);
            assertTrue(report.contains("rerun: bin/mmspec explore "), report);
            assertTrue(report.contains("-Dsurefire.failIfNoSpecifiedTests=false -Dmmspec.seed=0x7\n"), report);
        } finally {
            System.clearProperty("mmspec.traceDir");
        }
    }

    @Test
    void compareAndSwapIsAtomicWhereverTheStepIsInterrupted() {
        InterruptedSteps.Result result =
                InterruptedSteps.check(model, () -> new WatchedCounterSut(model, true), 7, 100);
        assertTrue(result.failure().isEmpty(), () -> result.failure().get());
        assertTrue(result.interrupted() > 10, "too few steps interrupted to mean anything: " + result);
    }

    @Test
    void anImplementationThatSkipsAStepPointEndsTheTryInsteadOfCrashing() {
        // Regression: gup_dirty with writeback_skips_mkclean threw IllegalStateException "task 2 has
        // nothing to resume" out of ControlledScheduler.resume; the lockstep campaign reports the mismatch.
        LostUpdateModel lostUpdate = new LostUpdateModel(false, 2, false);
        InterruptedSteps.Result result =
                InterruptedSteps.check(lostUpdate, () -> new SkippedPointSut(lostUpdate), 7, 100);
        assertTrue(result.failure().isEmpty(), () -> result.failure().get());
    }
}
