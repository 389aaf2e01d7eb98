package dev.mmspec.runtime.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mremap() of a KSM page under migration. try_to_migrate() has replaced the mapping by a migration entry, and
 * remove_migration_ptes() of a KSM folio looks only at the address its rmap_item recorded at merge time: if mremap's
 * break_ksm looked at present PTEs only, it would move the entry to an address nobody restores, the migration would
 * free the folio, and the entry would stay behind (StressTest's KSM/migration failure). break_ksm_pmd_entry() counts
 * the entry as a KSM page, so mremap's unshare fault waits for the migration, then unmerges the restored page.
 */
class KsmMigrationMremapTest {
    private static final int MIGRATE = 0;
    private static final int MREMAP = 1;
    private static final long NEW_ADDRESS = 20;

    @Test
    void mremapWaitsForTheMigrationOfAKsmPageThenMovesAnUnmergedCopy() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            Folio kpage = mergedPage(sim.kernel, mm);
            Migration.Result[] result = new Migration.Result[1];
            sim.start(MIGRATE, () -> result[0] = sim.kernel.migration().migrate(mm, 0));
            sim.stepTo(MIGRATE, Labels.MIGRATE_MOVE);
            assertInstanceOf(Pte.Migration.class, mm.pte(0), "try_to_migrate replaced the KSM mapping");

            sim.start(MREMAP, () -> sim.kernel.mremap().mremap(mm, 0, 1, NEW_ADDRESS));
            Stop mremap = sim.step(MREMAP);
            assertEquals(
                    Stop.Kind.BLOCKED, mremap.kind(), "break_ksm's fault waits on the migration entry; " + sim.log);
            assertInstanceOf(Pte.Migration.class, mm.pte(0), "the entry was not moved away from its rmap_item");
            assertTrue(mm.pte(NEW_ADDRESS).isNone());

            sim.finish(MIGRATE);
            assertEquals(Outcome.OK, result[0].outcome());
            assertEquals(1, result[0].removed(), "remove_migration_ptes found the entry where the rmap_item says");
            assertTrue(kpage.freed());
            assertEquals("OK", sim.finish(MREMAP));

            Folio moved = mm.pte(NEW_ADDRESS).presentFolio();
            assertFalse(moved.ksm(), "the migrated KSM page was unmerged before the move");
            assertNotSame(result[0].destination(), moved);
            assertTrue(result[0].destination().freed(), "its only mapping was the one unmerged");
            assertNull(mm.findVma(0));
            assertEquals(9, sim.kernel.user().read(mm, NEW_ADDRESS, 0).value());
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }

    @Test
    void theMigrationEntryOfAnOrdinaryPageMovesWithoutWaiting() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.kernel.user().write(mm, 0, 0, (byte) 9);
            Migration.Result[] result = new Migration.Result[1];
            sim.start(MIGRATE, () -> result[0] = sim.kernel.migration().migrate(mm, 0));
            sim.stepTo(MIGRATE, Labels.MIGRATE_MOVE);

            assertEquals("OK", sim.run(MREMAP, () -> sim.kernel.mremap().mremap(mm, 0, 1, NEW_ADDRESS)));
            assertInstanceOf(Pte.Migration.class, mm.pte(NEW_ADDRESS), "move_ptes carried the entry");

            sim.finish(MIGRATE);
            assertEquals(1, result[0].removed(), "rmap_walk_anon finds it at the new address: same anon_vma, pgoff");
            assertSame(result[0].destination(), mm.pte(NEW_ADDRESS).presentFolio());
            assertEquals(9, sim.kernel.user().read(mm, NEW_ADDRESS, 0).value());
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }

    @Test
    void mremapFailsWithEnomemWhenAKsmPageCannotBeUnmerged() {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        Mm mm = kernel.createMm();
        Folio kpage = mergedPage(kernel, mm);
        assertEquals(Outcome.ENOMEM, kernel.mremap().mremap(mm, 0, 1, NEW_ADDRESS), "no folio for the copy");
        assertSame(kpage, mm.pte(0).presentFolio(), "nothing moved");
        assertTrue(mm.pte(NEW_ADDRESS).isNone());
        assertEquals(0, mm.findVma(0).start());
        assertEquals(List.of(), kernel.invariants().check());
    }

    /**
     * break_ksm() (mm/ksm.c) faults with FAULT_FLAG_UNSHARE until the address maps no KSM page, without a bound. With
     * wp_can_reuse_anon_folio()'s folio_test_ksm() tests gone (the injection), do_wp_page()'s unshare path "reuses" the
     * stable page, returns 0 and leaves the PTE alone, so the kernel would spin in mremap for ever under the mmap_lock;
     * the runtime reports the livelock as a BUG and unwinds mremap with every lock released. The timeout only guards
     * against the hang this test exists to catch.
     */
    @Test
    void breakKsmReportsAnUnshareFaultThatLeavesTheKsmPageMapped() {
        Kernel kernel = new Kernel(KernelConfig.defaults().injecting(Injection.WP_REUSES_KSM_PAGE));
        Mm mm = kernel.createMm();
        Folio kpage = mergedPage(kernel, mm);
        KernelBug bug = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(KernelBug.class, () -> kernel.mremap().mremap(mm, 0, 1, NEW_ADDRESS)),
                "break_ksm looped for ever");
        assertTrue(bug.condition().startsWith("break_ksm livelock"), bug.getMessage());
        assertEquals(List.of(bug), kernel.bugs());
        assertSame(kpage, mm.pte(0).presentFolio(), "nothing moved");
        assertTrue(mm.pte(NEW_ADDRESS).isNone());
        assertEquals(Outcome.OK, kernel.mmap().munmap(mm, 0, 1), "mremap released the mmap_lock as it unwound");
    }

    /** Without the injection the same mremap unmerges the page once and moves the copy. */
    @Test
    void breakKsmStopsOnceTheUnshareFaultCopiedTheKsmPage() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm mm = kernel.createMm();
        Folio kpage = mergedPage(kernel, mm);
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 0, 1, NEW_ADDRESS));
        Folio moved = mm.pte(NEW_ADDRESS).presentFolio();
        assertNotSame(kpage, moved);
        assertFalse(moved.ksm());
        assertTrue(kpage.freed(), "the copy took the stable page's only mapping");
        assertEquals(9, kernel.user().read(mm, NEW_ADDRESS, 0).value());
        assertEquals(List.of(), kernel.bugs());
        assertEquals(List.of(), kernel.invariants().check());
    }

    /** One page of contents 9 at address 0, promoted to a stable KSM page. */
    private static Folio mergedPage(Kernel kernel, Mm mm) {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 9);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        Folio kpage = mm.pte(0).presentFolio();
        assertTrue(kpage.ksm());
        return kpage;
    }
}
