package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The shared zero page, shmem files, and R/O long-term pins that must unshare them. */
class ZeroPageShmemTest extends KernelFixture {

    @Test
    void readFaultMapsTheZeroPageUncountedAndAWriteCopiesFromIt() {
        mm.mmapAnonymous(0, 2, true);
        int live = kernel.folios().liveCount();
        assertEquals(0, kernel.user().read(mm, 0, 3).value());
        assertEquals(0, kernel.user().read(mm, 1, 3).value());
        Folio zero = kernel.zeroPage();
        assertSame(zero, mm.pte(0).presentFolio());
        assertSame(zero, mm.pte(1).presentFolio());
        assertFalse(((Pte.Present) mm.pte(0)).writable());
        assertEquals(live, kernel.folios().liveCount(), "no folio allocated for a read");
        assertEquals(0, zero.mapcount());
        Mm child = kernel.fork().fork(mm);
        assertTrue(child.pte(0).isNone(), "vma_needs_copy(): no anon_vma yet, so fork leaves it to the child's fault");
        assertEquals(0, kernel.user().read(child, 0, 3).value());
        assertSame(zero, child.pte(0).presentFolio());
        kernel.user().write(mm, 0, 3, (byte) 5);
        Folio copy = mm.pte(0).presentFolio();
        assertNotSame(zero, copy);
        assertTrue(copy.isAnon() && copy.anonExclusive());
        assertEquals(0, kernel.user().read(child, 0, 3).value());
        assertEquals(Outcome.OK, kernel.mmap().madviseDontneed(mm, 1, 2));
        assertEquals(Outcome.EAGAIN, kernel.migration().migrate(child, 0).outcome(), "not a normal page");
        assertEquals(Outcome.EAGAIN, kernel.reclaim().swapOut(child, 0));
        kernel.mmap().exit(child);
        assertEquals(0, zero.refcount() - 1, "never counted");
    }

