package dev.mmspec.runtime.rmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * page_vma_mapped_walk() inside rmap_walk_file(): a VMA with no page table at the folio's address is passed over and
 * the walk goes on, whatever order the i_mmap tree gives the VMAs in.
 */
class WalkMappedTest {

    @Test
    void aMappingWithoutAPageTableBeforeTheOneThatMapsThePageDoesNotStopTheWalk() {
        Kernel k = new Kernel(KernelConfig.defaults());
        AddressSpace file = k.createFile(Folio.PAGE_SIZE);
        k.fileIo().pwrite(file, 0, (byte) 5);
        k.writeback().writeback(file, 0);
        Mm never = k.createMm();
        never.mmapFile(file, 0, 1, 0, false, true); // first in i_mmap, never faulted
        Mm mm = k.createMm();
        mm.mmapFile(file, 0, 1, 0, false, true);
        assertEquals(5, k.user().read(mm, 0, 0).value());
        assertNull(never.pageTableIfPresent(0));
        Folio folio = file.peek(0);
        assertEquals(Outcome.OK, k.reclaim().swapOut(mm, 0));
        assertTrue(mm.pte(0).isNone(), "try_to_unmap() reached the second VMA");
        assertTrue(folio.freed());
        assertEquals(5, k.user().read(never, 0, 0).value());
        assertEquals(List.of(), k.invariants().check());
    }
}
