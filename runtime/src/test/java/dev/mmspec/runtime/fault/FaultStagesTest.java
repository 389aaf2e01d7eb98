package dev.mmspec.runtime.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.filemap.Filemap.FaultPage;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two stages of a user access and of handle_mm_fault() (mm/memory.c), as callers see them: a failed first stage
 * ends the access there, an access_error() refusal touches nothing, a store or load that finds its PTE gone is retried
 * by the CPU, a fault that lost the race to install a PTE frees its page, an unshare fault copies a page that is not
 * exclusive, the stack grows only below a VM_GROWSDOWN VMA, and the stages' Context lines are checked.
 */
class FaultStagesTest {
    private static final int PAGE = Folio.PAGE_SIZE;

    /** A kernel that records the step labels it passes (not the lock points). */
    private static final class Recorded {
        final List<String> points = new ArrayList<>();
        final Kernel kernel;

        Recorded(KernelConfig config) {
            kernel = new Kernel(config, new WatchedHooks(l -> {
                if (!l.startsWith("lock:")) {
                    points.add(l);
                }
            }));
        }
    }

    @Test
    void aFailedFirstStageEndsTheAccessThereAndCountsOneOperation() {
        Recorded r = new Recorded(KernelConfig.defaults());
        AddressSpace file = r.kernel.createFile(PAGE);
        Mm mm = r.kernel.createMm();
        mm.mmapFile(file, 0, 2, 0, true, true);
        long ops = r.kernel.operations();
        assertEquals(
                Outcome.SIGBUS, r.kernel.user().writeOnce(mm, 1, 0, (byte) 1).outcome());
        assertEquals(List.of(Labels.WRITE_FAULT), r.points, "beyond EOF: no write.wp");
        assertEquals(ops + 1, r.kernel.operations());
        r.points.clear();
        assertEquals(Outcome.SIGBUS, r.kernel.user().readOnce(mm, 1, 0).outcome());
        assertEquals(List.of(Labels.READ_FAULT), r.points, "beyond EOF: no read.map");
        assertEquals(ops + 2, r.kernel.operations());
    }

    /** access_error(): a store the VMA does not permit is refused before any fault handling. */
    @Test
    void aStoreToAReadOnlyVmaIsRefusedAtOnceAndMapsNothing() {
        Recorded r = new Recorded(KernelConfig.defaults());
        Mm mm = r.kernel.createMm();
        mm.mmapAnonymous(0, 1, false);
        assertEquals(
                Outcome.SIGSEGV, r.kernel.user().writeOnce(mm, 0, 0, (byte) 1).outcome());
        assertTrue(mm.pte(0).isNone(), "no read fault was made of it: no zero page mapped");
        assertEquals(List.of(Labels.WRITE_FAULT), r.points);
        assertEquals(0, r.kernel.user().read(mm, 0, 0).value());
        assertTrue(mm.pte(0).presentFolio().isZero());
        r.points.clear();
        assertEquals(
                Outcome.SIGSEGV, r.kernel.user().writeOnce(mm, 0, 0, (byte) 1).outcome());
        assertEquals(List.of(Labels.WRITE_FAULT), r.points, "a read-only PTE of a read-only VMA: refused at once too");
        assertEquals(0, r.kernel.user().read(mm, 0, 0).value());
    }

    /** Fault.finish() on a first stage that failed returns that outcome and does not run the access. */
    @Test
    void theSecondStageOfAFailedFaultReturnsItsOutcome() {
        Kernel k = new Kernel(KernelConfig.defaults());
        AddressSpace file = k.createFile(PAGE);
        Mm mm = k.createMm();
        Vma vma = mm.mmapFile(file, 0, 2, 0, true, true);
        mm.mmapLock().downRead();
        try {
            Fault.Pending pending = k.fault().begin(vma, 1, Fault.WRITE);
            assertEquals(Outcome.SIGBUS, pending.outcome());
            boolean[] ran = {false};
            assertEquals(Outcome.SIGBUS, k.fault().finish(pending, (table, a) -> ran[0] = true));
            assertFalse(ran[0]);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    @Test
    void theStagesCheckTheirContext() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        Vma anon = mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 1); // present and exclusive: begin() has nothing to do, do_wp_page neither
        assertThrows(ContextViolation.class, () -> k.fault().begin(anon, 0, Fault.WRITE), "mmap_lock not held");
        Pte.Present exclusive = (Pte.Present) mm.pte(0);
        assertThrows(
                ContextViolation.class,
                () -> new WriteProtectFault(k).doWpPage(anon, mm.pageTable(0), 0, exclusive, Fault.UNSHARE),
                "do_wp_page without the PT lock");
        AddressSpace file = k.createFile(PAGE);
        Vma mapped = mm.mmapFile(file, 4, 1, 0, true, true);
        k.fileIo().pwrite(file, 0, (byte) 1);
        Folio folio = file.peek(0);
        folio.get();
        // A pending fault that claims to hand over the folio locked, while nobody holds its lock.
        Fault.Pending lying = new Fault.Pending(mapped, 4, 0, Outcome.OK, new FaultPage(Outcome.OK, folio, true));
        mm.mmapLock().downRead();
        try {
            assertThrows(ContextViolation.class, () -> k.fault().finish(lying, null), "finish_fault without the lock");
        } finally {
            mm.mmapLock().upRead();
        }
        folio.put();
        Pte.Present pte = new Pte.Present(folio, false, false);
        assertThrows(
                ContextViolation.class,
                () -> new WriteProtectFault(k).doWpPage(mapped, mm.pageTable(4), 4, pte, Fault.WRITE),
                "do_wp_page without the PT lock");
    }

