package dev.mmspec.runtime.gup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mm/gup.c one rule at a time: check_vma_flags(), the faultin_page() retry loop and its bound, the GUP-fast refusals
 * that send a lookup to the slow path, and how a reference is released. Every test ends with the kernel's invariants.
 */
class GupRulesTest {
    private Kernel kernel = new Kernel(KernelConfig.defaults());
    private Mm mm = kernel.createMm();

    private void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private void useKernel(KernelConfig config) {
        kernel = new Kernel(config);
        mm = kernel.createMm();
    }

    @Test
    void gupOutsideAnyVmaIsEfault() {
        assertEquals(Outcome.EFAULT, kernel.gup().get(mm, 0).outcome());
        assertEquals(
                Outcome.EFAULT,
                kernel.gup().getFast(mm, 0, EnumSet.noneOf(Foll.class)).outcome());
    }

    @Test
    void longTermWritablePinOfADirtyTrackedFileNeedsAllThreeFlags() {
        AddressSpace file = kernel.createFile(8);
        assertTrue(file.dirtyTracked());
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(
                Outcome.EFAULT,
                kernel.gup().get(mm, 0, Foll.PIN, Foll.LONGTERM, Foll.WRITE).outcome());
        GupResult shortPin = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        assertTrue(shortPin.ok(), "a short-term pin is released before writeback could matter");
        kernel.gup().release(shortPin.ref(), false);
        GupResult longGet = kernel.gup().get(mm, 0, Foll.LONGTERM, Foll.WRITE);
        assertTrue(longGet.ok(), "FOLL_LONGTERM without FOLL_PIN is not writable_file_mapping_allowed()'s case");
        kernel.gup().release(longGet.ref(), false);
        GupResult longRead = kernel.gup().get(mm, 0, Foll.PIN, Foll.LONGTERM);
        assertTrue(longRead.ok(), "a read-only pin never writes the page");
        kernel.gup().release(longRead.ref(), false);
        invariantsHold();
    }

    @Test
    void longTermWritablePinOfShmemOrAnonymousMemoryIsAllowed() {
        AddressSpace shmem = kernel.createShmemFile(8);
        assertFalse(shmem.dirtyTracked());
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        mm.mmapAnonymous(1, 1, true);
        for (long address : new long[] {0, 1}) {
            GupResult pin = kernel.gup().get(mm, address, Foll.PIN, Foll.LONGTERM, Foll.WRITE);
            assertTrue(pin.ok(), "address " + address);
            kernel.gup().release(pin.ref(), false);
        }
        invariantsHold();
    }

