package dev.mmspec.runtime.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockInversion;
import dev.mmspec.runtime.lock.Lockdep;
import dev.mmspec.runtime.lock.Mutex;
import dev.mmspec.runtime.lock.RwSemaphore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of the runtime's kernel locks and of its lockdep (kernel/locking/lockdep.c's class graph, in miniature): an
 * inversion closed through a third class, same-class nesting and trylocks that teach no order, the held-lock stack, and
 * the rw_semaphore's two modes as the {@code Context:} checks see them.
 */
class LockRulesTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Lockdep lockdep = kernel.lockdep();

    private Mutex mutex(LockClass lockClass, String owner) {
        return new Mutex(kernel.locks(), lockClass, owner);
    }

    private RwSemaphore rwsem(LockClass lockClass, String owner) {
        return new RwSemaphore(kernel.locks(), lockClass, owner);
    }

    private static void nest(Runnable outerLock, Runnable innerLock, Runnable innerUnlock, Runnable outerUnlock) {
        outerLock.run();
        innerLock.run();
        innerUnlock.run();
        outerUnlock.run();
    }

    /**
     * check_prev_add() looks for a path, not only an edge: mmap_lock → folio_lock and folio_lock → ptl are learned, so
     * ptl → mmap_lock closes a cycle through folio_lock, and the report names the path's sites.
     */
    @Test
    void anInversionThroughAThirdClassIsReportedWithThePath() {
        RwSemaphore mmapLock = rwsem(LockClass.MMAP_LOCK, "mm");
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        Mutex ptl = mutex(LockClass.PTL, "P");
        nest(mmapLock::downRead, folioLock::lock, folioLock::unlock, mmapLock::upRead);
        nest(folioLock::lock, ptl::lock, ptl::unlock, folioLock::unlock);
        assertEquals(List.of(), lockdep.inversions());
        assertEquals(List.of("mmap_lock -> folio_lock", "folio_lock -> ptl"), lockdep.learnedOrder());
        nest(ptl::lock, mmapLock::downRead, mmapLock::upRead, ptl::unlock);
        List<LockInversion> inversions = lockdep.inversions();
        assertEquals(1, inversions.size(), inversions.toString());
        LockInversion inversion = inversions.get(0);
        assertEquals(LockClass.PTL, inversion.held());
        assertEquals(LockClass.MMAP_LOCK, inversion.acquired());
        assertTrue(inversion.establishedSite().contains("; then "), "both edges of the path: " + inversion);
        assertTrue(
                inversion.establishedSite().contains("holding mmap_lock")
                        && inversion.establishedSite().contains("holding folio_lock"),
                inversion.toString());
    }

    /** A path that is not a cycle is no inversion: mmap_lock → folio_lock → ptl plus mmap_lock → ptl is an order. */
    @Test
    void aShortcutAlongTheLearnedOrderIsNoInversion() {
        RwSemaphore mmapLock = rwsem(LockClass.MMAP_LOCK, "mm");
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        Mutex ptl = mutex(LockClass.PTL, "P");
        nest(mmapLock::downRead, folioLock::lock, folioLock::unlock, mmapLock::upRead);
        nest(folioLock::lock, ptl::lock, ptl::unlock, folioLock::unlock);
        nest(mmapLock::downWrite, ptl::lock, ptl::unlock, mmapLock::upWrite);
        assertEquals(List.of(), lockdep.inversions());
        assertEquals(
                List.of("mmap_lock -> folio_lock", "mmap_lock -> ptl", "folio_lock -> ptl"), lockdep.learnedOrder());
    }

    /** The same order taken again is learned once and reported never; every acquisition is counted. */
    @Test
    void aRepeatedOrderIsLearnedOnceAndEveryAcquisitionCounted() {
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        Mutex ptl = mutex(LockClass.PTL, "P");
        long before = lockdep.acquisitions();
        for (int i = 0; i < 3; i++) {
            nest(folioLock::lock, ptl::lock, ptl::unlock, folioLock::unlock);
        }
        assertEquals(before + 6, lockdep.acquisitions());
        assertEquals(List.of("folio_lock -> ptl"), lockdep.learnedOrder());
        assertEquals(List.of(), lockdep.inversions());
    }

    /** Two locks of one class nested (fork's two PT locks: spin_lock_nested) teach no order, in either direction. */
    @Test
    void nestingTwoLocksOfOneClassIsNoDependency() {
        Mutex parent = mutex(LockClass.PTL, "parent");
        Mutex child = mutex(LockClass.PTL, "child");
        nest(parent::lock, child::lock, child::unlock, parent::unlock);
        nest(child::lock, parent::lock, parent::unlock, child::unlock);
        assertEquals(List.of(), lockdep.learnedOrder());
        assertEquals(List.of(), lockdep.inversions());
    }

    /** The held-lock stack: oldest first, with the mode; a release out of order takes the right entry away. */
    @Test
    void theHeldLocksAreTrackedInOrderAndReleasedOutOfOrder() {
        RwSemaphore mmapLock = rwsem(LockClass.MMAP_LOCK, "mm");
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        Mutex ptl = mutex(LockClass.PTL, "P");
        mmapLock.downRead();
        folioLock.lock();
        assertTrue(ptl.tryLock());
        List<Lockdep.Held> held = lockdep.heldByCurrentThread();
        assertEquals(
                List.of(mmapLock, folioLock, ptl),
                held.stream().map(Lockdep.Held::lock).toList());
        assertEquals(
                List.of(true, false, false),
                held.stream().map(Lockdep.Held::shared).toList());
        folioLock.unlock(); // unlock order need not mirror lock order
        assertEquals(
                List.of(mmapLock, ptl),
                lockdep.heldByCurrentThread().stream().map(Lockdep.Held::lock).toList());
        ptl.unlock();
        mmapLock.upRead();
        assertEquals(List.of(), lockdep.heldByCurrentThread());
        assertEquals(
                List.of("mmap_lock -> folio_lock"),
                lockdep.learnedOrder(),
                "the ptl trylock under both taught nothing");
    }

    /** Releasing a lock this thread does not hold is a context violation, named, not a silent underflow. */
    @Test
    void releasingALockNotHeldIsRefused() {
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        ContextViolation e = assertThrows(ContextViolation.class, folioLock::unlock);
        assertTrue(e.getMessage().contains("folio_lock(F)"), e.getMessage());
        assertFalse(folioLock.isLocked());
    }

    /** A trylock of a lock the caller already holds fails instead of recursing; one another thread holds fails too. */
    @Test
    void aTrylockFailsOnALockHeldByAnyone() throws InterruptedException {
        Mutex folioLock = mutex(LockClass.FOLIO_LOCK, "F");
        folioLock.lock();
        assertFalse(folioLock.tryLock(), "held by the caller");
        assertEquals(1, lockdep.heldByCurrentThread().size());
        boolean[] other = new boolean[1];
        Thread thread = new Thread(() -> other[0] = folioLock.tryLock());
        thread.start();
        thread.join();
        assertFalse(other[0], "held by another thread");
        folioLock.unlock();
        assertTrue(folioLock.tryLock());
        assertTrue(folioLock.heldByCurrentThread());
        folioLock.unlock();
        assertFalse(folioLock.heldByCurrentThread());
    }

    /** down_read and down_write as isLocked and the Context: checks see them. */
    @Test
    void anRwSemaphoreHeldForReadIsHeldButNotForWrite() {
        RwSemaphore mmapLock = rwsem(LockClass.MMAP_LOCK, "mm");
        assertFalse(mmapLock.isLocked());
        assertThrows(ContextViolation.class, () -> mmapLock.assertHeld("f", null));
        mmapLock.downRead();
        assertTrue(mmapLock.isLocked());
        assertTrue(mmapLock.heldByCurrentThread());
        assertFalse(mmapLock.heldForWriteByCurrentThread());
        mmapLock.assertHeld("f", null);
        ContextViolation e =
                assertThrows(ContextViolation.class, () -> mmapLock.assertHeldWrite("vma_iter_store", "d"));
        assertEquals(
                "vma_iter_store: Context: caller holds mmap_lock for write, but the calling thread does not hold"
                        + " mmap_lock of mm\n  state: d",
                e.getMessage());
        mmapLock.upRead();
        assertTrue(mmapLock.tryDownRead());
        mmapLock.upRead();
        mmapLock.downWrite();
        assertTrue(mmapLock.isLocked());
        assertTrue(mmapLock.heldForWriteByCurrentThread());
        mmapLock.assertHeldWrite("vma_iter_store", null);
        mmapLock.upWrite();
        assertFalse(mmapLock.isLocked());
    }
}
