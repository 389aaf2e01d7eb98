package dev.mmspec.runtime.filemap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file's address_space rule by rule (mm/filemap.c, include/linux/pagemap.h): the page cache's references, what may
 * take an index, which removal needs the folio lock, shmem's swap entries in i_pages, i_mmap under its rwsem, and the
 * blocks on disk.
 */
class AddressSpaceTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final AddressSpace file = kernel.createFile(4L * PAGE);
    private final AddressSpace shmem = kernel.createShmemFile(4L * PAGE);

    @Test
    void sizeInPagesRoundsAPartialLastPageUp() {
        file.setISize(0);
        assertEquals(0, file.sizeInPages());
        file.setISize(1);
        assertEquals(1, file.sizeInPages());
        file.setISize(PAGE);
        assertEquals(1, file.sizeInPages());
        file.setISize(PAGE + 1L);
        assertEquals(2, file.sizeInPages());
        assertEquals(PAGE + 1L, file.iSize());
    }

    @Test
    void aRegularFileIsDirtyTrackedAndShmemIsNot() {
        assertFalse(file.shmem());
        assertTrue(file.dirtyTracked());
        assertTrue(shmem.shmem());
        assertFalse(shmem.dirtyTracked());
        assertTrue(file.toString().startsWith("file#"), file.toString());
        assertTrue(shmem.toString().startsWith("shmem#"), shmem.toString());
        assertEquals(AddressSpace.Kind.REGULAR, new AddressSpace(kernel.locks(), 99, 0).kind());
    }

    @Test
    void addTakesTheCachesReferenceAndNamesTheIndex() {
        Folio folio = kernel.folios().alloc();
        assertTrue(file.add(2, folio));
        assertEquals(2, folio.refcount(), "the allocation's and the page cache's");
        assertSame(file, folio.mapping());
        assertEquals(2, folio.index());
        assertTrue(folio.isFile());
        assertSame(folio, file.peek(2));
        assertEquals(2, folio.refcount(), "peek takes no reference");
    }

    @Test
    void anIndexHeldByAFolioOrASwapEntryIsRefused() {
        Folio first = kernel.folios().alloc();
        assertTrue(file.add(0, first));
        Folio second = kernel.folios().alloc();
        assertFalse(file.add(0, second));
        assertEquals(1, second.refcount(), "a refused folio gets no cache reference");
        assertNull(second.mapping());
        assertSame(first, file.peek(0));

        Folio swapped = kernel.folios().alloc();
        assertTrue(shmem.add(1, swapped));
        swapped.lock().lock();
        shmem.replaceWithSwapEntry(swapped, 5);
        swapped.lock().unlock();
        Folio third = kernel.folios().alloc();
        assertFalse(shmem.add(1, third), "the swap entry holds index 1");
        assertNull(shmem.peek(1));
    }

    @Test
    void lookupTakesAReferenceButNotOnAFolioBeingFreed() {
        Folio folio = kernel.folios().alloc();
        file.add(0, folio);
        folio.put(); // only the page cache holds it now
        assertSame(folio, file.lookup(0));
        assertEquals(2, folio.refcount());
        folio.put();
        assertNull(file.lookup(1), "nothing cached there");
        assertTrue(folio.refFreeze(1), "reclaim froze it to free it");
        assertNull(file.lookup(0), "folio_try_get() fails on a frozen folio");
        assertSame(folio, file.peek(0));
        assertEquals(0, folio.refcount(), "the failed lookup took nothing");
    }

    @Test
    void removeNeedsTheFolioLockAndDropsTheCachesReference() {
        Folio folio = kernel.folios().alloc();
        file.add(0, folio);
        assertThrows(ContextViolation.class, () -> file.remove(folio));
        assertSame(folio, file.peek(0), "nothing changed without the lock");
        folio.lock().lock();
        file.remove(folio);
        folio.lock().unlock();
        assertNull(file.peek(0));
        assertNull(folio.mapping());
        assertEquals(1, folio.refcount(), "the allocation's reference only");
        assertTrue(file.add(0, kernel.folios().alloc()), "the index is free again");
    }

    @Test
    void migrationReplacesTheFolioAndRemovingTheOldOneThenLeavesTheNewOne() {
        Folio old = kernel.folios().alloc();
        file.add(3, old);
        Folio replacement = kernel.folios().alloc();
        file.replace(old, replacement);
        assertSame(replacement, file.peek(3));
        assertSame(file, replacement.mapping());
        assertEquals(3, replacement.index());
        assertNull(old.mapping());
        old.lock().lock();
        file.removeLocked(old);
        old.lock().unlock();
        assertSame(replacement, file.peek(3), "removing a folio no longer cached there removes nothing");
        int refs = replacement.refcount();
        replacement.lock().lock();
        file.removeLocked(replacement);
        replacement.lock().unlock();
        assertNull(file.peek(3));
        assertNull(replacement.mapping());
        assertEquals(refs, replacement.refcount(), "removeLocked drops no reference: the caller froze it");
    }

    @Test
    void aSwapEntryTakesTheFoliosPlaceUnderItsLock() {
        Folio folio = kernel.folios().alloc();
        shmem.add(2, folio);
        assertEquals(-1, shmem.swapEntry(2));
        assertThrows(ContextViolation.class, () -> shmem.replaceWithSwapEntry(folio, 7));
        folio.lock().lock();
        shmem.replaceWithSwapEntry(folio, 7);
        assertThrows(IllegalStateException.class, () -> shmem.replaceWithSwapEntry(folio, 8), "no longer cached");
        folio.lock().unlock();
        assertEquals(7, shmem.swapEntry(2));
        assertNull(shmem.peek(2));
        assertNull(folio.mapping());
        assertEquals(2, folio.refcount(), "the cache's reference moved with it (to the swap cache)");
        assertEquals(Map.of(2L, 7), shmem.swapEntries());
    }

    @Test
    void aFolioReplacesItsSwapEntryOnlyIfTheEntryIsStillThatSlot() {
        Folio out = kernel.folios().alloc();
        shmem.add(1, out);
        out.lock().lock();
        shmem.replaceWithSwapEntry(out, 4);
        out.lock().unlock();

        Folio in = kernel.folios().alloc();
        assertThrows(ContextViolation.class, () -> shmem.replaceSwapEntry(1, 4, in));
        in.lock().lock();
        assertFalse(shmem.replaceSwapEntry(1, 5, in), "another slot: someone else swapped it out again");
        assertFalse(shmem.replaceSwapEntry(2, 4, in), "no entry at index 2");
        assertEquals(1, in.refcount());
        assertTrue(shmem.replaceSwapEntry(1, 4, in));
        in.lock().unlock();
        assertSame(in, shmem.peek(1));
        assertEquals(2, in.refcount(), "the page cache's reference");
        assertSame(shmem, in.mapping());
        assertEquals(1, in.index());
        assertEquals(-1, shmem.swapEntry(1));
        assertEquals(Map.of(), shmem.swapEntries());
    }

    @Test
    void truncationRemovesTheSwapEntriesFromAnIndexOn() {
        for (long i = 0; i < 4; i++) {
            Folio f = kernel.folios().alloc();
            shmem.add(i, f);
            f.lock().lock();
            shmem.replaceWithSwapEntry(f, (int) (10 + i));
            f.lock().unlock();
        }
        assertEquals(List.of(12, 13), shmem.removeSwapEntriesFrom(2));
        assertEquals(Map.of(0L, 10, 1L, 11), shmem.swapEntries());
        assertEquals(List.of(), shmem.removeSwapEntriesFrom(2));
        Map<Long, Integer> copy = shmem.swapEntries();
        copy.clear();
        assertEquals(2, shmem.swapEntries().size(), "swapEntries() is a copy");
    }

    @Test
    void indicesFromIsHalfOpen() {
        for (long i = 0; i < 4; i++) {
            file.add(i, kernel.folios().alloc());
        }
        assertEquals(List.of(1L, 2L), file.indicesFrom(1, 3));
        assertEquals(List.of(0L, 1L, 2L, 3L), file.indicesFrom(0, 4));
        assertEquals(List.of(), file.indicesFrom(2, 2));
        assertEquals(4, file.cachedFolios().size());
        file.cachedFolios().clear();
        assertEquals(4, file.cachedFolios().size(), "cachedFolios() is a copy");
    }

    @Test
    void iMmapChangesOnlyUnderItsRwsemForWrite() {
        Mm mm = kernel.createMm();
        Vma vma = mm.mmapFile(file, 0, 1, 0, false, true);
        assertEquals(List.of(vma), file.iMmap());
        assertThrows(ContextViolation.class, () -> file.unlink(vma));
        file.iMmapRwsem().downRead();
        assertThrows(ContextViolation.class, () -> file.unlink(vma), "read is not enough");
        file.iMmapRwsem().upRead();
        file.iMmapRwsem().downWrite();
        file.unlink(vma);
        assertEquals(List.of(), file.iMmap());
        file.link(vma);
        file.iMmapRwsem().upWrite();
        assertEquals(List.of(vma), file.iMmap());
        assertThrows(ContextViolation.class, () -> file.link(vma));
        assertThrows(UnsupportedOperationException.class, () -> file.iMmap().clear(), "a copy");
    }

    @Test
    void theDiskReadsZeroesWhereNothingWasWrittenAndKeepsItsOwnCopies() {
        assertArrayEquals(new byte[PAGE], file.readDisk(5));
        byte[] block = {1, 2, 3, 4, 5, 6, 7, 8};
        file.writeDisk(1, block);
        file.writeDisk(2, block);
        file.writeDisk(3, block);
        block[0] = 9;
        assertEquals(1, file.readDisk(1)[0], "writeDisk copied the caller's bytes");
        file.readDisk(1)[1] = 9;
        assertEquals(2, file.readDisk(1)[1], "readDisk returns a copy");
        file.truncateDisk(2);
        assertEquals(1, file.readDisk(1)[0], "before the index: kept");
        assertArrayEquals(new byte[PAGE], file.readDisk(2), "the index itself is freed");
        assertArrayEquals(new byte[PAGE], file.readDisk(3));
    }
}
