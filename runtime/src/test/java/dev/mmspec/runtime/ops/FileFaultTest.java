package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

class FileFaultTest extends KernelFixture {
    private final AddressSpace file = kernel.createFile(20);

    @Test
    void readFaultMapsThePageCacheFolioReadOnly() {
        file.writeDisk(1, new byte[] {7, 0, 0, 0, 0, 0, 0, 0});
        mm.mmapFile(file, 10, 3, 0, false, true);
        assertEquals(7, kernel.user().read(mm, 11, 0).value());
        Pte.Present pte = (Pte.Present) mm.pte(11);
        assertSame(file.peek(1), pte.folio());
        assertFalse(pte.writable());
        assertEquals(2, pte.folio().refcount(), "page cache + mapping");
    }

    @Test
    void accessBeyondEndOfFileIsSigbus() {
        mm.mmapFile(file, 0, 4, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 2, 0).outcome(), "a partial last page is inside i_size");
        assertEquals(Outcome.SIGBUS, kernel.user().read(mm, 3, 0).outcome());
        assertEquals(Outcome.SIGBUS, kernel.user().write(mm, 3, 0, (byte) 1));
    }

    @Test
    void sharedWriteGoesThroughPageMkwriteAndWritebackWriteProtectsAgain() {
        mm.mmapFile(file, 0, 1, 0, true, true);
        kernel.user().read(mm, 0, 0);
        kernel.user().write(mm, 0, 0, (byte) 3);
        Folio folio = file.peek(0);
        assertTrue(folio.dirty() && folio.fsNotified());
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        assertFalse(folio.dirty());
        assertFalse(((Pte.Present) mm.pte(0)).writable(), "folio_mkclean write-protected the PTE");
        assertEquals(3, file.readDisk(0)[0]);
        kernel.user().write(mm, 0, 0, (byte) 4);
        assertTrue(folio.dirty() && folio.fsNotified(), "the next write faulted into page_mkwrite again");
        assertEquals(Outcome.EAGAIN, kernel.writeback().writeback(file, 2), "nothing cached there");
    }

    @Test
    void privateWriteCopiesTheFilePage() {
        file.writeDisk(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        mm.mmapFile(file, 0, 1, 0, true, false);
        kernel.user().read(mm, 0, 0);
        kernel.user().write(mm, 0, 0, (byte) 9);
        Folio copy = mm.pte(0).presentFolio();
        assertNotSame(file.peek(0), copy);
        assertTrue(copy.isAnon() && copy.anonExclusive());
        assertEquals(2, kernel.user().read(mm, 0, 1).value(), "the copy has the file's data");
        assertEquals(1, file.peek(0).read(0), "the page cache is untouched");
    }

    @Test
    void truncateUnmapsAndLaterAccessIsSigbus() {
        mm.mmapFile(file, 0, 3, 0, true, true);
        kernel.user().write(mm, 2, 0, (byte) 1);
        kernel.user().write(mm, 1, 7, (byte) 1);
        kernel.truncate().truncate(file, 11);
        assertTrue(mm.pte(2).isNone());
        assertEquals(null, file.peek(2));
        assertEquals(Outcome.SIGBUS, kernel.user().read(mm, 2, 0).outcome());
        assertEquals(0, kernel.user().read(mm, 1, 7).value(), "the partial page is zeroed past EOF");
        kernel.truncate().truncate(file, 24);
        assertEquals(0, kernel.user().read(mm, 2, 0).value(), "grown again: zeros");
    }

    @Test
    void invalidateMakesTheNextAccessReadTheDisk() {
        mm.mmapFile(file, 0, 1, 0, false, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        kernel.truncate().writeDirect(file, 0, new byte[] {5, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void reclaimDropsACleanUnmappedFilePageAndWritesADirtyOne() {
        mm.mmapFile(file, 0, 1, 0, true, true);
        kernel.user().write(mm, 0, 0, (byte) 6);
        Folio folio = file.peek(0);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(folio.freed());
        assertEquals(6, file.readDisk(0)[0]);
        assertEquals(6, kernel.user().read(mm, 0, 0).value());
    }
}
