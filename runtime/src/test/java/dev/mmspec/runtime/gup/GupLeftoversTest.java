package dev.mmspec.runtime.gup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What PIT found unchecked in {@code runtime.gup}: can_follow_write_pte()'s VM_WRITE test for a forced write,
 * GUP-fast's back-off when folio_try_get() fails on a folio freed after the lockless read, and gup_test's fast variant.
 */
class GupLeftoversTest {

    /**
     * A FOLL_FORCE write to a read-only PTE of a writable VMA is not followed as is, even for an exclusive page:
     * can_follow_write_pte() returns false for VM_WRITE, the write fault reuses the page and makes the PTE writable and
     * dirty, and the lookup then follows that.
     */
    @Test
    void aForcedWriteToAReadOnlyPteOfAWritableVmaFaultsFirst() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 1);
        k.reclaim().swapOut(mm, 0);
        k.user().read(mm, 0, 0);
        Pte.Present ro = (Pte.Present) mm.pte(0);
        assertTrue(!ro.writable() && ro.folio().anonExclusive(), "swapped in by a read: exclusive, read-only");
        GupResult get = k.gup().get(mm, 0, Foll.WRITE, Foll.FORCE);
        assertEquals(Outcome.OK, get.outcome());
        Pte.Present after = (Pte.Present) mm.pte(0);
        assertTrue(after.writable() && after.dirty(), "the write fault ran before the lookup followed the PTE");
        assertSame(ro.folio(), get.ref().folio());
        k.gup().release(get.ref(), true);
        assertEquals(List.of(), k.invariants().check());
    }

    /** Reclaim freed the page between GUP-fast's lockless read and its grab: folio_try_get() fails, it backs off. */
    @Test
    void gupFastBacksOffAFolioFreedBeforeTheGrab() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(1, () -> k.user().write(mm, 0, 0, (byte) 3));
            Folio folio = mm.pte(0).presentFolio();
            GupResult[] r = new GupResult[1];
            sim.start(0, () -> r[0] = k.gup().get(mm, 0, Foll.FAST));
            sim.stepTo(0, Labels.GUP_GET_FAST_GRAB);
            assertEquals("OK", sim.run(1, () -> k.reclaim().swapOut(mm, 0)));
            assertTrue(folio.freed());
            sim.finish(0);
            assertEquals(Outcome.EAGAIN, r[0].outcome(), "fast-only: no slow path to fall back to");
            assertNull(r[0].ref());
            assertTrue(mm.pte(0) instanceof Pte.Swap);
            GupResult slow = k.gup().getFast(mm, 0, java.util.EnumSet.noneOf(Foll.class));
            assertEquals(Outcome.OK, slow.outcome(), "pin_user_pages_fast()'s fallback swaps it in");
            assertNotSame(folio, slow.ref().folio());
            assertEquals(3, slow.ref().folio().read(0));
            k.gup().release(slow.ref(), false);
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** PIN_LONGTERM_TEST_START with the fast flag goes through pin_user_pages_fast(). */
    @Test
    void theLongtermPinTestsFastVariantTakesTheFastPath() {
        List<String> points = new ArrayList<>();
        Kernel k = new Kernel(KernelConfig.defaults(), new WatchedHooks(l -> {
            if (!l.startsWith("lock:")) {
                points.add(l);
            }
        }));
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 1);
        points.clear();
        GupResult fast = k.gupCallers().pinLongtermTestStart(mm, 0, true, true);
        assertEquals(Outcome.OK, fast.outcome());
        assertEquals(List.of(Labels.GUP_PIN_FAST_READ, Labels.GUP_PIN_FAST_GRAB), points);
        k.gup().release(fast.ref(), false);
        points.clear();
        GupResult slow = k.gupCallers().pinLongtermTestStart(mm, 0, true, false);
        assertEquals(Outcome.OK, slow.outcome());
        assertTrue(!points.contains(Labels.GUP_PIN_FAST_READ), String.valueOf(points));
        k.gup().release(slow.ref(), false);
    }
}
