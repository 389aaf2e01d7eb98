package dev.mmspec.runtime.truncate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * truncate_inode_pages_range() (mm/truncate.c) against what its callers and other tasks leave behind: an index whose
 * folio reclaim freed while truncation waited on an earlier folio's lock, and the dirty bit of a folio a pin keeps
 * alive beyond EOF (truncate_cleanup_folio()'s folio_cancel_dirty()).
 */
class TruncateRemovalTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private static final String FOLIO_LOCK = "lock:folio_lock";

    /**
     * Reclaim has page 1 locked and unmapped (by truncation's own unmap_mapping_range()) when truncation, holding page
     * 0's reference, stops at page 0's lock; reclaim then frees page 1, and truncation's lookup of index 1 finds
     * nothing: it goes on with the next index instead of locking a folio that is not there.
     */
    @Test
    void anIndexReclaimedWhileTruncationWaitedOnAnEarlierPageIsSkipped() {
        try (Sim sim = new Sim(KernelConfig.defaults(), l -> Labels.isStep(l) || l.equals(FOLIO_LOCK))) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(2L * PAGE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 2, 0, true, true);
            sim.run(2, () -> k.user().read(mm, 0, 0));
            sim.run(2, () -> k.user().read(mm, 1, 0));
            Folio page1 = file.peek(1);
            sim.start(1, () -> k.reclaim().swapOut(mm, 1));
            sim.stepTo(1, Labels.SWAP_OUT_UNMAP); // page 1 locked by reclaim
            sim.start(0, () -> {
                k.truncate().truncate(file, 0);
                return "truncated";
            });
            sim.stepTo(0, Labels.TRUNCATE_REMOVE);
            sim.stepTo(0, FOLIO_LOCK); // indices [0, 1] listed, page 0 looked up, its lock next
            assertTrue(mm.pte(1).isNone(), "truncation unmapped page 1 already");
            assertEquals("OK", sim.finish(1));
            assertTrue(page1.freed(), "reclaim dropped the clean page from the cache");
            assertEquals("truncated", sim.finish(0));
            assertNull(file.peek(0));
            assertNull(file.peek(1));
            assertEquals(0, k.liveFolios().size());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /**
     * truncate_cleanup_folio() ends with folio_cancel_dirty(): a dirty page beyond the new EOF is not written (its
     * blocks are freed), and it is not left dirty either, although a pin keeps it alive after it left the page cache.
     */
    @Test
    void truncationCancelsTheDirtyBitOfAPinnedPageBeyondEof() {
        Kernel k = new Kernel(KernelConfig.defaults());
        AddressSpace file = k.createFile(2L * PAGE);
        Mm mm = k.createMm();
        mm.mmapFile(file, 0, 2, 0, true, true);
        assertEquals(Outcome.OK, k.user().write(mm, 1, 3, (byte) 9));
        Folio page1 = file.peek(1);
        assertTrue(page1.dirty());
        GupResult pin = k.gup().get(mm, 1, Foll.PIN, Foll.WRITE);
        assertEquals(Outcome.OK, pin.outcome());
        k.truncate().truncate(file, PAGE);
        assertNull(file.peek(1));
        assertFalse(page1.freed(), "the pin keeps it");
        assertFalse(page1.dirty(), "folio_cancel_dirty(): truncation drops the data");
        assertEquals(0, file.readDisk(1)[3], "never written back");
        k.gup().release(pin.ref(), false);
        assertTrue(page1.freed());
        assertEquals(List.of(), k.invariants().check());
    }

    /**
     * Without fault_truncate_recheck a fault that checked i_size before truncation reads the page in after it, beyond
     * the new EOF, and dirties it. Invalidation later drops it without writing it back: its block is beyond EOF, so
     * growing the file again shows a hole, not the store.
     */
    @Test
    void invalidationDropsADirtyPageBeyondEofWithoutWritingIt() {
        KernelConfig config = KernelConfig.defaults().without(dev.mmspec.runtime.Fix.FAULT_TRUNCATE_RECHECK);
        try (Sim sim = new Sim(config, l -> Labels.isStep(l) || l.equals("lock:invalidate_lock"))) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(2L * PAGE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 2, 0, true, true);
            sim.start(0, () -> k.user().writeOnce(mm, 1, 0, (byte) 9).outcome());
            sim.stepTo(0, "lock:invalidate_lock"); // i_size checked, about to read page 1 in
            sim.run(1, () -> {
                k.truncate().truncate(file, PAGE);
                return "truncated";
            });
            assertEquals("OK", sim.finish(0));
            Folio beyond = file.peek(1);
            assertTrue(beyond != null && beyond.dirty(), "the unfixed fault cached and dirtied a page beyond EOF");
            sim.run(1, () -> {
                k.mmap().munmap(mm, 0, 2);
                k.truncate().invalidate(file, 0, 2);
                k.truncate().truncate(file, 2L * PAGE);
                return "done";
            });
            assertNull(file.peek(1));
            assertEquals(0, file.readDisk(1)[0], "not laundered");
            assertEquals(0, k.fileIo().read(file, PAGE).value());
        }
    }
}
