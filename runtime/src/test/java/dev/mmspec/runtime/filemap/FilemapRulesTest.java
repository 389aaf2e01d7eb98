package dev.mmspec.runtime.filemap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * filemap_fault(), page_mkwrite, folio_mark_dirty(), read(2)/pwrite(2) and shmem's swap-out and swap-in (mm/filemap.c,
 * mm/page-writeback.c, mm/shmem.c) rule by rule: what each hands back locked and with which references, where EOF is,
 * and what each does when a truncate removed the folio while it waited for the folio lock.
 */
class FilemapRulesTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private static final String FAULTER = "faulter";

    /** Counted down when the thread named {@link #FAULTER} is about to take a folio lock. */
    private final CountDownLatch faulterAtFolioLock = new CountDownLatch(1);
    /** The step labels passed, in order (lock points left out). */
    private final List<String> steps = new CopyOnWriteArrayList<>();
    /** Run once, on the thread that passes the point, when a point of that label is passed. */
    private final Map<String, Runnable> atPoint = new ConcurrentHashMap<>();

    private final SchedulingHooks hooks = new WatchedHooks(label -> {
        if (label.equals("lock:folio_lock") && Thread.currentThread().getName().equals(FAULTER)) {
            faulterAtFolioLock.countDown();
        }
        if (!label.startsWith("lock:")) {
            steps.add(label);
        }
        Runnable action = atPoint.remove(label);
        if (action != null) {
            action.run();
        }
    });

    private Kernel kernel = new Kernel(KernelConfig.defaults(), hooks);
    private AddressSpace file = kernel.createFile(2L * PAGE + 3);

    private void rebuild(KernelConfig config) {
        kernel = new Kernel(config, hooks);
        file = kernel.createFile(2L * PAGE + 3);
    }

    private static byte[] block(int first) {
        byte[] b = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** filemap_fault() of page {@code index}, and the folio released at once (on the faulting thread). */
    private Filemap.FaultPage faultAndRelease(AddressSpace f, long index) {
        Filemap.FaultPage page = kernel.filemap().fault(f, index);
        if (page.outcome() == Outcome.OK) {
            page.release();
        }
        return page;
    }

    /** @return page {@code index} read into the cache, unlocked, with only the page cache's reference */
    private Folio cached(long index) {
        Filemap.FaultPage page = kernel.filemap().fault(file, index);
        assertEquals(Outcome.OK, page.outcome());
        page.release();
        return page.folio();
    }

    /**
     * Runs {@code work} on a thread named {@link #FAULTER} while this thread holds {@code folio}'s lock; once the
     * faulter is about to take that lock, {@code meanwhile} runs (still under the lock), then the lock is dropped.
     */
    private <T> T whileFaulterWaitsForTheLock(Folio folio, Supplier<T> work, Runnable meanwhile)
            throws InterruptedException, ExecutionException {
        folio.lock().lock();
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread faulter = new Thread(task, FAULTER);
        try {
            faulter.start();
            assertTrue(faulterAtFolioLock.await(60, TimeUnit.SECONDS), "the faulter reached the folio lock");
            meanwhile.run();
        } finally {
            folio.lock().unlock();
        }
        faulter.join(60_000);
        return task.get();
    }

    // ---- filemap_fault()

    @Test
    void aFaultReadsThePageFromDiskAndReturnsItLockedWithTheCallersReference() {
        file.writeDisk(1, block(10));
        Filemap.FaultPage page = kernel.filemap().fault(file, 1);
        assertEquals(Outcome.OK, page.outcome());
        Folio folio = page.folio();
        assertTrue(page.locked());
        assertTrue(folio.lock().heldByCurrentThread(), "VM_FAULT_LOCKED");
        assertArrayEquals(block(10), folio.contents());
        assertTrue(folio.fsNotified(), "read_folio() attached the filesystem's state");
        assertSame(folio, file.peek(1));
        assertEquals(2, folio.refcount(), "the page cache's and the caller's");
        page.release();
        assertFalse(folio.lock().isLocked());
        assertEquals(1, folio.refcount());
        Filemap.FaultPage again = kernel.filemap().fault(file, 1);
        assertSame(folio, again.folio(), "the cached folio, not a second read");
        assertEquals(2, folio.refcount());
        again.release();
        assertEquals(1, kernel.liveFolios().size());
    }

    @Test
    void aFaultAtOrBeyondEofIsSigbus() {
        // i_size 2 pages + 3 bytes: pages 0..2 exist.
        assertEquals(Outcome.OK, kernel.filemap().fault(file, 2).outcome());
        Filemap.FaultPage beyond = kernel.filemap().fault(file, 3);
        assertEquals(Outcome.SIGBUS, beyond.outcome());
        assertNull(beyond.folio());
        assertFalse(beyond.locked());
        file.setISize(2L * PAGE);
        assertEquals(Outcome.SIGBUS, kernel.filemap().fault(file, 2).outcome(), "a full last page ends at 2");
    }

    @Test
    void withoutTheRecheckFixTheFolioComesBackUnlocked() {
        rebuild(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK));
        Filemap.FaultPage page = kernel.filemap().fault(file, 0);
        assertEquals(Outcome.OK, page.outcome());
        assertFalse(page.locked());
        assertFalse(page.folio().lock().isLocked());
        assertEquals(2, page.folio().refcount());
        page.release();
        assertEquals(1, page.folio().refcount());
    }

    @Test
    void aFolioAddedWhileTheFaultWaitedForTheInvalidateLockIsTakenNotReadAgain() {
        // Another task read the page in between the fault's lookup and its hold of the invalidate_lock.
        Folio theirs = kernel.folios().alloc();
        theirs.copyFrom(block(20));
        atPoint.put("lock:invalidate_lock", () -> {
            assertTrue(file.add(0, theirs));
            theirs.put();
        });
        Filemap.FaultPage page = kernel.filemap().fault(file, 0);
        assertSame(theirs, page.folio());
        assertArrayEquals(block(20), page.folio().contents());
        page.release();
        assertEquals(List.of(theirs), kernel.liveFolios(), "no second folio was read");
    }

    @Test
    void aFaultWithNoMemoryForThePageIsEnomem() {
        rebuild(KernelConfig.defaults().withMaxFolios(1));
        assertNotNull(kernel.folios().alloc());
        Filemap.FaultPage page = kernel.filemap().fault(file, 0);
        assertEquals(Outcome.ENOMEM, page.outcome());
        assertNull(page.folio());
        assertFalse(file.invalidateLock().isLocked(), "the invalidate_lock was dropped");
        assertEquals(1, kernel.liveFolios().size());
    }

    @Test
    void aFolioTruncatedWhileTheFaultWaitedForItsLockIsLookedUpAgain() throws Exception {
        Folio old = cached(0);
        file.writeDisk(0, block(50));
        Filemap.FaultPage page =
                whileFaulterWaitsForTheLock(old, () -> faultAndRelease(file, 0), () -> file.remove(old));
        assertEquals(Outcome.OK, page.outcome());
        assertNotSame(old, page.folio(), "the fault read a new folio instead of returning the removed one");
        assertArrayEquals(block(50), page.folio().contents());
        assertSame(page.folio(), file.peek(0));
        assertTrue(old.freed(), "the fault dropped its reference on the removed folio");
        assertTrue(page.locked());
        assertFalse(old.lock().isLocked());
        assertEquals(1, page.folio().refcount());
    }

    @Test
    void aFolioBeyondANewEofAfterTheFaultWaitedForItsLockIsSigbus() throws Exception {
        // The new i_size ends exactly where page 2 begins: page 2 is the first page beyond EOF.
        Folio last = cached(2);
        Filemap.FaultPage page =
                whileFaulterWaitsForTheLock(last, () -> faultAndRelease(file, 2), () -> file.setISize(2L * PAGE));
        assertEquals(Outcome.SIGBUS, page.outcome());
        assertNull(page.folio());
        assertFalse(last.lock().isLocked(), "the fault unlocked it");
        assertEquals(1, last.refcount(), "and dropped its reference");
    }

    // ---- page_mkwrite and folio_mark_dirty()

    @Test
    void pageMkwriteTellsTheFilesystemAndDirtiesUnderTheFolioLock() {
        Folio folio = cached(0);
        folio.setFsNotified(false);
        assertTrue(kernel.filemap().pageMkwrite(folio, file, false));
        assertTrue(folio.lock().heldByCurrentThread(), "returns with the folio locked");
        assertTrue(folio.fsNotified());
        assertTrue(folio.dirty());
        folio.lock().unlock();
        assertEquals(List.of(), kernel.bugs());
    }

    @Test
    void pageMkwriteOnAnAlreadyLockedFolioDoesNotLockItAgain() {
        Folio folio = cached(0);
        folio.lock().lock();
        assertTrue(kernel.filemap().pageMkwrite(folio, file, true), "a second lock would be a self-deadlock");
        assertTrue(folio.lock().heldByCurrentThread());
        folio.lock().unlock();
        assertFalse(folio.lock().isLocked(), "held once");
        assertTrue(folio.dirty());
    }

    @Test
    void pageMkwriteOnATruncatedFolioUnlocksAndFails() {
        Folio folio = cached(0);
        folio.get();
        folio.lock().lock();
        file.remove(folio);
        folio.lock().unlock();
        assertFalse(kernel.filemap().pageMkwrite(folio, file, false));
        assertFalse(folio.lock().isLocked());
        assertFalse(folio.dirty());
        folio.lock().lock();
        assertFalse(kernel.filemap().pageMkwrite(folio, file, true));
        assertFalse(folio.lock().isLocked(), "the caller's lock is dropped too");
        folio.put();
    }

    @Test
    void dirtyingARegularFileFolioBehindTheFilesystemsBackIsABug() {
        Folio folio = cached(0);
        folio.setFsNotified(false);
        KernelBug bug = assertThrows(KernelBug.class, () -> kernel.filemap().markDirty(folio));
        assertTrue(bug.condition().contains("without page_mkwrite"), bug.condition());
        assertEquals(List.of(bug), kernel.bugs());
        assertTrue(folio.dirty());
    }

    @Test
    void shmemAndAnonymousFoliosMayBeDirtiedAtAnyTime() {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Filemap.FaultPage page = kernel.filemap().fault(memfd, 0);
        page.release();
        Folio shmemFolio = page.folio();
        shmemFolio.setFsNotified(false);
        kernel.filemap().markDirty(shmemFolio);
        assertTrue(shmemFolio.dirty());
        Folio notified = cached(1);
        kernel.filemap().markDirty(notified);
        assertTrue(notified.dirty());
        Folio loose = kernel.folios().alloc();
        kernel.filemap().markDirty(loose);
        assertTrue(loose.dirty());
        assertEquals(List.of(), kernel.bugs());
    }

    @Test
    void setPageDirtyLockTakesTheFolioLockOnlyForAFileFolio() {
        Folio anon = kernel.folios().alloc();
        anon.lock().lock();
        kernel.filemap().markDirtyLocked(anon); // a second lock would be a recursive-locking violation
        anon.lock().unlock();
        assertTrue(anon.dirty());

        Folio folio = cached(0);
        kernel.filemap().markDirtyLocked(folio);
        assertTrue(folio.dirty());
        assertFalse(folio.lock().isLocked());
        Folio behindItsBack = cached(1);
        behindItsBack.setFsNotified(false);
        assertThrows(KernelBug.class, () -> kernel.filemap().markDirtyLocked(behindItsBack));
        assertFalse(behindItsBack.lock().isLocked(), "unlocked on the BUG's way out too");
    }

    // ---- read(2) and pwrite(2)

    @Test
    void readReturnsTheByteAndEofAtISize() {
        file.writeDisk(2, block(30));
        FileIo.ReadResult last = kernel.fileIo().read(file, 2L * PAGE + 2);
        assertEquals(Outcome.OK, last.outcome());
        assertFalse(last.eof());
        assertEquals(32, last.value());
        assertTrue(kernel.fileIo().read(file, 2L * PAGE + 3).eof(), "pos == i_size");
        Folio folio = file.peek(2);
        assertFalse(folio.lock().isLocked(), "read dropped the lock");
        assertEquals(1, folio.refcount(), "and its reference");
    }

    @Test
    void readAndPwriteAreOneOperationAndOneStepEach() {
        long before = kernel.operations();
        kernel.fileIo().read(file, 0);
        assertEquals(List.of(Labels.FILE_READ_COPY), steps);
        kernel.fileIo().pwrite(file, 0, (byte) 1);
        assertEquals(List.of(Labels.FILE_READ_COPY, Labels.FILE_WRITE_COPY), steps);
        kernel.fileIo().read(file, 1L << 20);
        kernel.fileIo().pwrite(file, 1L << 20, (byte) 1);
        assertEquals(before + 4, kernel.operations(), "counted beyond EOF too");
    }

    @Test
    void readWithNoMemoryReportsEnomem() {
        rebuild(KernelConfig.defaults().withMaxFolios(1));
        kernel.folios().alloc();
        FileIo.ReadResult r = kernel.fileIo().read(file, 0);
        assertEquals(Outcome.ENOMEM, r.outcome());
    }

    @Test
    void aReadThatFindsThePageTruncatedMeanwhileSeesTheNewEof() throws Exception {
        Folio last = cached(2);
        FileIo.ReadResult r = whileFaulterWaitsForTheLock(
                last, () -> kernel.fileIo().read(file, 2L * PAGE), () -> file.setISize(2L * PAGE));
        assertEquals(Outcome.OK, r.outcome(), "read(2) returns 0, not an error");
        assertTrue(r.eof());
    }

    @Test
    void pwriteWritesDirtiesAndReleasesAndRefusesAtISize() {
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 2L * PAGE + 2, (byte) 77));
        Folio folio = file.peek(2);
        assertEquals(77, folio.read(2));
        assertTrue(folio.dirty());
        assertTrue(folio.fsNotified());
        assertFalse(folio.lock().isLocked());
        assertEquals(1, folio.refcount());
        assertEquals(Outcome.SIGBUS, kernel.fileIo().pwrite(file, 2L * PAGE + 3, (byte) 1), "pos == i_size");
        assertEquals(List.of(), kernel.bugs());
    }

    @Test
    void pwriteWithNoMemoryReportsEnomem() {
        rebuild(KernelConfig.defaults().withMaxFolios(1));
        kernel.folios().alloc();
        assertEquals(Outcome.ENOMEM, kernel.fileIo().pwrite(file, 0, (byte) 1));
    }

    @Test
    void withoutTheRecheckFixPwriteLocksTheFolioItselfAndLooksAgainIfItWasTruncated() throws Exception {
        rebuild(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK));
        Folio old = cached(0);
        Outcome outcome = whileFaulterWaitsForTheLock(
                old, () -> kernel.fileIo().pwrite(file, 1, (byte) 66), () -> file.remove(old));
        assertEquals(Outcome.OK, outcome);
        Folio now = file.peek(0);
        assertNotSame(old, now);
        assertEquals(66, now.read(1), "written to the folio now in the cache");
        assertTrue(old.freed());
        assertFalse(now.lock().isLocked());
        assertEquals(1, now.refcount());
    }

    // ---- shmem swap

    /** @return page 0 of a new memfd, written with {@code value} at offset 0, cached, unlocked, clean of references */
    private Folio shmemPage(AddressSpace memfd, byte value) {
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(memfd, 0, value));
        return memfd.peek(0);
    }

    @Test
    void writeoutWithNoFreeSlotRedirtiesTheFolioAndKeepsIt() {
        rebuild(KernelConfig.defaults().withSwapSlots(0));
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 5);
        folio.setDirty(false);
        assertThrows(ContextViolation.class, () -> kernel.filemap().shmemSwap().writeout(folio, memfd));
        folio.lock().lock();
        assertFalse(kernel.filemap().shmemSwap().writeout(folio, memfd));
        assertTrue(folio.lock().heldByCurrentThread(), "the caller unlocks");
        folio.lock().unlock();
        assertTrue(folio.dirty(), "AOP_WRITEPAGE_ACTIVATE: redirtied");
        assertSame(folio, memfd.peek(0));
        assertEquals(-1, memfd.swapEntry(0));
    }

    @Test
    void writeoutWithATransientReferenceLeavesTheFolioInTheSwapCacheWhereSwapinFindsIt() {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 9);
        folio.get(); // a speculative reference, as GUP-fast or a page-cache walker takes
        folio.lock().lock();
        assertTrue(kernel.filemap().shmemSwap().writeout(folio, memfd));
        int slot = memfd.swapEntry(0);
        assertTrue(slot >= 0);
        assertTrue(folio.lock().heldByCurrentThread(), "not freed: the caller still holds the lock");
        folio.lock().unlock();
        assertFalse(folio.freed());
        assertTrue(folio.swapcache());
        assertEquals(slot, folio.swapSlot());
        assertFalse(folio.dirty(), "written to the slot");
        assertEquals(9, kernel.swap().read(slot)[0]);
        assertEquals(1, kernel.swap().count(slot), "swap_shmem_alloc(): the entry's count");
        assertEquals(2, folio.refcount(), "the swap cache's and the transient one");
        folio.put();

        FileIo.ReadResult r = kernel.fileIo().read(memfd, 0);
        assertEquals(9, r.value());
        assertSame(folio, memfd.peek(0), "shmem_swapin_folio() took the swap cache folio, no second read");
        assertFalse(folio.swapcache());
        assertTrue(folio.dirty(), "memory holds the only copy now");
        assertFalse(kernel.swap().used(slot));
        assertEquals(1, folio.refcount(), "the page cache's");
        assertFalse(folio.lock().isLocked());
    }

    @Test
    void swapinReadsTheSlotIntoANewFolioAndFreesTheSlot() {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 4);
        folio.lock().lock();
        assertTrue(kernel.filemap().shmemSwap().writeout(folio, memfd));
        assertTrue(folio.freed(), "only the swap cache held it: freed");
        assertFalse(folio.lock().isLocked(), "and unlocked");
        int slot = memfd.swapEntry(0);
        assertFalse(kernel.swap().hasCache(slot));
        kernel.swap().write(slot, block(100));
        Filemap.FaultPage page = kernel.filemap().fault(memfd, 0);
        Folio back = page.folio();
        assertArrayEquals(block(100), back.contents(), "read from the slot");
        assertFalse(back.swapcache());
        assertFalse(kernel.swap().used(slot));
        assertEquals(-1, memfd.swapEntry(0));
        assertEquals(2, back.refcount(), "the page cache's and the caller's");
        page.release();
    }

    @Test
    void swapinWithNoMemoryIsEnomemAndLeavesTheEntry() {
        rebuild(KernelConfig.defaults().withMaxFolios(1));
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 4);
        folio.lock().lock();
        kernel.filemap().shmemSwap().writeout(folio, memfd);
        int slot = memfd.swapEntry(0);
        kernel.folios().alloc();
        assertEquals(Outcome.ENOMEM, kernel.filemap().fault(memfd, 0).outcome());
        assertEquals(slot, memfd.swapEntry(0));
        assertEquals(1, kernel.swap().count(slot));
    }

    @Test
    void swapinOfAnEntryTruncatedMeanwhileLooksAgain() {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 4);
        folio.get();
        folio.lock().lock();
        kernel.filemap().shmemSwap().writeout(folio, memfd);
        folio.lock().unlock();
        int slot = memfd.swapEntry(0);
        memfd.removeSwapEntriesFrom(0); // a truncate took the entry; the folio is still in the swap cache
        ShmemSwap.Swapin swapin = kernel.filemap().shmemSwap().swapin(memfd, 0, slot);
        assertNull(swapin.folio());
        assertTrue(swapin.again());
        assertEquals(2, folio.refcount(), "the swap-in dropped the reference its lookup took");
        assertFalse(folio.lock().isLocked());
        assertTrue(folio.swapcache(), "not ours to delete");
    }

    @Test
    void aSwapinThatLosesTheRaceToAddTheSwapCacheFolioLooksAgain() {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 4);
        folio.lock().lock();
        kernel.filemap().shmemSwap().writeout(folio, memfd);
        int slot = memfd.swapEntry(0);
        // Another swap-in reserved the slot's cache (SWAP_HAS_CACHE) but has not added its folio yet.
        assertTrue(kernel.swap().prepareCache(slot));
        int live = kernel.liveFolios().size();
        ShmemSwap.Swapin swapin = kernel.filemap().shmemSwap().swapin(memfd, 0, slot);
        assertNull(swapin.folio());
        assertTrue(swapin.again());
        assertEquals(live, kernel.liveFolios().size(), "the folio it read into was freed");
        kernel.swap().clearPrepared(slot);
    }

    @Test
    void truncateFreesTheSlotsFromTheIndexOn() {
        AddressSpace memfd = kernel.createShmemFile(2L * PAGE);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(memfd, 0, (byte) 1));
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(memfd, PAGE, (byte) 2));
        int[] slots = new int[2];
        for (int i = 0; i < 2; i++) {
            Folio f = memfd.peek(i);
            f.lock().lock();
            kernel.filemap().shmemSwap().writeout(f, memfd);
            slots[i] = memfd.swapEntry(i);
        }
        kernel.filemap().shmemSwap().freeSwapFrom(memfd, 1);
        assertTrue(kernel.swap().used(slots[0]), "before the index: kept");
        assertFalse(kernel.swap().used(slots[1]));
        assertEquals(-1, memfd.swapEntry(1));
    }

    @Test
    void aSwapinWhoseSwapCacheFolioLeftTheCacheWhileItWaitedReadsTheSlotAgain() throws Exception {
        AddressSpace memfd = kernel.createShmemFile(PAGE);
        Folio folio = shmemPage(memfd, (byte) 6);
        folio.get(); // a transient reference keeps it in the swap cache after writeout
        folio.lock().lock();
        kernel.filemap().shmemSwap().writeout(folio, memfd);
        folio.lock().unlock();
        int slot = memfd.swapEntry(0);
        Filemap.FaultPage page = whileFaulterWaitsForTheLock(
                folio, () -> faultAndRelease(memfd, 0), () -> kernel.swapCache().delete(folio));
        assertEquals(Outcome.OK, page.outcome());
        Folio back = page.folio();
        assertNotSame(folio, back, "the folio that left the swap cache is not taken");
        assertEquals(6, back.read(0), "read from the slot");
        assertSame(back, memfd.peek(0));
        assertFalse(kernel.swap().used(slot));
        assertEquals(1, folio.refcount(), "the swap-in dropped its reference: only the transient one is left");
        assertFalse(folio.lock().isLocked());
        folio.put();
        assertTrue(folio.freed());
    }
}
