package dev.mmspec.runtime.reclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * shrink_folio_list() and MADV_PAGEOUT (mm/vmscan.c, mm/madvise.c) against another task: a folio truncated while
 * reclaim waited for its lock is left to truncation, a folio someone else holds locked is skipped by MADV_PAGEOUT's
 * trylock, and MADV_PAGEOUT stops at the end of its range.
 */
class ReclaimRechecksTest {
    private static final String FOLIO_LOCK = "lock:folio_lock";

    @Test
    void aFileFolioTruncatedWhileReclaimWaitedForItsLockIsLeftAlone() {
        try (Sim sim = new Sim(KernelConfig.defaults(), l -> Labels.isStep(l) || l.equals(FOLIO_LOCK))) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 1, 0, false, true);
            sim.run(1, () -> k.user().read(mm, 0, 0));
            Folio folio = file.peek(0);
            sim.start(0, () -> k.reclaim().swapOut(mm, 0));
            sim.stepTo(0, FOLIO_LOCK); // looked up with a reference, not locked yet
            sim.run(1, () -> {
                k.truncate().truncate(file, 0);
                return "truncated";
            });
            assertEquals("EAGAIN", sim.finish(0), "a truncated folio is on its way out anyway");
            assertTrue(folio.freed(), "reclaim's reference was the last");
            assertFalse(folio.locked());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    @Test
    void madvPageoutSkipsAFolioSomeoneElseHoldsLocked() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(mm, 0, 0, (byte) 1));
            Folio folio = mm.pte(0).presentFolio();
            sim.start(1, () -> k.reclaim().swapOut(mm, 0));
            sim.stepTo(1, Labels.SWAP_OUT_UNMAP); // locked, still mapped
            assertEquals("OK", sim.run(0, () -> k.reclaim().madvisePageout(mm, 0, 1)));
            assertSame(folio, mm.pte(0).presentFolio(), "folio_trylock() failed: left mapped");
            assertEquals("OK", sim.finish(1));
            assertTrue(mm.pte(0) instanceof Pte.Swap);
            assertEquals(List.of(), k.invariants().check());
        }
    }

    @Test
    void madvPageoutStopsAtTheEndOfItsRange() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 3, true);
        for (int a = 0; a < 3; a++) {
            k.user().write(mm, a, 0, (byte) (a + 1));
        }
        assertEquals(Outcome.OK, k.reclaim().madvisePageout(mm, 1, 2));
        assertTrue(mm.pte(1) instanceof Pte.Swap);
        assertTrue(mm.pte(0) instanceof Pte.Present, "below the range");
        assertTrue(mm.pte(2) instanceof Pte.Present, "at its end");
        assertEquals(List.of(), k.invariants().check());
    }

    /** try_to_unmap() names itself when its caller does not hold the folio lock (before the walk's own check). */
    @Test
    void tryToUnmapChecksItsContextFirst() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mmspec.runtime.lock.ContextViolation.class,
                () -> k.reclaim().tryToUnmap(folio));
        assertTrue(e.getMessage().contains("try_to_unmap"), e.getMessage());
        assertSame(folio, mm.pte(0).presentFolio());
    }
}
