package dev.mmspec.runtime.reclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * shrink_folio_list() and try_to_unmap() (mm/vmscan.c, mm/rmap.c) rule by rule: which folios reclaim leaves alone (KSM,
 * no swap space, mapped elsewhere for MADV_PAGEOUT), the discard of a clean lazyfree folio from every mapping and its
 * refusal with an extra reference, an rmap walk that stops at the first mapping it may not unmap, and the references
 * and locks each path gives back.
 */
class ShrinkFolioTest {
    private Kernel kernel = new Kernel(KernelConfig.defaults());
    private Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private Folio page(long address, int value) {
        assertEquals(Outcome.OK, kernel.user().write(mm, address, 0, (byte) value));
        return mm.pte(address).presentFolio();
    }

    @Test
    void aCleanLazyfreeFolioIsDiscardedFromEveryMapping() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = page(0, 3);
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 1));
        Mm child = kernel.fork().fork(mm);
        assertEquals(2, folio.mapcount());
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(mm.pte(0).isNone() && child.pte(0).isNone(), "both mappings dropped, nothing written to swap");
        assertTrue(folio.freed());
        assertEquals(0, kernel.user().read(child, 0, 0).value());
        kernel.mmap().exit(child);
    }

    @Test
    void aLazyfreeFolioWithAnExtraReferenceStaysMappedEverywhereAndSwapBacked() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = page(0, 3);
        kernel.madviseFree().free(mm, 0, 1);
        Mm child = kernel.fork().fork(mm);
        GupResult ref = kernel.gup().get(mm, 0);
        assertSame(folio, ref.ref().folio());
        kernel.reclaim().swapOut(mm, 0);
        assertSame(folio, mm.pte(0).presentFolio(), "a GUP reference may be about to write into it");
        assertSame(folio, child.pte(0).presentFolio(), "the walk stopped at the refusal");
        assertFalse(folio.lazyfree(), "swap-backed again");
        assertFalse(folio.locked());
        assertEquals(3, folio.refcount(), "two mappings and the GUP reference: reclaim put its own");
        kernel.gup().release(ref.ref(), false);
        assertEquals(3, kernel.user().read(child, 0, 0).value());
        kernel.mmap().exit(child);
    }

    @Test
    void aPinnedPageStopsTryToUnmapAndReclaimGivesEverythingBack() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = page(0, 4);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertSame(folio, mm.pte(0).presentFolio(), "folio_try_share_anon_rmap refuses a maybe-pinned page");
        assertTrue(folio.swapcache(), "add_to_swap ran; the folio stays in the swap cache");
        assertFalse(folio.locked());
        assertEquals(3, folio.refcount(), "mapping, swap cache, pin: reclaim put its own");
        folio.lock().lock();
        try {
            assertFalse(kernel.reclaim().tryToUnmap(folio));
            kernel.gup().release(pin.ref(), false);
            assertTrue(kernel.reclaim().tryToUnmap(folio), "unpinned: every mapping replaced by a swap entry");
        } finally {
            folio.lock().unlock();
        }
        assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertEquals(4, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void tryToUnmapNeedsTheFolioLock() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = page(0, 1);
        assertThrows(ContextViolation.class, () -> kernel.reclaim().tryToUnmap(folio));
        assertSame(folio, mm.pte(0).presentFolio());
    }

    @Test
    void ksmPagesAreNotSwappedAndReclaimDropsItsReferenceAndLock() {
        mm.mmapAnonymous(0, 2, true);
        page(0, 7);
        page(1, 7);
        kernel.ksm().merge(mm, 0);
        kernel.ksm().merge(mm, 1);
        Folio kpage = mm.pte(0).presentFolio();
        assertTrue(kpage.ksm());
        int refs = kpage.refcount();
        assertEquals(Outcome.EAGAIN, kernel.reclaim().swapOut(mm, 0));
        assertSame(kpage, mm.pte(0).presentFolio());
        assertEquals(refs, kpage.refcount());
        assertFalse(kpage.locked());
    }

    @Test
    void withoutASwapSlotTheFolioStaysAndReclaimDropsItsReferenceAndLock() {
        kernel = new Kernel(KernelConfig.defaults().withSwapSlots(0));
        mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        Folio folio = page(0, 2);
        assertEquals(Outcome.ENOSPC, kernel.reclaim().swapOut(mm, 0));
        assertSame(folio, mm.pte(0).presentFolio());
        assertEquals(1, folio.refcount());
        assertFalse(folio.locked() || folio.swapcache());
    }

    @Test
    void madvisePageoutReclaimsOnlyTheRangeAndOnlyPagesMappedOnlyHere() {
        mm.mmapAnonymous(0, 3, true);
        page(0, 1);
        Folio outside = page(1, 2);
        Folio shared = page(2, 3);
        Mm child = kernel.fork().fork(mm);
        kernel.user().write(child, 0, 0, (byte) 9); // the child's own copy: page 0 is the parent's alone again
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertSame(outside, mm.pte(1).presentFolio(), "page 1 is outside [0, 1)");
        kernel.reclaim().madvisePageout(mm, 2, 3);
        assertSame(shared, mm.pte(2).presentFolio(), "mapped by the child too: left alone");
        assertEquals(2, shared.refcount(), "and no reference kept");
        assertEquals(1, kernel.user().read(mm, 0, 0).value());
        kernel.mmap().exit(child);
    }

    @Test
    void aFilePageIsReclaimedAlthoughAnotherMappingNeverFaultedIt() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        kernel.fileIo().pwrite(file, 0, (byte) 5);
        kernel.writeback().writeback(file, 0);
        mm.mmapFile(file, 0, 1, 0, false, true);
        Mm other = kernel.createMm();
        other.mmapFile(file, 0, 1, 0, false, true); // in i_mmap, but no page table
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
        Folio folio = file.peek(0);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(mm.pte(0).isNone());
        assertTrue(folio.freed(), "written back already: dropped from the page cache");
        assertEquals(5, kernel.user().read(other, 0, 0).value(), "read again from the disk");
    }
}
