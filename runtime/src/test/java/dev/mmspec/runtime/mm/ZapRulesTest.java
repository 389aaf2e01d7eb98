package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tearing mappings down (mm/memory.c zap_pte_range, unmap_mapping_range, unmap_mapping_folio) rule by rule: a dirty PTE
 * passes its dirty bit to a file folio, unmap_mapping_range() maps file pages to addresses through each VMA's vm_pgoff
 * and leaves private COWed copies unless asked for them (truncate), and unmap_mapping_folio() zaps only the PTEs that
 * map that one folio.
 */
class ZapRulesTest {
    private static final int PAGE = Folio.PAGE_SIZE;

    @Test
    void zappingADirtyPteDirtiesTheFileFolio() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm mm = kernel.createMm();
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        mm.mmapFile(memfd, 0, 1, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value(), "a read fault maps shmem writable and clean");
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 3));
        Folio folio = memfd.peek(0);
        assertTrue(((Pte.Present) mm.pte(0)).dirty());
        assertFalse(folio.dirty(), "the store dirtied the PTE only");
        kernel.mmap().munmap(mm, 0, 1);
        assertTrue(folio.dirty(), "zap_pte_range: set_page_dirty from the dirty PTE");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void invalidateMapsFilePagesThroughVmPgoffAndKeepsPrivateCopies() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm mm = kernel.createMm();
        AddressSpace file = kernel.createFile(4L * PAGE);
        for (int index = 0; index < 4; index++) {
            kernel.fileIo().pwrite(file, (long) index * PAGE, (byte) (index + 1));
        }
        mm.mmapFile(file, 10, 3, 1, false, false); // file pages 1..3 at 10..12, private
        for (long a = 10; a < 13; a++) {
            assertEquals(a - 8, kernel.user().read(mm, a, 0).value());
        }
        assertEquals(Outcome.OK, kernel.gup().accessRemoteWrite(mm, 12, 1, (byte) 9)); // a COWed copy of page 3
        Folio copy = mm.pte(12).presentFolio();
        assertTrue(copy.isAnon());
        kernel.truncate().invalidate(file, 2, 4);
        assertSame(file.peek(1), mm.pte(10).presentFolio(), "file page 1 is outside the range");
        assertTrue(mm.pte(11).isNone(), "file page 2 at address 11 is unmapped");
        assertSame(copy, mm.pte(12).presentFolio(), "invalidation leaves private COWed copies");
        assertEquals(9, kernel.user().read(mm, 12, 1).value());
        assertEquals(3, kernel.user().read(mm, 11, 0).value(), "read back from the disk");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void invalidateKeepsASwappedOutPrivateCopy() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm mm = kernel.createMm();
        AddressSpace file = kernel.createFile(PAGE);
        mm.mmapFile(file, 0, 1, 0, true, false);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 4));
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        Pte.Swap swap = assertInstanceOf(Pte.Swap.class, mm.pte(0));
        kernel.truncate().invalidate(file, 0, 1);
        assertEquals(swap, mm.pte(0));
        assertEquals(4, kernel.user().read(mm, 0, 0).value());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void truncateUnmapsPrivateCopiesBeyondEofToo() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm mm = kernel.createMm();
        AddressSpace file = kernel.createFile(2L * PAGE);
        mm.mmapFile(file, 5, 2, 0, true, false);
        assertEquals(Outcome.OK, kernel.user().write(mm, 6, 0, (byte) 4));
        assertTrue(mm.pte(6).presentFolio().isAnon());
        assertEquals(0, kernel.user().read(mm, 5, 0).value());
        kernel.truncate().truncate(file, PAGE);
        assertTrue(mm.pte(6).isNone(), "even_cows: a COWed page beyond EOF must SIGBUS");
        assertEquals(Outcome.SIGBUS, kernel.user().read(mm, 6, 0).outcome());
        assertFalse(mm.pte(5).isNone(), "page 0 is inside the new size");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void unmapMappingFolioZapsOnlyThatFoliosPtes() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel kernel = sim.kernel;
            AddressSpace file = kernel.createFile(2L * PAGE);
            Mm cow = kernel.createMm();
            Mm shared = kernel.createMm();
            cow.mmapFile(file, 0, 2, 0, true, false);
            shared.mmapFile(file, 0, 2, 0, false, true);
            assertEquals(Outcome.OK, kernel.user().write(cow, 0, 0, (byte) 5));
            Folio copy = cow.pte(0).presentFolio();
            sim.start(0, () -> {
                kernel.truncate().invalidate(file, 0, 1);
                return null;
            });
            sim.stepTo(0, Labels.INVALIDATE_REMOVE);
            Folio cached = file.peek(0);
            assertEquals(0, kernel.user().read(shared, 0, 0).value(), "mapped again between the two steps");
            assertSame(cached, shared.pte(0).presentFolio());
            sim.finish(0);
            assertTrue(shared.pte(0).isNone(), "unmap_mapping_folio() found it at address 0");
            assertSame(copy, cow.pte(0).presentFolio(), "the private copy at the same address is another folio");
            assertNotSame(cached, file.peek(0), "the folio left the page cache");
            assertTrue(cached.freed());
            assertEquals(List.of(), kernel.invariants().check());
        }
    }

    @Test
    void unmapMappingFolioNeedsTheFolioLock() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        AddressSpace file = kernel.createFile(PAGE);
        kernel.fileIo().pwrite(file, 0, (byte) 1);
        Folio folio = file.peek(0);
        assertThrows(ContextViolation.class, () -> kernel.mmap().zap().unmapMappingFolio(folio, file));
        assertNotSame(null, file.peek(0));
    }
}