    /** The CPU executes the store again when the fault found its PTE changed: write() retries, writeOnce() tells. */
    @Test
    void aStoreWhosePteWasZappedBetweenTheStagesIsRetried() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.start(0, () -> k.user().write(mm, 0, 3, (byte) 7));
            sim.stepTo(0, Labels.WRITE_WP);
            sim.run(1, () -> k.mmap().madviseDontneed(mm, 0, 1));
            assertTrue(mm.pte(0).isNone());
            assertEquals("OK", sim.finish(0));
            assertEquals(7, k.user().read(mm, 0, 3).value(), "the second attempt stored it");
            assertEquals(List.of(), k.invariants().check());
        }
    }

    @Test
    void aLoadWhosePteWasSwappedOutBetweenTheStagesIsRetried() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(1, () -> k.user().write(mm, 0, 2, (byte) 5));
            String[] value = new String[1];
            sim.start(0, () -> {
                var r = k.user().read(mm, 0, 2);
                value[0] = r.outcome() + " " + r.loaded() + " " + r.value();
                return "read";
            });
            sim.stepTo(0, Labels.READ_MAP);
            assertEquals("OK", sim.run(1, () -> k.reclaim().swapOut(mm, 0)));
            assertTrue(mm.pte(0) instanceof Pte.Swap, "swapped out under the load");
            assertEquals("read", sim.finish(0));
            assertEquals("OK true 5", value[0], "the retry swapped it in and loaded it");
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** do_anonymous_page(): a PTE another fault installed meanwhile wins; the page allocated for it is freed. */
    @Test
    void anAnonymousFaultThatLostTheRaceFreesItsPage() {
        try (Sim sim = new Sim(KernelConfig.defaults(), l -> Labels.isStep(l) || l.equals("lock:ptl"))) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 2, true);
            sim.run(1, () -> k.user().write(mm, 1, 0, (byte) 1)); // the VMA has its anon_vma and page table
            int live = k.folios().liveCount();
            sim.start(0, () -> k.user().write(mm, 0, 0, (byte) 2));
            while (k.folios().liveCount() == live) {
                sim.stepTo(0, "lock:ptl");
            }
            // Allocated, about to take the PT lock to install it.
            sim.run(1, () -> k.user().write(mm, 0, 1, (byte) 3));
            Folio winner = mm.pte(0).presentFolio();
            assertEquals("OK", sim.finish(0));
            assertSame(winner, mm.pte(0).presentFolio());
            assertEquals(live + 1, k.folios().liveCount(), "the loser's page was freed");
            assertEquals(2, k.user().read(mm, 0, 0).value(), "and the store went into the winner's page");
            assertEquals(3, k.user().read(mm, 0, 1).value());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** An R/O pin of a page shared with a fork child: the unshare fault gives this process its own exclusive copy. */
    @Test
    void aReadOnlyPinOfAPageSharedAfterForkUnsharesIt() {
        Kernel k = new Kernel(KernelConfig.defaults().withGupFaultLimit(4));
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 4);
        Mm child = k.fork().fork(mm);
        Folio shared = mm.pte(0).presentFolio();
        assertFalse(shared.anonExclusive());
        GupResult pin = k.gup().get(mm, 0, Foll.PIN);
        assertEquals(Outcome.OK, pin.outcome());
        Folio pinned = pin.ref().folio();
        assertNotSame(shared, pinned, "unshared: a copy");
        assertTrue(pinned.anonExclusive());
        assertSame(pinned, mm.pte(0).presentFolio());
        assertFalse(((Pte.Present) mm.pte(0)).writable(), "an unshare copy stays read-only: nothing was written");
        assertFalse(((Pte.Present) mm.pte(0)).dirty(), "and clean");
        assertSame(shared, child.pte(0).presentFolio(), "the child keeps the old page");
        assertEquals(4, pinned.read(0));
        k.gup().release(pin.ref(), false);
        k.mmap().exit(child);
        assertEquals(List.of(), k.invariants().check());
    }

    /** lock_mm_and_find_vma(): only a VM_GROWSDOWN VMA above the address makes it take the mmap_lock for write. */
    @Test
    void anAccessBelowAVmaThatDoesNotGrowDownIsRefusedUnderTheReadLock() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(4, 2, true);
        List<LockEvent> writes = new ArrayList<>();
        k.onLockEvent(e -> {
            if (e.lockClass() == LockClass.MMAP_LOCK && !e.shared()) {
                writes.add(e);
            }
        });
        assertEquals(Outcome.SIGSEGV, k.user().write(mm, 3, 0, (byte) 1));
        assertEquals(Outcome.SIGSEGV, k.user().read(mm, 3, 0).outcome());
        assertEquals(List.of(), writes);
        assertEquals(4, mm.findVma(4).start(), "nothing grew");
    }
}
