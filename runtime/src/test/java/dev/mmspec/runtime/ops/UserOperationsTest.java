package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.mm.Mmap;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

/** MADV_PAGEOUT, MADV_FREE, mremap and mprotect's write upgrade. */
class UserOperationsTest extends KernelFixture {

    @Test
    void pageoutReclaimsExactlyTheRangeAndSkipsPagesMappedElsewhere() {
        mm.mmapAnonymous(0, 3, true);
        for (long a = 0; a < 3; a++) {
            kernel.user().write(mm, a, 0, (byte) (a + 1));
        }
        Mm child = kernel.fork().fork(mm);
        kernel.user().write(mm, 2, 0, (byte) 7); // page 2 is ours alone again
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 1, 3));
        assertInstanceOf(Pte.Present.class, mm.pte(0), "outside the range");
        assertInstanceOf(Pte.Present.class, mm.pte(1), "still mapped by the child: not interfered with");
        assertInstanceOf(Pte.Swap.class, mm.pte(2));
        assertEquals(7, kernel.user().read(mm, 2, 0).value());
        assertEquals(3, kernel.user().read(child, 2, 0).value());
        kernel.mmap().exit(child);
    }

    @Test
    void lazyfreePagesAreDiscardedByReclaimUnlessWrittenAgain() {
        mm.mmapAnonymous(0, 3, true);
        for (long a = 0; a < 3; a++) {
            kernel.user().write(mm, a, 0, (byte) 5);
        }
        kernel.reclaim().madvisePageout(mm, 2, 3); // page 2 in swap
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 3));
        assertTrue(mm.pte(2).isNone(), "MADV_FREE drops swap entries");
        assertTrue(mm.pte(0).presentFolio().lazyfree());
        kernel.user().write(mm, 1, 1, (byte) 6); // redirtied
        int slotsBefore = usedSlots();
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 2));
        assertTrue(mm.pte(0).isNone(), "clean lazyfree: discarded, not swapped");
        assertEquals(slotsBefore, usedSlots());
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        assertSame(kernel.zeroPage(), mm.pte(0).presentFolio());
        assertInstanceOf(Pte.Present.class, mm.pte(1), "redirtied: kept, swap-backed again");
        assertFalse(mm.pte(1).presentFolio().lazyfree());
        assertEquals(5, kernel.user().read(mm, 1, 0).value());
    }

    @Test
    void aGupReferenceKeepsALazyfreePageFromBeingDiscarded() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        kernel.madviseFree().free(mm, 0, 1);
        GupResult pipe = kernel.gupCallers().vmsplice(mm, 0);
        kernel.reclaim().swapOut(mm, 0);
        assertInstanceOf(Pte.Present.class, mm.pte(0));
        kernel.gup().release(pipe.ref(), false);
    }

    @Test
    void mremapMovesPresentAndSwapEntriesAndTheRmapStillFindsThem() {
        mm.mmapAnonymous(0, 4, true);
        for (long a = 0; a < 4; a++) {
            kernel.user().write(mm, a, 0, (byte) (a + 1));
        }
        kernel.reclaim().swapOut(mm, 3);
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 2, 2, 10));
        assertEquals(null, mm.findVma(2));
        assertEquals(3, kernel.user().read(mm, 10, 0).value());
        assertEquals(4, kernel.user().read(mm, 11, 0).value(), "the swap entry moved with its page");
        Folio moved = mm.pte(10).presentFolio();
        assertEquals(Outcome.OK, kernel.migration().migrate(mm, 10).outcome(), "rmap_walk computes the new address");
        assertFalse(moved == mm.pte(10).presentFolio());
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 2, 1, 20), "nothing mapped there any more");
    }

    @Test
    void mprotectUpgradesOnlyWhatTheWriteFaultWouldReuse() {
        mm.mmapAnonymous(0, 3, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 1, 0, (byte) 1);
        kernel.user().read(mm, 2, 0); // zero page
        Mm child = kernel.fork().fork(mm);
        kernel.mmap().exit(child); // page 1's folio: mapcount 1 but no longer PG_anon_exclusive
        kernel.user().write(mm, 0, 0, (byte) 2); // page 0: reused, exclusive again
        kernel.mmap().mprotect(mm, 0, 3, false);
        kernel.mmap().mprotect(mm, 0, 3, true);
        assertTrue(((Pte.Present) mm.pte(0)).writable(), "exclusive anonymous: upgraded");
        assertFalse(((Pte.Present) mm.pte(1)).writable(), "not exclusive: left to the write fault");
        assertFalse(((Pte.Present) mm.pte(2)).writable(), "zero page: never");
    }

    @Test
    void readAndPwriteGoThroughThePageCacheThatMappingsShare() {
        var file = kernel.createFile(16);
        file.writeDisk(1, new byte[] {0, 3, 0, 0, 0, 0, 0, 0});
        assertEquals(3, kernel.fileIo().read(file, 9).value());
        assertTrue(kernel.fileIo().read(file, 16).eof());
        mm.mmapFile(file, 0, 2, 0, true, true);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 2, (byte) 8));
        assertEquals(8, kernel.user().read(mm, 0, 2).value(), "the mapping sees the write");
        kernel.user().write(mm, 1, 4, (byte) 6);
        assertEquals(6, kernel.fileIo().read(file, 12).value(), "read(2) sees the store");
        assertTrue(file.peek(0).dirty());
        assertEquals(Outcome.SIGBUS, kernel.fileIo().pwrite(file, 16, (byte) 1));
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
    }

    @Test
    void aFaultJustBelowAStackGrowsItDownAndTheRmapFollows() {
        mm.mmapStack(20, 2);
        kernel.user().write(mm, 20, 0, (byte) 1);
        assertEquals(Outcome.OK, kernel.user().write(mm, 17, 0, (byte) 2));
        assertEquals(17, mm.findVma(17).start());
        assertEquals(1, kernel.user().read(mm, 20, 0).value());
        assertEquals(Outcome.OK, kernel.migration().migrate(mm, 20).outcome(), "vm_pgoff moved with vm_start");
        assertEquals(Outcome.OK, kernel.migration().migrate(mm, 17).outcome());
        assertEquals(Outcome.SIGSEGV, kernel.user().write(mm, 17 - Mmap.STACK_GROWTH_LIMIT - 1, 0, (byte) 3));
    }

    private int usedSlots() {
        int used = 0;
        for (int s = 0; s < kernel.swap().slots(); s++) {
            used += kernel.swap().view(s).used() ? 1 : 0;
        }
        return used;
    }
}
