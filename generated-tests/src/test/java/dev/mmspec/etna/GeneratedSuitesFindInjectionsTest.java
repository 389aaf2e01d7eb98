package dev.mmspec.etna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.sut.BindingStress;
import dev.mmspec.runtime.Injection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The injections a generated suite finds, found, in the default build: the rows of the README's Etna table that say
 * "yes" for a generated suite. The others (found only by the runtime's own tests,
 * {@code runtime/.../injection/InjectionTest}) are listed there as what the generated suites miss;
 * {@link InjectionTableTest} measures the whole table on request.
 */
class GeneratedSuitesFindInjectionsTest {

    @Test
    void gupDirtyLockstepSeesWritebackLeavePtesWritable() {
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.isPresent(), "gup_dirty's lockstep campaign passed with writeback_skips_mkclean on");
        assertTrue(
                found.get().violation().contains("pte[0].writable"), found.get().toString());
    }

    @Test
    void gupDirtyTransitionReplaySeesWritebackLeavePtesWritable() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.isPresent(), "gup_dirty's transition replay passed with writeback_skips_mkclean on");
        assertTrue(
                found.get().violation().contains("pte[0].writable"), found.get().toString());
    }

    @Test
    void gupDirtyInterruptedStepsSurviveWritebackSkippingAStepPoint() {
        // Regression: with writeback_skips_mkclean the runtime's writeback leaves its operation where the
        // model still has a step, and the interrupted-step check then crashed in ControlledScheduler.resume
        // ("task 2 has nothing to resume"); Check turns an exception out of the check into this detection.
        Optional<Check.Detection> found =
                Check.INTERRUPTED_STEPS.run(GeneratedSuite.GUP_DIRTY, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(
                found.map(d -> !d.violation().startsWith("error in the check")).orElse(true), found::toString);
    }

    @Test
    void swapZapLockstepSeesTheZapKeepASwapCount() {
        // Found by the runtime's own invariant, checked at the end of the zap (CheckedKernel), before the
        // abstraction (swap_slot[0].swaps) is even compared.
        Optional<Check.Detection> found = Check.LOCKSTEP.run(GeneratedSuite.SWAP_ZAP, Injection.ZAP_KEEPS_SWAP_COUNT);
        assertTrue(found.isPresent(), "swap_zap's lockstep campaign passed with zap_keeps_swap_count on");
        assertTrue(
                found.get()
                        .violation()
                        .contains("runtime invariant broken at the end of the operation: swap_count_matches_ptes"),
                found.get().toString());
    }

    @Test
    void swapZapTransitionReplaySeesTheZapKeepASwapCount() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.SWAP_ZAP, Injection.ZAP_KEEPS_SWAP_COUNT);
        assertTrue(found.isPresent(), "swap_zap's transition replay passed with zap_keeps_swap_count on");
        assertTrue(
                found.get().violation().contains("swap_count_matches_ptes"),
                found.get().toString());
    }

    @Test
    void migrateZapLockstepSeesAFailedMigrationLeaveItsEntries() {
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.MIGRATE_ZAP, Injection.MIGRATION_FAILURE_KEEPS_ENTRIES);
        assertTrue(found.isPresent(), "migrate_zap's lockstep campaign passed with migration_failure_keeps_entries on");
        assertTrue(found.get().violation().contains("pte[0]"), found.get().toString());
    }

    @Test
    void migrateZapTransitionReplaySeesAFailedMigrationLeaveItsEntries() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.MIGRATE_ZAP, Injection.MIGRATION_FAILURE_KEEPS_ENTRIES);
        assertTrue(found.isPresent(), "migrate_zap's transition replay passed with migration_failure_keeps_entries on");
    }

    @Test
    void writebackCleanLockstepSeesTheZapUndoneInTheMkwriteWindow() {
        // writeback_clean splits write.wp where wp_page_shared() drops the PT lock (the runtime's window
        // point): the zap runs there, and without pte_same() the fault maps the zapped page again.
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.WRITEBACK_CLEAN, Injection.WP_SHARED_NO_PTE_SAME);
        assertTrue(found.isPresent(), "writeback_clean's lockstep campaign passed with wp_shared_no_pte_same on");
        assertTrue(
                found.get().violation().contains("write.mkwrite"), found.get().toString());
    }

    @Test
    void writebackCleanTransitionReplaySeesTheZapUndoneInTheMkwriteWindow() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.WRITEBACK_CLEAN, Injection.WP_SHARED_NO_PTE_SAME);
        assertTrue(found.isPresent(), "writeback_clean's transition replay passed with wp_shared_no_pte_same on");
    }

    @Test
    void writebackCleanLockstepSeesWritebackLeavePtesWritable() {
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.WRITEBACK_CLEAN, Injection.WRITEBACK_SKIPS_MKCLEAN);
        assertTrue(found.isPresent(), "writeback_clean's lockstep campaign passed with writeback_skips_mkclean on");
    }

    @Test
    void mprotectUpgradeLockstepSeesAnUpgradeByMapcount() {
        // After fork and the child's munmap the parent's page is mapped once but not exclusive: the model's
        // mprotect(PROT_WRITE) leaves the PTE read-only, the injected runtime maps it writable, which the
        // runtime's own writable_implies_exclusive sees at the end of mprotect (CheckedKernel) before the
        // abstraction's pte[0].writable is compared.
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.MPROTECT_UPGRADE, Injection.MPROTECT_UPGRADE_BY_MAPCOUNT);
        assertTrue(
                found.isPresent(), "mprotect_upgrade's lockstep campaign passed with mprotect_upgrade_by_mapcount on");
        assertTrue(
                found.get().violation().contains("mprotect.apply")
                        && found.get().violation().contains("writable_implies_exclusive"),
                found.get().toString());
    }

    @Test
    void mprotectUpgradeTransitionReplaySeesAnUpgradeByMapcount() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.MPROTECT_UPGRADE, Injection.MPROTECT_UPGRADE_BY_MAPCOUNT);
        assertTrue(
                found.isPresent(), "mprotect_upgrade's transition replay passed with mprotect_upgrade_by_mapcount on");
    }

    @Test
    void gupFastLockstepSeesTheMissingRecheck() {
        // mprotect(PROT_READ) between GUP-fast's lockless read and its grab: the model backs off (EAGAIN),
        // the injected runtime keeps the write reference to the now read-only page and returns success.
        Optional<Check.Detection> found = Check.LOCKSTEP.run(GeneratedSuite.GUP_FAST, Injection.GUP_FAST_NO_RECHECK);
        assertTrue(found.isPresent(), "gup_fast's lockstep campaign passed with gup_fast_no_recheck on");
        assertTrue(
                found.get().violation().contains("the model returned EAGAIN"),
                found.get().toString());
    }

    @Test
    void gupFastTransitionReplaySeesTheMissingRecheck() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.GUP_FAST, Injection.GUP_FAST_NO_RECHECK);
        assertTrue(found.isPresent(), "gup_fast's transition replay passed with gup_fast_no_recheck on");
    }

    @Test
    void zeroPageLockstepSeesTheZeroPageMappedWritable() {
        // The binding's setup read (the spec's init) already maps it writable: the first comparison differs.
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.ZERO_PAGE, Injection.ZERO_PAGE_MAPPED_WRITABLE);
        assertTrue(found.isPresent(), "zero_page's lockstep campaign passed with zero_page_mapped_writable on");
        assertTrue(
                found.get().violation().contains("pte[0].writable"), found.get().toString());
    }

    @Test
    void zeroPageTransitionReplaySeesTheZeroPageMappedWritable() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.ZERO_PAGE, Injection.ZERO_PAGE_MAPPED_WRITABLE);
        assertTrue(found.isPresent(), "zero_page's transition replay passed with zero_page_mapped_writable on");
    }

    @Test
    void ksmReplaceLockstepSeesAStoreReuseTheStablePage() {
        // Both pages merged, one store copies its address away: the stable page is mapped once, refcount 1,
        // and the second store reuses it in place where the model copies it. The runtime's own
        // writable_implies_exclusive sees the writable KSM page at the end of the store.
        Optional<Check.Detection> found = Check.LOCKSTEP.run(GeneratedSuite.KSM_REPLACE, Injection.WP_REUSES_KSM_PAGE);
        assertTrue(found.isPresent(), "ksm_replace's lockstep campaign passed with wp_reuses_ksm_page on");
        assertTrue(
                found.get().violation().contains("write.wp")
                        && found.get().violation().contains("writable_implies_exclusive"),
                found.get().toString());
    }

    @Test
    void ksmReplaceTransitionReplaySeesAStoreReuseTheStablePage() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.KSM_REPLACE, Injection.WP_REUSES_KSM_PAGE);
        assertTrue(found.isPresent(), "ksm_replace's transition replay passed with wp_reuses_ksm_page on");
    }

    @Test
    void stackGrowLockstepSeesTheStackGrowUnderTheReadLock() {
        // The runtime's own context check on the VMA tree store (vma_iter_store wants the mmap_lock for write)
        // fails the fault step, before the spec's guard (vma_start by mmap_lock write) is even looked at.
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.STACK_GROW, Injection.STACK_GROWS_UNDER_READ_LOCK);
        assertTrue(found.isPresent(), "stack_grow's lockstep campaign passed with stack_grows_under_read_lock on");
        assertTrue(
                found.get().violation().contains("write.fault")
                        && found.get().violation().contains("vma_iter_store"),
                found.get().toString());
    }

    @Test
    void stackGrowTransitionReplaySeesTheStackGrowUnderTheReadLock() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.STACK_GROW, Injection.STACK_GROWS_UNDER_READ_LOCK);
        assertTrue(found.isPresent(), "stack_grow's transition replay passed with stack_grows_under_read_lock on");
    }

    @Test
    void swapForkLockstepSeesForkKeepTheSwapEntryExclusive() {
        // The spec's fork() clears swp_exclusive in both entries; the injected copy_nonpresent_pte() keeps it,
        // which the runtime's own swap_exclusive_only_single sees at the end of fork.copy (CheckedKernel).
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.SWAP_FORK, Injection.FORK_KEEPS_SWAP_EXCLUSIVE);
        assertTrue(found.isPresent(), "swap_fork's lockstep campaign passed with fork_keeps_swap_exclusive on");
        assertTrue(
                found.get().violation().contains("fork.copy")
                        && found.get().violation().contains("swap_exclusive_only_single"),
                found.get().toString());
    }

    @Test
    void swapForkTransitionReplaySeesForkKeepTheSwapEntryExclusive() {
        Optional<Check.Detection> found =
                Check.TRANSITION_REPLAY.run(GeneratedSuite.SWAP_FORK, Injection.FORK_KEEPS_SWAP_EXCLUSIVE);
        assertTrue(found.isPresent(), "swap_fork's transition replay passed with fork_keeps_swap_exclusive on");
    }

    @Test
    void truncateCowLockstepSeesTheTailZeroedWithoutTheFolioLock() {
        // Nothing the spec compares changes: the same bytes are zeroed. Only lockstep's check of the locks the model
        // takes sees it (the model's remove takes folio_lock; the injected runtime never does in that step).
        Optional<Check.Detection> found =
                Check.LOCKSTEP.run(GeneratedSuite.TRUNCATE_COW, Injection.TRUNCATE_ZERO_TAIL_UNLOCKED);
        assertTrue(found.isPresent(), "truncate_cow's lockstep campaign passed with truncate_zero_tail_unlocked on");
        assertTrue(
                found.get().violation().contains("truncate.remove")
                        && found.get().violation().contains("folio_lock"),
                found.get().toString());
    }

    @Test
    void dirtyCowStressSeesGupTakeItsReferenceAfterThePtLock() {
        // No spec step has this window: the correct follow_page_pte() grabs under the PT lock it read the
        // PTE with, so lockstep runs the lookup atomically. On real threads, with the binding's noise at the
        // runtime's lock points, the zap lands between the injected unlock and relock and frees the page.
        Optional<Check.Detection> found = Check.STRESS.run(GeneratedSuite.DIRTY_COW, Injection.GUP_REF_AFTER_PTL);
        assertTrue(found.isPresent(), "dirty_cow's stress run passed with gup_ref_after_ptl on");
        assertTrue(
                found.get().violation().contains("folio_get on a free folio"),
                found.get().toString());
    }

    @Test
    void withoutTheInjectionStressPasses() {
        // Every suite whose stress run used to trip on its own binding (operations started whatever the spec's
        // require said, folio names ran out between quiescent points) and so said "found" for every injection,
        // the two whose stress column already meant something, and the specs added since (zap_dirty, truncate_cow,
        // swap_fork, migrate_fork).
        for (GeneratedSuite suite : List.of(
                GeneratedSuite.ANON_EXCLUSIVE,
                GeneratedSuite.COW_REUSE,
                GeneratedSuite.FORK,
                GeneratedSuite.KSM,
                GeneratedSuite.MIGRATE_ZAP,
                GeneratedSuite.PAGECACHE_REMOVE,
                GeneratedSuite.VMA_ADJUST,
                GeneratedSuite.DIRTY_COW,
                GeneratedSuite.MPROTECT_UPGRADE,
                GeneratedSuite.ZAP_DIRTY,
                GeneratedSuite.TRUNCATE_COW,
                GeneratedSuite.SWAP_FORK,
                GeneratedSuite.MIGRATE_FORK)) {
            BindingStress.Result result = BindingStress.run(
                    suite.model(), suite.implementation(List.of()), Duration.ofSeconds(2), Check.SEED);
            assertEquals(Optional.empty(), result.failure(), suite.spec());
            assertTrue(
                    result.operations() > 100 && result.epochs() > 2,
                    suite.spec() + ": too little ran to mean anything: " + result);
        }
    }

    @Test
    void withoutTheInjectionTheSameChecksPass() {
        // The channel itself: no inject: name, nothing found (else the rows above would prove nothing). The
        // same campaigns of swap_zap and migrate_zap without an injection are their generated PropertyTests.
        for (GeneratedSuite suite : List.of(
                GeneratedSuite.GUP_DIRTY,
                GeneratedSuite.WRITEBACK_CLEAN,
                GeneratedSuite.MPROTECT_UPGRADE,
                GeneratedSuite.GUP_FAST,
                GeneratedSuite.ZERO_PAGE,
                GeneratedSuite.KSM_REPLACE,
                GeneratedSuite.STACK_GROW,
                GeneratedSuite.SWAP_FORK)) {
            assertEquals(
                    Optional.empty(), Check.LOCKSTEP.run(suite.model(), suite.implementation(List.of())), suite.spec());
        }
    }
}
