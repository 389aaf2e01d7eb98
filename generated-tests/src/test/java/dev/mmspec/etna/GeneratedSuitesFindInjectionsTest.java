package dev.mmspec.etna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Injection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The injections a generated suite finds, found, in the default build: the rows of the README's
 * Etna table that say "yes" for a generated suite. The others (found only by the runtime's own
 * tests, {@code runtime/.../injection/InjectionTest}) are listed there as what the generated suites
 * miss; {@link InjectionTableTest} measures the whole table on request.
 */
class GeneratedSuitesFindInjectionsTest {

    @Test
    void gupDirtyLockstepSeesWritebackLeavePtesWritable() {
        Optional<Check.Detection> found = Check.LOCKSTEP.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.isPresent(), "gup_dirty's lockstep campaign passed with writeback_skips_mkclean on");
        assertTrue(found.get().violation().contains("pte[0].writable"), found.get().toString());
    }

    @Test
    void gupDirtyTransitionReplaySeesWritebackLeavePtesWritable() {
        Optional<Check.Detection> found = Check.TRANSITION_REPLAY.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.isPresent(), "gup_dirty's transition replay passed with writeback_skips_mkclean on");
        assertTrue(found.get().violation().contains("pte[0].writable"), found.get().toString());
    }

    @Test
    void gupDirtyInterruptedStepsSurviveWritebackSkippingAStepPoint() {
        // Regression: with writeback_skips_mkclean the runtime's writeback leaves its operation where the
        // model still has a step, and the interrupted-step check then crashed in ControlledScheduler.resume
        // ("task 2 has nothing to resume"); Check turns an exception out of the check into this detection.
        Optional<Check.Detection> found = Check.INTERRUPTED_STEPS.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.map(d -> !d.violation().startsWith("error in the check")).orElse(true), found::toString);
    }

    @Test
    void withoutTheInjectionTheSameChecksPass() {
        // The channel itself: no inject: name, nothing found (else the rows above would prove nothing).
        GeneratedSuite suite = GeneratedSuite.GUP_DIRTY;
        assertEquals(Optional.empty(), Check.LOCKSTEP.run(suite.model(), suite.implementation(List.of())));
    }
}
