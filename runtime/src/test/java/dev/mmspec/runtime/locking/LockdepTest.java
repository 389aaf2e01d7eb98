package dev.mmspec.runtime.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.lock.LockInversion;
import dev.mmspec.runtime.lock.Mutex;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockdepTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());

    @Test
    void inversionIsReportedWithBothSites() {
        Mutex folioLock = new Mutex(kernel.locks(), LockClass.FOLIO_LOCK, "F");
        Mutex ptl = new Mutex(kernel.locks(), LockClass.PTL, "P");
        lockFolioThenPtl(folioLock, ptl);
        assertEquals(List.of(), kernel.lockdep().inversions());
        lockPtlThenFolio(folioLock, ptl);
        List<LockInversion> inversions = kernel.lockdep().inversions();
        assertEquals(1, inversions.size());
        LockInversion inversion = inversions.get(0);
        assertEquals(LockClass.PTL, inversion.held());
        assertEquals(LockClass.FOLIO_LOCK, inversion.acquired());
        assertTrue(inversion.site().contains("lockPtlThenFolio"), inversion.toString());
        assertTrue(inversion.establishedSite().contains("lockFolioThenPtl"), inversion.toString());
    }

    private static void lockFolioThenPtl(Mutex folioLock, Mutex ptl) {
        folioLock.lock();
        ptl.lock();
        ptl.unlock();
        folioLock.unlock();
    }

    private static void lockPtlThenFolio(Mutex folioLock, Mutex ptl) {
        ptl.lock();
        folioLock.lock();
        folioLock.unlock();
        ptl.unlock();
    }

    @Test
    void trylockUnderAnotherLockIsNotADependency() {
        Mutex folioLock = new Mutex(kernel.locks(), LockClass.FOLIO_LOCK, "F");
        Mutex ptl = new Mutex(kernel.locks(), LockClass.PTL, "P");
        lockFolioThenPtl(folioLock, ptl);
        ptl.lock();
        assertTrue(folioLock.tryLock());
        folioLock.unlock();
        ptl.unlock();
        assertEquals(List.of(), kernel.lockdep().inversions());
    }

    @Test
    void recursiveLockingIsRefused() {
        Mutex ptl = new Mutex(kernel.locks(), LockClass.PTL, "P");
        ptl.lock();
        assertThrows(ContextViolation.class, ptl::lock);
        ptl.unlock();
    }

    @Test
    void changingAPteWithoutItsLockViolatesTheContextAndDumpsTheTable() {
        Mm mm = kernel.createMm();
        PageTable table = mm.pageTable(0);
        ContextViolation e = assertThrows(ContextViolation.class, () -> table.set(0, Pte.NONE));
        assertTrue(e.getMessage().startsWith("set_pte_at: Context: caller holds ptl"), e.getMessage());
        assertTrue(e.getMessage().contains("pte_table[0..3] of mm#"), e.getMessage());
    }

    @Test
    void everyAcquireAndReleaseIsAnEventNamingClassInstanceAndMode() {
        List<LockEvent> events = new ArrayList<>();
        kernel.onLockEvent(events::add);
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        events.clear();
        kernel.user().write(mm, 0, 0, (byte) 1);
        List<String> seen = events.stream()
                .map(e -> e.kind() + " " + e.lockClass().lockName() + (e.shared() ? " shared" : ""))
                .toList();
        assertEquals(
                List.of(
                        "ACQUIRE mmap_lock shared",
                        "ACQUIRE anon_vma_rwsem",
                        "RELEASE anon_vma_rwsem",
                        "ACQUIRE ptl",
                        "RELEASE ptl",
                        "ACQUIRE ptl",
                        "RELEASE ptl",
                        "RELEASE mmap_lock shared"),
                seen);
        assertEquals(mm, events.get(0).instance());
        assertTrue(events.get(3).instance() instanceof PageTable);
        assertTrue(
                events.get(3).site().startsWith("Fault.doAnonymousPage:"),
                events.get(3).site());
    }
}
