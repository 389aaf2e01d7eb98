package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import org.junit.jupiter.api.Test;

class MmapTest extends KernelFixture {

    @Test
    void munmapFreesThePagesAndTheRange() {
        mm.mmapAnonymous(0, 3, true);
        kernel.user().write(mm, 1, 0, (byte) 1);
        Folio folio = mm.pte(1).presentFolio();
        kernel.mmap().munmap(mm, 1, 2);
        assertTrue(folio.freed());
        assertEquals(Outcome.SIGSEGV, kernel.user().read(mm, 1, 0).outcome());
        assertEquals(2, mm.vmas().size(), "split around the hole");
        assertEquals(0, kernel.liveFolios().size());
    }

    @Test
    void madviseDontneedDropsThePageButKeepsTheVma() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.mmap().madviseDontneed(mm, 0, 1);
        assertTrue(mm.pte(0).isNone());
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void mprotectSplitsTheVmaAndWriteProtects() {
        mm.mmapAnonymous(0, 4, true);
        kernel.user().write(mm, 2, 0, (byte) 1);
        kernel.mmap().mprotect(mm, 1, 3, false);
        assertEquals(3, mm.vmas().size());
        Vma middle = mm.findVma(2);
        assertEquals(1, middle.start());
        assertEquals(3, middle.end());
        assertEquals(1, middle.pgoff(), "vma_adjust moved start and pgoff together");
        assertTrue(!((Pte.Present) mm.pte(2)).writable());
        assertEquals(Outcome.SIGSEGV, kernel.user().write(mm, 2, 0, (byte) 2));
        kernel.mmap().mprotect(mm, 1, 3, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 2, 0, (byte) 2));
        kernel.reclaim().swapOut(mm, 2);
        assertEquals(2, kernel.user().read(mm, 2, 0).value(), "the rmap still finds the page after the split");
    }
}