    @Test
    void withoutGupWriteNotifyTheLongTermPinOfAFileIsTaken() {
        useKernel(KernelConfig.defaults().without(Fix.GUP_WRITE_NOTIFY));
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, true, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        GupResult fast = kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN, Foll.LONGTERM, Foll.WRITE);
        assertTrue(fast.ok(), "GUP-fast has no reason to defer to the VMA check");
        kernel.gup().release(fast.ref(), false);
        invariantsHold();
    }

    @Test
    void gupFastDefersALongTermWritablePinOfAFileButNotOfShmem() {
        AddressSpace file = kernel.createFile(8);
        AddressSpace shmem = kernel.createShmemFile(8);
        mm.mmapFile(file, 0, 1, 0, true, true);
        mm.mmapFile(shmem, 1, 1, 0, true, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 1, 0, (byte) 1);
        Folio page = mm.pte(0).presentFolio();
        int refs = page.refcount();
        EnumSet<Foll> flags = EnumSet.of(Foll.FAST, Foll.PIN, Foll.LONGTERM, Foll.WRITE);
        assertEquals(Outcome.EAGAIN, kernel.gup().get(mm, 0, flags).outcome());
        assertEquals(refs, page.refcount(), "refused before grabbing");
        assertEquals(0, page.pincount());
        GupResult shm = kernel.gup().get(mm, 1, flags);
        assertTrue(shm.ok(), "shmem needs no write notification");
        kernel.gup().release(shm.ref(), false);
        GupResult shortPin = kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN, Foll.WRITE);
        assertTrue(shortPin.ok(), "short-term: fine without the VMA");
        kernel.gup().release(shortPin.ref(), false);
        GupResult longGet = kernel.gup().get(mm, 0, Foll.FAST, Foll.LONGTERM, Foll.WRITE);
        assertTrue(longGet.ok(), "a long-term FOLL_GET is not a pin");
        kernel.gup().release(longGet.ref(), false);
        invariantsHold();
    }

    @Test
    void forcedWriteToASharedReadOnlyMappingIsRefused() {
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, false, true);
        assertEquals(
                Outcome.EFAULT,
                kernel.gup().get(mm, 0, Foll.WRITE, Foll.FORCE).outcome(),
                "FOLL_FORCE breaks COW in a private mapping only; it never writes the file");
        assertEquals(Outcome.EFAULT, kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 1));
        assertEquals(0, file.peek(0) == null ? 0 : file.peek(0).read(0));
        invariantsHold();
    }

    @Test
    void theSlowPathFaultsUntilTheLookupSucceedsUnlessASpecBoundsTheLoop() {
        useKernel(KernelConfig.defaults().withGupFaultLimit(1));
        mm.mmapAnonymous(0, 2, true);
        assertEquals(
                Outcome.EAGAIN,
                kernel.gup().get(mm, 0, Foll.WRITE).outcome(),
                "one fault allowed: the lookup after it is not taken");
        assertTrue(mm.pte(0) instanceof Pte.Present, "but the fault did map the page");
        GupResult again = kernel.gup().get(mm, 0, Foll.WRITE);
        assertTrue(again.ok(), "the first lookup finds it now");
        kernel.gup().release(again.ref(), false);

        useKernel(KernelConfig.defaults().withGupFaultLimit(2));
        mm.mmapAnonymous(0, 1, true);
        GupResult two = kernel.gup().get(mm, 0, Foll.WRITE);
        assertTrue(two.ok(), "fault, then lookup: within two");
        kernel.gup().release(two.ref(), false);
        invariantsHold();
    }

    @Test
    void aFaultThatRaisesSigbusIsEfault() {
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 2, 0, false, false);
        assertEquals(Outcome.EFAULT, kernel.gup().get(mm, 1).outcome(), "page 1 is beyond EOF");
        assertTrue(kernel.gup().get(mm, 0).ok());
    }

    @Test
    void gupFastLeavesTheZeroPageToTheSlowPathWhichCountsAReferenceOnIt() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().read(mm, 0, 0);
        Folio zero = kernel.zeroPage();
        assertSame(zero, mm.pte(0).presentFolio());
        int refs = zero.refcount();
        assertEquals(Outcome.EAGAIN, kernel.gup().get(mm, 0, Foll.FAST).outcome());
        assertEquals(refs, zero.refcount());
        GupResult get = kernel.gupCallers().vmsplice(mm, 0);
        assertTrue(get.ok());
        assertSame(zero, get.ref().folio());
        assertEquals(refs + 1, zero.refcount(), "FOLL_GET counts on the zero page too");
        kernel.gup().release(get.ref(), false);
        assertEquals(refs, zero.refcount());
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertTrue(pin.ok());
        assertEquals(0, zero.pincount(), "no pin on the zero page");
        kernel.gup().release(pin.ref(), false);
        invariantsHold();
    }

    @Test
    void gupFastSendsALongTermReadPinOfAFilePageToTheSlowPath() {
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, false, true);
        kernel.user().read(mm, 0, 0);
        Folio page = mm.pte(0).presentFolio();
        EnumSet<Foll> flags = EnumSet.of(Foll.FAST, Foll.PIN, Foll.LONGTERM);
        assertEquals(Outcome.EAGAIN, kernel.gup().get(mm, 0, flags).outcome(), "no VMA: cannot tell COW mapping");
        assertEquals(0, page.pincount(), "and the pin it took is dropped");
        GupResult slow = kernel.gupCallers().pinLongtermTestStart(mm, 0, false, true);
        assertTrue(slow.ok());
        assertSame(page, slow.ref().folio(), "a shared mapping is not a COW mapping: the page cache page is pinned");
        assertEquals(1, page.pincount());
        kernel.gup().release(slow.ref(), false);
        invariantsHold();
    }

    @Test
    void longTermReadPinInAPrivateFileMappingUnsharesToAnAnonymousCopy() {
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, true, false);
        kernel.user().read(mm, 0, 0);
        Folio cached = mm.pte(0).presentFolio();
        GupResult pin = kernel.gupCallers().pinLongtermTestStart(mm, 0, false, false);
        assertTrue(pin.ok());
        assertTrue(pin.ref().folio().isAnon(), "the pin must see what the process will see after a write");
        assertEquals(0, cached.pincount());
        kernel.gup().release(pin.ref(), false);
        GupResult shortPin = kernel.gup().get(mm, 0, Foll.PIN);
        assertTrue(shortPin.ok());
        kernel.gup().release(shortPin.ref(), false);
        invariantsHold();
    }

    @Test
    void withoutCowReuseExclusiveAReadOnlyPinTakesASharedPageAsIs() {
        useKernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio shared = mm.pte(0).presentFolio();
        Mm child = kernel.fork().fork(mm);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertSame(shared, pin.ref().folio());
        kernel.gup().release(pin.ref(), false);
        kernel.mmap().exit(child);
    }

    @Test
    void gupFastBacksOffFromAPageThatMustBeUnshared() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio shared = mm.pte(0).presentFolio();
        Mm child = kernel.fork().fork(mm);
        int refs = shared.refcount();
        assertEquals(
                Outcome.EAGAIN, kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN).outcome());
        assertEquals(0, shared.pincount(), "B5: the pin is dropped again");
        assertEquals(refs, shared.refcount());
        GupResult get = kernel.gup().get(mm, 0, Foll.FAST);
        assertTrue(get.ok(), "a FOLL_GET reference needs no unshare");
        assertEquals(refs + 1, shared.refcount());
        kernel.gup().release(get.ref(), false);
        kernel.mmap().exit(child);
        invariantsHold();
    }

    @Test
    void aPinSetsMmHasPinnedAGetDoesNot() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        GupResult get = kernel.gup().get(mm, 0, Foll.FAST, Foll.WRITE);
        assertFalse(mm.hasPinned());
        kernel.gup().release(get.ref(), false);
        GupResult pin = kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN, Foll.WRITE);
        assertTrue(mm.hasPinned(), "MMF_HAS_PINNED: fork must copy pinned pages");
        assertEquals(1, pin.ref().folio().pincount());
        kernel.gup().release(pin.ref(), false);
        assertEquals(0, pin.ref().folio().pincount());
        invariantsHold();
    }

    @Test
    void releaseDirtiesTheFilePageOnlyWhenAsked() {
        AddressSpace file = kernel.createShmemFile(8);
        mm.mmapFile(file, 0, 1, 0, true, true);
        kernel.user().read(mm, 0, 0);
        Folio page = mm.pte(0).presentFolio();
        assertFalse(page.dirty());
        GupResult get = kernel.gup().get(mm, 0, Foll.WRITE);
        kernel.gup().release(get.ref(), false);
        assertFalse(page.dirty(), "put_page() does not dirty");
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        kernel.gup().release(pin.ref(), true);
        assertTrue(page.dirty(), "unpin_user_pages_dirty_lock()");
        invariantsHold();
    }

    @Test
    void aReferenceRemembersWhereAndHowItWasTakenAndIsReleasedOnce() {
        mm.mmapAnonymous(0, 2, true);
        GupResult r = kernel.gup().get(mm, 1, Foll.PIN, Foll.WRITE);
        GupRef ref = r.ref();
        assertEquals(1, ref.address());
        assertSame(mm, ref.mm());
        assertTrue(ref.pin() && ref.write());
        assertTrue(ref.toString().startsWith("pin(write) of "), ref.toString());
        assertFalse(ref.released());
        kernel.dma().complete(ref, 0, new byte[] {1});
        assertTrue(ref.released());
        assertThrows(IllegalStateException.class, () -> kernel.gup().release(ref, false));
        GupResult read = kernel.gup().get(mm, 0);
        assertFalse(read.ref().pin() || read.ref().write());
        assertTrue(read.ref().toString().startsWith("get(read) of "));
        kernel.gup().release(read.ref(), false);
        invariantsHold();
    }

    @Test
    void aWritePinOfAPageSharedAfterForkBreaksCowFirst() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio shared = mm.pte(0).presentFolio();
        Mm child = kernel.fork().fork(mm);
        GupResult pin = kernel.gupCallers().pinLongtermTestStart(mm, 0, true, false);
        assertTrue(pin.ok() && pin.ref().write());
        assertTrue(((Pte.Present) mm.pte(0)).writable(), "the write fault made the parent's copy writable");
        assertSame(pin.ref().folio(), mm.pte(0).presentFolio());
        assertFalse(shared == pin.ref().folio(), "the child keeps the old page");
        kernel.gup().release(pin.ref(), false);
        kernel.mmap().exit(child);
        invariantsHold();
    }

    @Test
    void aWriteLookupOfAReadOnlyPteOfAnExclusivePageInAWritableMappingFaultsToMakeItWritable() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.reclaim().swapOut(mm, 0);
        kernel.user().read(mm, 0, 0);
        Pte.Present ro = (Pte.Present) mm.pte(0);
        assertFalse(ro.writable(), "swapped in by a read: mapped read-only");
        assertTrue(ro.folio().anonExclusive());
        for (Foll[] flags : new Foll[][] {{Foll.WRITE}, {Foll.WRITE, Foll.FORCE}}) {
            GupResult r = kernel.gup().get(mm, 0, flags);
            assertTrue(r.ok());
            assertTrue(((Pte.Present) mm.pte(0)).writable(), "can_follow_write_pte() wants a writable PTE here");
            kernel.gup().release(r.ref(), false);
            kernel.mmap().mprotect(mm, 0, 1, false);
            kernel.mmap().mprotect(mm, 0, 1, true);
        }
        invariantsHold();
    }

    @Test
    void gupFastTakesOneReferenceWhenItSucceedsAndNoneIsLeftAfterTheRelease() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        GupResult get = kernel.gupCallers().vmsplice(mm, 0);
        assertEquals(2, folio.refcount(), "the fast path's reference only: no second lookup by the slow path");
        kernel.gup().release(get.ref(), false);
        assertEquals(1, folio.refcount());
        GupResult pin = kernel.gupCallers().ioUringRegisterBuffer(mm, 0);
        assertEquals(1, folio.pincount());
        kernel.gup().release(pin.ref(), false);
        assertEquals(0, folio.pincount());
        invariantsHold();
    }

    @Test
    void aSecondReleaseOfOnePinIsRefusedAndLeavesTheOtherPinAlone() {
        mm.mmapAnonymous(0, 1, true);
        GupResult first = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        GupResult second = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        Folio folio = first.ref().folio();
        assertEquals(2, folio.pincount());
        kernel.gup().release(first.ref(), false);
        assertThrows(IllegalStateException.class, () -> kernel.gup().release(first.ref(), false));
        assertEquals(1, folio.pincount(), "the second pin is still there");
        kernel.gup().release(second.ref(), false);
        invariantsHold();
    }

    @Test
    void withoutTheForceCowRecheckAForcedWriteAfterCowIsAReadLookup() {
        useKernel(KernelConfig.defaults().without(Fix.GUP_FORCE_COW_RECHECK));
        mm.mmapAnonymous(0, 1, false);
        assertEquals(Outcome.OK, kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 1));
        Pte.Present cow = (Pte.Present) mm.pte(0);
        assertFalse(cow.writable());
        assertTrue(cow.folio().isAnon() && cow.folio().anonExclusive(), "the COW copy");
        GupResult r = kernel.gup().get(mm, 0, Foll.WRITE, Foll.FORCE);
        assertTrue(r.ok());
        assertSame(cow.folio(), r.ref().folio());
        assertFalse(r.ref().write(), "pre-2016: a read-only PTE is never followed for a write; FOLL_WRITE was dropped");
        kernel.gup().release(r.ref(), false);
        invariantsHold();
    }
}
