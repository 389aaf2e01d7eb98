package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * madvise(MADV_FREE) rule by rule (mm/madvise.c madvise_free_pte_range): private anonymous memory only, exactly the
 * pages of the range, a swap entry dropped with its slot, and the zero page and KSM pages left as they are.
 */
class MadviseFreeRulesTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private Folio page(long address, int value) {
        assertEquals(Outcome.OK, kernel.user().write(mm, address, 0, (byte) value));
        return mm.pte(address).presentFolio();
    }

    @Test
    void onlyPrivateAnonymousMemory() {
        mm.mmapFile(kernel.createFile(Folio.PAGE_SIZE), 0, 1, 0, true, false);
        assertEquals(Outcome.SIGSEGV, kernel.madviseFree().free(mm, 0, 1));
        mm.mmapFile(kernel.createShmemFile(Folio.PAGE_SIZE), 1, 1, 0, true, true);
        assertEquals(Outcome.SIGSEGV, kernel.madviseFree().free(mm, 1, 2));
    }

    @Test
    void exactlyThePagesOfTheRange() {
        mm.mmapAnonymous(0, 4, true);
        Folio inside = page(1, 1);
        Folio after = page(2, 2);
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 2));
        assertTrue(inside.lazyfree());
        assertFalse(((Pte.Present) mm.pte(1)).dirty(), "cleaned: reclaim may discard it");
        assertFalse(after.lazyfree(), "page 2 is outside [0, 2)");
        assertTrue(((Pte.Present) mm.pte(2)).dirty(), "and keeps its dirty PTE");
    }

    @Test
    void aSwapEntryIsDroppedWithItsSlot() {
        mm.mmapAnonymous(0, 1, true);
        page(0, 5);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        Pte.Swap swap = assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 1));
        assertTrue(mm.pte(0).isNone(), "the data is not wanted any more");
        assertFalse(kernel.swap().used(swap.slot()));
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void theZeroPageAndKsmPagesAreLeftAlone() {
        mm.mmapAnonymous(0, 3, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        page(1, 7);
        page(2, 7);
        kernel.ksm().merge(mm, 1);
        kernel.ksm().merge(mm, 2);
        Folio kpage = mm.pte(1).presentFolio();
        assertTrue(kpage.ksm());
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 3));
        assertTrue(mm.pte(0).presentFolio().isZero());
        assertFalse(mm.pte(0).presentFolio().lazyfree(), "the zero page is not anyone's to free");
        assertFalse(kpage.lazyfree(), "a KSM page is never lazyfree");
        assertEquals(7, kernel.user().read(mm, 2, 0).value());
    }
}
