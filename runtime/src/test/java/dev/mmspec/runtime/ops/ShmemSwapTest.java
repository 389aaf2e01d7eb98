package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tmpfs / memfd pages go to swap (mm/shmem.c): shmem_writeout() leaves the slot's swap entry in the page cache, and a
 * fault, read(2) or pwrite(2) swaps the page back in (shmem_swapin_folio).
 */
class ShmemSwapTest extends KernelFixture {
    private final AddressSpace memfd = kernel.createShmemFile(2L * Folio.PAGE_SIZE);

    /** A shared mapping of the memfd at page 0, page 0 written with {@code value}. */
    private void mapAndWrite(Mm p, byte value) {
        p.mmapFile(memfd, 0, 2, 0, true, true);
        kernel.user().write(p, 0, 5, value);
    }

    @Test
    void pageoutPutsTheSwapEntryInThePageCacheAndAFaultSwapsItBackIn() {
        mapAndWrite(mm, (byte) 42);
        Folio before = memfd.peek(0);
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        assertTrue(mm.pte(0).isNone());
        assertNull(memfd.peek(0), "the folio left the page cache");
        assertTrue(before.freed());
        int slot = memfd.swapEntry(0);
        assertTrue(slot >= 0, "shmem_writeout() left a swap entry");
        assertEquals(1, kernel.swap().count(slot), "swap_shmem_alloc(): the entry holds the slot's count");
        assertEquals(42, kernel.swap().view(slot).data()[5]);
        assertEquals(42, kernel.user().read(mm, 0, 5).value(), "shmem_swapin_folio() read it back");
        Folio back = memfd.peek(0);
        assertSame(back, mm.pte(0).presentFolio());
        assertTrue(back.dirty(), "memory holds its only copy now");
        assertFalse(back.swapcache());
        assertEquals(-1, memfd.swapEntry(0));
        assertFalse(kernel.swap().used(slot), "swap_free(): the slot is free again");
    }

    /**
     * shrink_folio_list() calls pageout() (shmem_writeout) for a dirty folio only: a clean shmem folio, read in from a
     * hole and never stored to, is dropped from the page cache unwritten, and the next fault reads the hole again.
     */
    @Test
    void aCleanShmemFolioIsDroppedNotWrittenToSwap() {
        mm.mmapFile(memfd, 0, 2, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 0, 5).value());
        Folio clean = memfd.peek(0);
        assertFalse(clean.dirty(), "a read fault maps it clean");
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        assertTrue(mm.pte(0).isNone());
        assertNull(memfd.peek(0), "__remove_mapping(): the folio left the page cache");
        assertTrue(clean.freed());
        assertEquals(-1, memfd.swapEntry(0), "and left a hole, not a swap entry");
        for (int slot = 0; slot < kernel.swap().slots(); slot++) {
            assertFalse(kernel.swap().used(slot), "no slot was taken: " + slot);
        }
        assertEquals(0, kernel.user().read(mm, 0, 5).value(), "the next fault reads the hole again");
        assertFalse(memfd.peek(0).dirty());
    }

    @Test
    void readAndPwriteSwapInTooAndEveryMappingSeesTheData() {
        mapAndWrite(mm, (byte) 7);
        Mm other = kernel.createMm();
        other.mmapFile(memfd, 0, 2, 0, true, true);
        assertEquals(7, kernel.user().read(other, 0, 5).value());
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0), "try_to_unmap() finds both mappings");
        assertTrue(mm.pte(0).isNone() && other.pte(0).isNone());
        assertTrue(memfd.swapEntry(0) >= 0);
        assertEquals(7, kernel.fileIo().read(memfd, 5).value());
        assertEquals(-1, memfd.swapEntry(0));
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1), "not mapped: nothing to do");
        assertEquals(Outcome.EAGAIN, kernel.reclaim().swapOut(other, 0), "read(2) mapped nothing");
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(memfd, 6, (byte) 8));
        assertEquals(8, kernel.user().read(mm, 0, 6).value());
        assertEquals(7, kernel.user().read(other, 0, 5).value());
    }

    @Test
    void aPrivateMappingsCowCopyStaysWhileThePageCacheFolioGoesToSwap() {
        mapAndWrite(mm, (byte) 3);
        Mm priv = kernel.createMm();
        priv.mmapFile(memfd, 0, 2, 0, true, false);
        kernel.user().write(priv, 0, 5, (byte) 4);
        Folio copy = priv.pte(0).presentFolio();
        assertTrue(copy.isAnon());
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        assertTrue(memfd.swapEntry(0) >= 0);
        assertSame(copy, priv.pte(0).presentFolio());
        assertEquals(4, kernel.user().read(priv, 0, 5).value());
        assertEquals(3, kernel.user().read(mm, 0, 5).value());
    }

    @Test
    void truncateFreesTheSlotsOfSwappedOutPages() {
        mm.mmapFile(memfd, 0, 2, 0, true, true);
        kernel.user().write(mm, 1, 0, (byte) 9);
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 1, 2));
        int slot = memfd.swapEntry(1);
        assertTrue(slot >= 0);
        kernel.truncate().truncate(memfd, Folio.PAGE_SIZE);
        assertEquals(Map.of(), memfd.swapEntries());
        assertFalse(kernel.swap().used(slot), "shmem_free_swap()");
    }

    @Test
    void withNoFreeSlotTheFolioIsRedirtiedAndStays() {
        Kernel full = new Kernel(KernelConfig.defaults().withSwapSlots(1));
        AddressSpace file = full.createShmemFile(2L * Folio.PAGE_SIZE);
        Mm p = full.createMm();
        p.mmapFile(file, 0, 2, 0, true, true);
        full.user().write(p, 0, 0, (byte) 1);
        full.user().write(p, 1, 0, (byte) 2);
        assertEquals(Outcome.OK, full.reclaim().madvisePageout(p, 0, 2));
        assertTrue(file.swapEntry(0) >= 0);
        Folio kept = file.peek(1);
        assertTrue(kept != null && kept.dirty(), "AOP_WRITEPAGE_ACTIVATE: the folio stays, dirty");
        assertEquals(2, full.user().read(p, 1, 0).value());
        assertEquals(1, full.user().read(p, 0, 0).value());
        assertNotSame(kept, file.peek(0));
        assertEquals(List.of(), full.invariants().check());
    }

    @Test
    void invariantsCountShmemSwapEntriesAgainstTheSlotCounts() {
        mapAndWrite(mm, (byte) 1);
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        int slot = memfd.swapEntry(0);
        kernel.swap().duplicate(slot); // a count no entry accounts for
        List<String> violations = kernel.invariants().check();
        kernel.swap().free(slot);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("swap_count_matches_ptes")), violations.toString());
    }
}
