package dev.mmspec.runtime.truncate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * truncate_setsize() and invalidate_inode_pages2_range() (mm/truncate.c) rule by rule: which pages leave the page cache
 * and the page tables, what happens to the partial last page and to the blocks on disk, and what invalidation launders
 * first.
 */
class TruncateTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final AddressSpace file = kernel.createFile(2L * PAGE);
    private final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    /** Every byte of both pages written through pwrite(2) (value = position + 1), page 0 written back. */
    private void fill() {
        for (int pos = 0; pos < 2 * PAGE; pos++) {
            assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, pos, (byte) (pos + 1)));
        }
        kernel.writeback().writeback(file, 0);
        kernel.writeback().writeback(file, 1);
    }

    @Test
    void truncateToAPartialPageZeroesItsTailInTheCacheAndOnDiskAndDropsThePagesBeyond() {
        fill();
        mm.mmapFile(file, 0, 2, 0, true, true);
        assertEquals(PAGE + 2, kernel.user().read(mm, 1, 1).value());
        Folio beyond = file.peek(1);
        kernel.truncate().truncate(file, 5);
        assertEquals(5, file.iSize());
        assertEquals(1, file.sizeInPages());
        assertNull(file.peek(1), "the page beyond EOF left the page cache");
        assertTrue(beyond.freed());
        assertTrue(mm.pte(1).isNone(), "and the page tables");
        Folio last = file.peek(0);
        assertNotNull(last, "the partial page stays");
        assertEquals(1, last.refcount(), "the page cache's reference only: zeroing the tail put its own");
        for (int b = 0; b < PAGE; b++) {
            assertEquals(b < 5 ? b + 1 : 0, last.read(b), "cached byte " + b);
            assertEquals(b < 5 ? b + 1 : 0, file.readDisk(0)[b], "disk byte " + b);
        }
        assertEquals(0, file.readDisk(1)[0], "the blocks beyond EOF were freed");
        assertEquals(Outcome.SIGBUS, kernel.user().read(mm, 1, 0).outcome());
        assertTrue(kernel.fileIo().read(file, 6).eof());
    }

    /** truncate_inode_partial_folio() runs on the folio found locked (FGP_LOCK): the zeroing is under its lock. */
    @Test
    void thePartialLastPageIsZeroedUnderItsFolioLock() {
        fill();
        Folio last = file.peek(0);
        List<LockEvent> events = new ArrayList<>();
        kernel.onLockEvent(e -> {
            if (e.instance() == last && e.lockClass() == LockClass.FOLIO_LOCK) {
                events.add(e);
            }
        });
        kernel.truncate().truncate(file, 5);
        assertEquals(
                List.of(LockEvent.Kind.ACQUIRE, LockEvent.Kind.RELEASE),
                events.stream().map(LockEvent::kind).toList(),
                "the tail folio's lock, taken once: " + events);
        assertFalse(last.locked());
        assertEquals(0, last.read(5), "and the tail zeroed");
    }

    @Test
    void truncateToAPageBoundaryLeavesTheLastPageWhole() {
        fill();
        kernel.truncate().truncate(file, PAGE);
        Folio last = file.peek(0);
        for (int b = 0; b < PAGE; b++) {
            assertEquals(b + 1, last.read(b));
            assertEquals(b + 1, file.readDisk(0)[b]);
        }
        assertNull(file.peek(1));
    }

    @Test
    void growingTheFileUnmapsAndRemovesNothing() {
        fill();
        mm.mmapFile(file, 0, 2, 0, true, true);
        kernel.user().read(mm, 1, 0);
        Folio page1 = file.peek(1);
        kernel.truncate().truncate(file, 3L * PAGE);
        assertEquals(3L * PAGE, file.iSize());
        assertSame(page1, file.peek(1));
        assertSame(page1, mm.pte(1).presentFolio());
        assertEquals(PAGE + 1, kernel.fileIo().read(file, PAGE).value());
    }

    @Test
    void truncateUnmapsPrivateCowCopiesBeyondEofToo() {
        mm.mmapFile(file, 0, 2, 0, true, false);
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 0, (byte) 9));
        Folio copy = mm.pte(1).presentFolio();
        assertTrue(copy.isAnon(), "a private COW copy");
        kernel.truncate().truncate(file, PAGE);
        assertTrue(mm.pte(1).isNone(), "even_cows: the copy goes too");
        assertTrue(copy.freed());
        assertEquals(Outcome.SIGBUS, kernel.user().read(mm, 1, 0).outcome());
    }

    @Test
    void invalidateLaundersADirtyPageUnmapsAndDropsItAndTheNextReadComesFromDisk() {
        mm.mmapFile(file, 0, 2, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 3, (byte) 4));
        Folio dirty = file.peek(0);
        assertTrue(dirty.dirty());
        kernel.truncate().invalidate(file, 0, 1);
        assertTrue(mm.pte(0).isNone());
        assertNull(file.peek(0));
        assertTrue(dirty.freed());
        assertFalse(dirty.dirty(), "launder_folio() cleaned it");
        assertEquals(4, file.readDisk(0)[3], "written to disk first");
        assertEquals(2L * PAGE, file.iSize(), "inside i_size: the size stays");
        assertEquals(4, kernel.user().read(mm, 0, 3).value());
        assertInstanceOf(Pte.Present.class, mm.pte(0));
    }

    @Test
    void invalidateOnlyTheRangeGiven() {
        fill();
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, PAGE + 2, (byte) 50));
        Folio page0 = file.peek(0);
        Folio page1 = file.peek(1);
        kernel.truncate().invalidate(file, 1, 2);
        assertSame(page0, file.peek(0));
        assertNull(file.peek(1));
        assertTrue(page1.freed());
        assertEquals(50, file.readDisk(1)[2], "the dirty page was laundered");
    }

    @Test
    void anODirectWriteReplacesTheBlocksAndDropsTheStaleCachedPage() {
        fill();
        byte[] bytes = new byte[PAGE];
        bytes[0] = 77;
        kernel.truncate().writeDirect(file, 0, bytes);
        assertNull(file.peek(0));
        assertEquals(77, kernel.fileIo().read(file, 0).value());
        assertEquals(0, kernel.fileIo().read(file, 1).value());
    }

    @Test
    void withoutTheRecheckOneUnmapPassStillTakesTheCowCopies() {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK));
        AddressSpace f = old.createFile(2L * PAGE);
        Mm p = old.createMm();
        p.mmapFile(f, 0, 2, 0, true, false);
        assertEquals(Outcome.OK, old.user().write(p, 1, 0, (byte) 9));
        old.truncate().truncate(f, PAGE);
        assertTrue(p.pte(1).isNone(), "the first unmap_mapping_range(even_cows) takes it when nothing races");
        assertEquals(List.of(), old.invariants().check());
    }

    @Test
    void truncateAndInvalidateAreOneOperationEachAndPassTheirStepLabelsInOrder() {
        List<String> points = new ArrayList<>();
        Kernel watched = new Kernel(KernelConfig.defaults(), new WatchedHooks(label -> {
            if (!label.startsWith("lock:")) {
                points.add(label);
            }
        }));
        AddressSpace f = watched.createFile(2L * PAGE);
        long before = watched.operations();
        watched.truncate().truncate(f, PAGE);
        assertEquals(before + 1, watched.operations());
        assertEquals(
                List.of(
                        Labels.TRUNCATE_SIZE,
                        Labels.TRUNCATE_UNMAP,
                        Labels.TRUNCATE_REMOVE,
                        Labels.TRUNCATE_UNMAP_COWS),
                points);
        points.clear();
        watched.truncate().invalidate(f, 0, 1);
        assertEquals(before + 2, watched.operations());
        assertEquals(List.of(Labels.INVALIDATE_UNMAP, Labels.INVALIDATE_REMOVE), points);
    }
}
