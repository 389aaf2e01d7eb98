package dev.mmspec.runtime.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * do_wp_page()'s reuse test (wp_can_reuse_anon_folio()) against a folio someone else holds locked or still references
 * through the swap cache, wp_page_copy()'s PTE for a forced write, and the file fault paths that meet another fault's
 * PTE or a truncation between their stages (without fault_truncate_recheck the page-cache folio is not held locked
 * across them, so both can happen).
 */
class FaultRacesTest {
    private static final String PTL = "lock:ptl";

    /** Reclaim holds the folio lock: the trylock fails and the write copies instead of reusing. */
    @Test
    void aPageReclaimHoldsLockedIsCopiedNotReused() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(mm, 0, 0, (byte) 3));
            Mm child = k.fork().fork(mm);
            k.mmap().exit(child);
            Folio old = mm.pte(0).presentFolio();
            assertFalse(old.anonExclusive(), "fork cleared it; the child's exit does not set it again");
            sim.start(1, () -> k.reclaim().swapOut(mm, 0));
            sim.stepTo(1, Labels.SWAP_OUT_UNMAP);
            assertTrue(old.locked() && old.swapcache());
            assertEquals("OK", sim.run(0, () -> k.user().write(mm, 0, 1, (byte) 4)));
            Folio now = mm.pte(0).presentFolio();
            assertNotSame(old, now, "wp_page_copy(): folio_trylock() failed");
            assertTrue(now.anonExclusive());
            assertEquals("OK", sim.finish(1));
            assertTrue(old.freed(), "reclaim wrote out and freed the old page");
            assertEquals(3, k.user().read(mm, 0, 0).value());
            assertEquals(4, k.user().read(mm, 0, 1).value());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /**
     * A swap-cache page whose slot another swap PTE (the fork child's) still holds: folio_free_swap() cannot free it,
     * the refcount stays 2 after the lock, and the write copies; the child's swap-in still reads the old data.
     */
    @Test
    void aSwapCachePageAnotherSwapEntryNeedsIsCopiedNotReused() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 1);
        Mm child = k.fork().fork(mm);
        assertEquals(Outcome.OK, k.reclaim().swapOut(mm, 0));
        assertTrue(mm.pte(0) instanceof Pte.Swap && child.pte(0) instanceof Pte.Swap);
        assertEquals(1, k.user().read(mm, 0, 0).value());
        Folio cached = mm.pte(0).presentFolio();
        assertTrue(cached.swapcache());
        assertFalse(((Pte.Present) mm.pte(0)).writable());
        assertEquals(Outcome.OK, k.user().write(mm, 0, 0, (byte) 2));
        assertNotSame(cached, mm.pte(0).presentFolio(), "the swap cache still references it for the child");
        assertTrue(cached.swapcache());
        assertEquals(1, k.user().read(child, 0, 0).value(), "the child's swap-in reads the data it had");
        assertEquals(2, k.user().read(mm, 0, 0).value());
        k.mmap().exit(child);
        assertEquals(List.of(), k.invariants().check());
    }

    /** FOLL_FORCE write into a read-only private VMA: the copy is dirty but stays read-only (maybe_mkwrite). */
    @Test
    void aForcedWriteCopyStaysReadOnly() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, false);
        assertEquals(0, k.user().read(mm, 0, 0).value());
        GupResult get = k.gup().get(mm, 0, Foll.WRITE, Foll.FORCE);
        assertEquals(Outcome.OK, get.outcome());
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertFalse(pte.folio().isZero(), "copied from the zero page");
        assertFalse(pte.writable(), "the VMA is read-only");
        k.gup().release(get.ref(), true);
        assertEquals(List.of(), k.invariants().check());
    }

    /** do_cow_fault(): another fault mapped the address first; the copy made for it is freed. */
    @Test
    void aCowFaultThatLostTheRaceFreesItsCopy() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK), this::stops)) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 1, 0, true, false);
            k.fileIo().pwrite(file, 0, (byte) 8);
            sim.start(0, () -> k.user().write(mm, 0, 1, (byte) 1));
            sim.stepTo(0, Labels.WRITE_WP);
            sim.stepTo(0, PTL); // the copy is allocated, its PT lock next
            int live = k.folios().liveCount();
            assertEquals("OK", sim.run(1, () -> k.user().write(mm, 0, 2, (byte) 2)));
            Folio winner = mm.pte(0).presentFolio();
            assertEquals("OK", sim.finish(0));
            assertSame(winner, mm.pte(0).presentFolio());
            assertEquals(live, k.folios().liveCount(), "the loser's copy was freed");
            assertEquals(1, winner.read(1));
            assertEquals(8, winner.read(0));
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** finish_fault() for the page-cache folio: another fault mapped it first; this one drops its reference. */
    @Test
    void aReadFaultThatLostTheRaceDropsItsReference() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK), this::stops)) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 1, 0, false, true);
            k.fileIo().pwrite(file, 0, (byte) 8);
            Folio page = file.peek(0);
            sim.start(0, () -> k.user().read(mm, 0, 0).value());
            sim.stepTo(0, Labels.READ_MAP);
            sim.stepTo(0, PTL);
            assertEquals("8", sim.run(1, () -> k.user().read(mm, 0, 0).value()));
            assertEquals("8", sim.finish(0));
            assertSame(page, mm.pte(0).presentFolio());
            assertEquals(2, page.refcount(), "the page cache's and the one mapping's");
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /**
     * Without the folio held locked from filemap_fault(), truncation can remove the page before do_shared_fault()'s
     * page_mkwrite, which finds it truncated: the fault drops its reference and the CPU's retry gets SIGBUS.
     */
    @Test
    void aSharedWriteFaultWhosePageWasTruncatedBeforePageMkwriteIsRetried() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK))) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 1, 0, true, true);
            k.fileIo().pwrite(file, 0, (byte) 8);
            k.writeback().writeback(file, 0);
            Folio page = file.peek(0);
            sim.start(0, () -> k.user().write(mm, 0, 0, (byte) 1));
            sim.stepTo(0, Labels.WRITE_WP);
            sim.run(1, () -> {
                k.truncate().truncate(file, 0);
                return "truncated";
            });
            assertEquals("SIGBUS", sim.finish(0));
            assertTrue(mm.pte(0).isNone(), "the removed page was not mapped");
            assertTrue(page.freed(), "the fault's reference was dropped");
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /**
     * shmem has no page_mkwrite to notice the truncation: without fault_truncate_recheck (before d00806b18315) the
     * shared write fault maps the page truncation already removed, and the store lands in it; the runtime's invariant
     * reports it.
     */
    @Test
    void withoutTheRecheckAShmemWriteFaultMapsThePageTruncationRemoved() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK))) {
            Kernel k = sim.kernel;
            AddressSpace memfd = k.createShmemFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(memfd, 0, 1, 0, true, true);
            k.fileIo().pwrite(memfd, 0, (byte) 8);
            Folio page = memfd.peek(0);
            sim.start(0, () -> k.user().write(mm, 0, 0, (byte) 1));
            sim.stepTo(0, Labels.WRITE_WP);
            sim.run(1, () -> {
                k.truncate().truncate(memfd, 0);
                return "truncated";
            });
            assertEquals("OK", sim.finish(0), "stored");
            assertSame(page, mm.pte(0).presentFolio(), "the removed page is mapped");
            assertEquals(1, page.read(0));
            assertTrue(
                    k.invariants().check().stream().anyMatch(v -> v.startsWith("no_pte_maps_truncated_folio")),
                    String.valueOf(k.invariants().check()));
        }
    }

    /**
     * folio_lock_or_retry(): the swap-cache folio is locked by reclaim, which is writing it out; the swap-in drops its
     * reference and waits, reclaim frees the folio, and the retried swap-in reads the slot into a new one.
     */
    @Test
    void aSwapInOfAFolioReclaimHoldsLockedWaitsAndStartsOver() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(mm, 0, 0, (byte) 6));
            Folio old = mm.pte(0).presentFolio();
            sim.start(1, () -> k.reclaim().swapOut(mm, 0));
            sim.stepTo(1, Labels.SWAP_OUT_PAGEOUT);
            assertTrue(mm.pte(0) instanceof Pte.Swap && old.locked() && old.swapcache());
            sim.start(0, () -> k.user().read(mm, 0, 0).value());
            var stop = sim.step(0);
            assertEquals(dev.mmspec.contract.sched.ControlledScheduler.Stop.Kind.BLOCKED, stop.kind(), stop.toString());
            assertEquals("OK", sim.finish(1));
            assertTrue(old.freed(), "reclaim's pageout saw only the swap cache's reference");
            assertEquals("6", sim.finish(0));
            assertNotSame(old, mm.pte(0).presentFolio());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    private boolean stops(String label) {
        return Labels.isStep(label) || label.equals(PTL);
    }
}