    @Test
    void follGetOfTheZeroPageIsCountedAndFollPinIsNot() {
        mm.mmapAnonymous(0, 1, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        Folio zero = kernel.zeroPage();
        int base = zero.refcount();
        GupResult get = kernel.gupCallers().vmsplice(mm, 0);
        assertSame(zero, get.ref().folio(), "vmsplice() takes the zero page as mapped");
        assertEquals(base + 1, zero.refcount(), "try_grab_folio(FOLL_GET): folio_ref_add() on the zero page too");
        GupResult fast = kernel.gup().getFast(mm, 0, EnumSet.noneOf(Foll.class));
        assertSame(zero, fast.ref().folio(), "GUP-fast refuses the special PTE; the slow path takes it");
        assertEquals(base + 2, zero.refcount());
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertSame(zero, pin.ref().folio());
        assertEquals(base + 2, zero.refcount(), "no pin on the zero page (c8070b787519)");
        assertEquals(0, zero.pincount());
        assertFalse(zero.maybeDmaPinned());
        kernel.gup().release(pin.ref(), false);
        assertEquals(base + 2, zero.refcount(), "gup_put_folio(FOLL_PIN) skips the zero page");
        kernel.gup().release(get.ref(), false);
        kernel.gup().release(fast.ref(), false);
        assertEquals(base, zero.refcount(), "put_page() dropped both FOLL_GET references");
        assertSame(zero, mm.pte(0).presentFolio());
    }

    @Test
    void aStoreIntoTheZeroPageIsAKernelBug() {
        assertTrue(kernel.zeroPage().isZero());
        Kernel other = new Kernel(kernel.config());
        try {
            other.zeroPage().write(0, (byte) 1);
        } catch (KernelBug expected) {
            assertEquals(1, other.bugs().size());
            return;
        }
        throw new AssertionError("a store into the zero page went through");
    }

    @Test
    void gupFastRefusesTheZeroPageAndTheFallbackUnsharesItForALongtermPin() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().read(mm, 0, 0);
        assertEquals(
                Outcome.EAGAIN,
                kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN, Foll.LONGTERM).outcome());
        GupResult pin = kernel.gupCallers().pinLongtermTestStart(mm, 0, false, true);
        assertTrue(pin.ok());
        assertFalse(pin.ref().folio().isZero(), "an exclusive anonymous copy is pinned");
        assertSame(pin.ref().folio(), mm.pte(0).presentFolio());
        kernel.user().write(mm, 0, 0, (byte) 9);
        assertEquals(9, pin.ref().folio().read(0), "the pin sees the write");
        kernel.gup().release(pin.ref(), false);
    }

    @Test
    void shortTermReadOnlyPinOfTheZeroPageIsNotCountedAndNotUnshared() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().read(mm, 0, 0);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertTrue(pin.ok());
        assertTrue(pin.ref().folio().isZero());
        assertEquals(0, pin.ref().folio().pincount());
        kernel.gup().release(pin.ref(), false);
    }

    @Test
    void readOnlyLongtermPinOfAPrivateFileMappingPinsAnExclusiveAnonymousCopy() {
        for (AddressSpace file : new AddressSpace[] {kernel.createFile(8), kernel.createShmemFile(8)}) {
            Mm process = kernel.createMm();
            process.mmapFile(file, 0, 1, 0, true, false);
            kernel.user().read(process, 0, 0);
            Folio cached = file.peek(0);
            assertSame(cached, process.pte(0).presentFolio());
            GupResult pin = kernel.gupCallers().pinLongtermTestStart(process, 0, false, false);
            assertTrue(pin.ok());
            assertNotSame(cached, pin.ref().folio());
            assertTrue(pin.ref().folio().isAnon() && pin.ref().folio().anonExclusive());
            kernel.user().write(process, 0, 0, (byte) 4);
            assertEquals(4, pin.ref().folio().read(0), file + ": the pin sees the private write");
            assertEquals(0, cached.read(0), file + ": the page cache is never written");
            kernel.gup().release(pin.ref(), false);
            kernel.mmap().exit(process);
        }
    }

    @Test
    void withoutCowReuseExclusiveTheReadOnlyLongtermPinReadsStaleData() {
        Kernel old = new Kernel(kernel.config().without(dev.mmspec.runtime.Fix.COW_REUSE_EXCLUSIVE));
        AddressSpace file = old.createShmemFile(8);
        Mm process = old.createMm();
        process.mmapFile(file, 0, 1, 0, true, false);
        old.user().read(process, 0, 0);
        GupResult pin = old.gupCallers().pinLongtermTestStart(process, 0, false, false);
        old.user().write(process, 0, 0, (byte) 4);
        assertEquals(0, pin.ref().folio().read(0), "the page-cache folio was pinned: stale");
        old.gup().release(pin.ref(), false);
    }

    @Test
    void sharedShmemIsNotDirtyTrackedSoLongtermWritablePinsAreAllowed() {
        AddressSpace shmem = kernel.createShmemFile(8);
        AddressSpace regular = kernel.createFile(8);
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        mm.mmapFile(regular, 1, 1, 0, true, true);
        assertFalse(mm.findVma(0).dirtyTracked());
        assertTrue(mm.findVma(1).dirtyTracked());
        kernel.user().read(mm, 0, 0);
        assertTrue(((Pte.Present) mm.pte(0)).writable(), "writable vm_page_prot: a read fault maps it writable");
        EnumSet<Foll> ring = EnumSet.of(Foll.PIN, Foll.LONGTERM, Foll.WRITE);
        GupResult fast = kernel.gup().get(mm, 0, EnumSet.of(Foll.FAST, Foll.PIN, Foll.LONGTERM, Foll.WRITE));
        assertTrue(fast.ok(), "gup_fast_folio_allowed() knows shmem");
        kernel.gup().release(fast.ref(), true);
        assertEquals(Outcome.EFAULT, kernel.gup().getFast(mm, 1, ring).outcome());
        assertEquals(Outcome.EAGAIN, kernel.writeback().writeback(shmem, 0), "no writeback for shmem");
        kernel.user().write(mm, 0, 0, (byte) 2);
        assertTrue(shmem.peek(0).dirty());
    }

    @Test
    void shmemPagesAreReclaimedAndReadBack() {
        AddressSpace shmem = kernel.createShmemFile(8);
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        kernel.user().write(mm, 0, 1, (byte) 6);
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, 0, 1));
        assertTrue(mm.pte(0).isNone());
        assertEquals(null, shmem.peek(0));
        assertEquals(6, kernel.user().read(mm, 0, 1).value());
    }
}
