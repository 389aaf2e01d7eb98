package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

class AnonFaultTest extends KernelFixture {

    @Test
    void writeFaultMapsAnExclusiveWritablePage() {
        mm.mmapAnonymous(0, 2, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 3, (byte) 9));
        Pte.Present pte = assertInstanceOf(Pte.Present.class, mm.pte(1));
        assertTrue(pte.writable() && pte.dirty());
        Folio folio = pte.folio();
        assertTrue(folio.anonExclusive());
        assertEquals(1, folio.refcount());
        assertEquals(1, folio.mapcount());
        assertEquals(9, kernel.user().read(mm, 1, 3).value());
        assertEquals(0, kernel.user().read(mm, 0, 3).value(), "a fresh anonymous page reads zero");
    }

    @Test
    void accessOutsideAnyVmaOrAgainstItsProtectionIsSigsegv() {
        mm.mmapAnonymous(0, 1, false);
        assertEquals(Outcome.SIGSEGV, kernel.user().write(mm, 0, 0, (byte) 1));
        assertEquals(Outcome.SIGSEGV, kernel.user().read(mm, 5, 0).outcome());
    }

    @Test
    void forkSharesPagesCopyOnWrite() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio shared = mm.pte(0).presentFolio();
        Mm child = kernel.fork().fork(mm);
        assertSame(shared, child.pte(0).presentFolio());
        assertEquals(2, shared.mapcount());
        assertFalse(shared.anonExclusive(), "fork shares: neither side is exclusive");
        assertFalse(((Pte.Present) mm.pte(0)).writable());
        kernel.user().write(child, 0, 0, (byte) 2);
        assertNotSame(shared, child.pte(0).presentFolio(), "the child copied on write");
        assertEquals(1, kernel.user().read(mm, 0, 0).value());
        assertEquals(2, kernel.user().read(child, 0, 0).value());
        kernel.user().write(mm, 0, 0, (byte) 3);
        assertSame(shared, mm.pte(0).presentFolio(), "the parent, now alone, reuses its page");
        kernel.mmap().exit(child);
    }

    @Test
    void swapOutAndSwapInRoundTripTheData() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 42);
        Folio folio = mm.pte(0).presentFolio();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertEquals(new Pte.Swap(0, true), mm.pte(0));
        assertTrue(folio.freed(), "nobody else referenced it: written out and freed");
        assertEquals(42, kernel.swap().view(0).data()[0]);
        assertEquals(42, kernel.user().read(mm, 0, 0).value());
        Folio back = mm.pte(0).presentFolio();
        assertTrue(back.anonExclusive() && !back.swapcache());
        assertFalse(kernel.swap().used(0), "a fresh swap-in frees the slot");
    }

    @Test
    void swapOutOfAReferencedPageKeepsItInTheSwapCache() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 42);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        kernel.reclaim().swapOut(mm, 0);
        assertTrue(folio.swapcache() && !folio.freed());
        kernel.user().read(mm, 0, 0);
        assertSame(folio, mm.pte(0).presentFolio(), "the refault finds it in the swap cache");
        assertTrue(folio.anonExclusive(), "restored from the swap PTE's exclusive bit");
        folio.put();
    }

    @Test
    void swapFullIsEnospc() {
        Kernel small = new Kernel(KernelConfig.defaults().withSwapSlots(0));
        Mm m = small.createMm();
        m.mmapAnonymous(0, 1, true);
        small.user().write(m, 0, 0, (byte) 1);
        assertEquals(Outcome.ENOSPC, small.reclaim().swapOut(m, 0));
    }

    @Test
    void outOfMemoryIsEnomem() {
        Kernel small = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        Mm m = small.createMm();
        m.mmapAnonymous(0, 2, true);
        assertEquals(Outcome.OK, small.user().write(m, 0, 0, (byte) 1));
        assertEquals(Outcome.ENOMEM, small.user().write(m, 1, 0, (byte) 1));
    }

    @Test
    void swappedPageSharedByForkIsReadIntoTheSwapCache() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        kernel.reclaim().swapOut(mm, 0);
        Mm child = kernel.fork().fork(mm);
        assertEquals(new Pte.Swap(0, false), mm.pte(0), "fork clears the exclusive bit");
        assertEquals(5, kernel.user().read(child, 0, 0).value());
        Folio folio = child.pte(0).presentFolio();
        assertTrue(folio.swapcache());
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
        assertSame(folio, mm.pte(0).presentFolio());
        kernel.user().write(mm, 0, 0, (byte) 6);
        assertEquals(5, kernel.user().read(child, 0, 0).value());
        kernel.mmap().exit(child);
    }
}
