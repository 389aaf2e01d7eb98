package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

class GupTest extends KernelFixture {

    @Test
    void nofaultLookupOfAMissingOrReadOnlyPageIsEagainWithoutReference() {
        mm.mmapAnonymous(0, 1, true);
        assertEquals(
                Outcome.EAGAIN,
                kernel.gup().get(mm, 0, Foll.WRITE, Foll.NOFAULT).outcome());
        assertTrue(mm.pte(0).isNone(), "no fault-in");
        kernel.user().write(mm, 0, 0, (byte) 1);
        Mm child = kernel.fork().fork(mm);
        Folio folio = mm.pte(0).presentFolio();
        int ref = folio.refcount();
        assertEquals(
                Outcome.EAGAIN,
                kernel.gup().get(mm, 0, Foll.WRITE, Foll.NOFAULT).outcome());
        assertEquals(ref, folio.refcount());
        kernel.mmap().exit(child);
    }

    @Test
    void slowGupFaultsThePageInAndTakesAReference() {
        mm.mmapAnonymous(0, 1, true);
        GupResult r = kernel.gup().get(mm, 0, Foll.WRITE);
        assertTrue(r.ok());
        assertSame(mm.pte(0).presentFolio(), r.ref().folio());
        assertEquals(2, r.ref().folio().refcount());
        kernel.dma().complete(r.ref(), 0, new byte[] {8});
        assertEquals(8, kernel.user().read(mm, 0, 0).value());
        assertEquals(1, mm.pte(0).presentFolio().refcount());
    }

    @Test
    void pinIsVisibleAsMaybeDmaPinnedAndKeepsThePageFromSwap() {
        mm.mmapAnonymous(0, 1, true);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        Folio folio = pin.ref().folio();
        assertTrue(folio.maybeDmaPinned() && mm.hasPinned());
        kernel.reclaim().swapOut(mm, 0);
        assertSame(folio, mm.pte(0).presentFolio(), "try_to_unmap refuses a pinned exclusive page");
        assertTrue(kernel.migration().migrate(mm, 0).outcome() != Outcome.OK, "and so does migration");
        kernel.dma().complete(pin.ref(), 1, new byte[] {3});
        assertFalse(folio.maybeDmaPinned());
        assertEquals(3, kernel.user().read(mm, 0, 1).value());
    }

    @Test
    void readOnlyPinOfASharedAnonymousPageUnsharesItFirst() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio shared = mm.pte(0).presentFolio();
        Mm child = kernel.fork().fork(mm);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertTrue(pin.ok());
        assertNotSame(shared, pin.ref().folio(), "the parent got its own exclusive copy to pin");
        assertTrue(pin.ref().folio().anonExclusive());
        assertFalse(((Pte.Present) mm.pte(0)).writable(), "unsharing does not make it writable");
        kernel.gup().release(pin.ref(), false);
        kernel.mmap().exit(child);
    }

    @Test
    void fastGupBacksOffFromAReadOnlyPteForWrite() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Mm child = kernel.fork().fork(mm);
        assertEquals(
                Outcome.EAGAIN, kernel.gup().get(mm, 0, Foll.FAST, Foll.WRITE).outcome());
        GupResult read = kernel.gup().get(mm, 0, Foll.FAST);
        assertTrue(read.ok());
        kernel.gup().release(read.ref(), false);
        kernel.mmap().exit(child);
    }

    @Test
    void forcedWriteToAReadOnlyPrivateMappingGoesToAPrivateCopy() {
        var file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, false, false);
        assertEquals(Outcome.OK, kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 4));
        assertEquals(4, kernel.user().read(mm, 0, 0).value());
        assertEquals(0, file.peek(0).read(0));
        assertEquals(Outcome.EFAULT, kernel.gup().get(mm, 0, Foll.WRITE).outcome(), "no FORCE: refused");
    }
}
