package dev.mmspec.runtime.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written bugs that came with issue 17's specs (mprotect_upgrade, gup_fast, zero_page, ksm_replace,
 * stack_grow), each found by the runtime's own checks in one scripted run, and the same run clean without it, as
 * {@link InjectionTest} does for the first five. The generated suites' side is
 * {@code GeneratedSuitesFindInjectionsTest} in generated-tests.
 */
class SpecInjectionTest {
    private static final int FIRST = 0;
    private static final int SECOND = 1;
    private static final byte STORED = 7;

    private static KernelConfig config(boolean injected, Injection injection) {
        return injected ? KernelConfig.defaults().injecting(injection) : KernelConfig.defaults();
    }

    private static List<String> violationNames(Kernel kernel) {
        return kernel.invariants().check().stream()
                .map(v -> v.split("[: ]", 2)[0])
                .distinct()
                .toList();
    }

    /**
     * After fork and the child's munmap the parent's page is mapped once, but not PG_anon_exclusive (the child may have
     * left a GUP reference or a pipe buffer): mprotect(PROT_READ|PROT_WRITE) must leave its PTE read-only for the write
     * fault's refcount test; by the mapcount it maps it writable.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void mprotectUpgradesOnlyAnExclusivePage(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.MPROTECT_UPGRADE_BY_MAPCOUNT));
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.user().write(parent, 0, 0, STORED));
        Mm child = kernel.fork().fork(parent);
        assertEquals(Outcome.OK, kernel.mmap().munmap(child, 0, 1));
        assertEquals(Outcome.OK, kernel.mmap().mprotect(parent, 0, 1, false));
        assertEquals(Outcome.OK, kernel.mmap().mprotect(parent, 0, 1, true));
        Pte.Present pte = assertInstanceOf(Pte.Present.class, parent.pte(0));
        assertFalse(pte.folio().anonExclusive());
        assertEquals(injected, pte.writable());
        assertEquals(injected ? List.of("writable_implies_exclusive") : List.of(), violationNames(kernel));
    }

    /**
     * mprotect(PROT_READ) between GUP-fast's lockless PTE read and its folio_try_get(): the recheck (B4) sees the PTE
     * changed and backs off; without it a write reference to a now read-only page is handed out.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void gupFastRechecksThePteAfterTheGrab(boolean injected) {
        try (ControlledScheduler scheduler = new ControlledScheduler(label -> true, Duration.ofSeconds(10))) {
            Kernel kernel = new Kernel(config(injected, Injection.GUP_FAST_NO_RECHECK), scheduler.hooks());
            Mm mm = kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, STORED));
            GupResult[] gup = new GupResult[1];
            Stop stop = scheduler.start(FIRST, () -> {
                gup[0] = kernel.gup().get(mm, 0, Foll.FAST, Foll.WRITE);
                return gup[0].outcome().toString();
            });
            while (!(stop.kind() == Stop.Kind.POINT && stop.label().equals("gup_get.fast_grab"))) {
                assertFalse(stop.done(), "GUP-fast never reached its grab: " + stop);
                stop = scheduler.resume(FIRST);
            }
            runToEnd(
                    scheduler,
                    SECOND,
                    scheduler.start(
                            SECOND,
                            () -> kernel.mmap().mprotect(mm, 0, 1, false).toString()));
            while (!stop.done()) {
                stop = scheduler.resume(FIRST);
            }
            assertEquals(Stop.Kind.FINISHED, stop.kind(), stop.toString());
            assertFalse(assertInstanceOf(Pte.Present.class, mm.pte(0)).writable());
            assertEquals(injected ? Outcome.OK : Outcome.EAGAIN, gup[0].outcome());
            if (injected) {
                kernel.gup().release(gup[0].ref(), false);
            }
            assertEquals(List.of(), violationNames(kernel));
        }
    }

    /**
     * A load maps the shared zero page read-only, and a store then copies it; mapped writable, the store lands in it.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void theZeroPageIsMappedReadOnly(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.ZERO_PAGE_MAPPED_WRITABLE));
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        Pte.Present zero = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertTrue(zero.folio().isZero());
        assertEquals(injected ? List.of("zero_page_read_only") : List.of(), violationNames(kernel));
        if (injected) {
            KernelBug bug = assertThrows(KernelBug.class, () -> kernel.user().write(mm, 0, 0, STORED));
            assertTrue(bug.getMessage().contains("write to the shared zero page"), bug.getMessage());
        } else {
            assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, STORED));
            Pte.Present copy = assertInstanceOf(Pte.Present.class, mm.pte(0));
            assertFalse(copy.folio().isZero());
            assertEquals(STORED, copy.folio().read(0));
            assertEquals(List.of(), violationNames(kernel));
        }
    }

    /**
     * Two equal pages merged into one stable page; a store to the first copies it away, leaving the stable page mapped
     * once with refcount 1. The store to the second must copy it too (do_wp_page never reuses a KSM page); reusing it
     * maps the stable page writable.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void aStoreNeverReusesAKsmPage(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.WP_REUSES_KSM_PAGE));
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 2, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 1));
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 0, (byte) 1));
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 1));
        Folio stable = assertInstanceOf(Pte.Present.class, mm.pte(1)).folio();
        assertTrue(stable.ksm(), stable.toString());
        assertEquals(stable, assertInstanceOf(Pte.Present.class, mm.pte(0)).folio());
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, STORED));
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 0, STORED));
        Pte.Present second = assertInstanceOf(Pte.Present.class, mm.pte(1));
        assertEquals(injected, second.folio() == stable);
        assertEquals(injected ? List.of("writable_implies_exclusive") : List.of(), violationNames(kernel));
    }

    /** A store just below a stack grows it; the VMA tree is written under the mmap_lock held for write only. */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void aStackGrowsOnlyUnderTheWriteLock(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.STACK_GROWS_UNDER_READ_LOCK));
        Mm mm = kernel.createMm();
        mm.mmapStack(1, 1);
        if (injected) {
            ContextViolation e =
                    assertThrows(ContextViolation.class, () -> kernel.user().write(mm, 0, 0, STORED));
            assertTrue(e.getMessage().contains("vma_iter_store"), e.getMessage());
        } else {
            assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, STORED));
            assertEquals(0, mm.findVma(1).start());
            assertEquals(List.of(), violationNames(kernel));
        }
    }

    /**
     * fork() after swap-out: copy_nonpresent_pte() must drop the exclusive bit of the swap entry in both processes.
     * Kept, the child's store faults the shared entry in exclusive and writable through the swap cache, and the
     * parent's next load finds that page there under a swap PTE (do_swap_page()'s BUG check; without the check it would
     * read the child's store).
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void forkDropsTheSwapEntrysExclusiveBit(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.FORK_KEEPS_SWAP_EXCLUSIVE));
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.user().write(parent, 0, 0, STORED));
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(parent, 0));
        assertTrue(assertInstanceOf(Pte.Swap.class, parent.pte(0)).exclusive());
        Mm child = kernel.fork().fork(parent);
        assertEquals(injected, assertInstanceOf(Pte.Swap.class, parent.pte(0)).exclusive());
        assertEquals(injected, assertInstanceOf(Pte.Swap.class, child.pte(0)).exclusive());
        assertEquals(injected ? List.of("swap_exclusive_only_single") : List.of(), violationNames(kernel));
        assertEquals(Outcome.OK, kernel.user().write(child, 0, 0, (byte) (STORED + 1)));
        if (injected) {
            KernelBug bug = assertThrows(KernelBug.class, () -> kernel.user().read(parent, 0, 0));
            assertTrue(bug.getMessage().contains("PG_anon_exclusive folio in the swap cache"), bug.getMessage());
        } else {
            assertEquals(STORED, kernel.user().read(parent, 0, 0).value());
            assertEquals(List.of(), violationNames(kernel));
        }
    }

    /**
     * truncate_inode_pages_range() zeroes the partial last page under the folio lock (the folio found with FGP_LOCK).
     * Injected, the tail is zeroed with no folio lock taken at all.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void truncateZeroesThePartialLastPageUnderItsFolioLock(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.TRUNCATE_ZERO_TAIL_UNLOCKED));
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        for (int pos = 0; pos < 8; pos++) {
            assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, pos, STORED));
        }
        Folio last = file.peek(0);
        List<LockEvent.Kind> locking = new ArrayList<>();
        kernel.onLockEvent(e -> {
            if (e.instance() == last && e.lockClass() == LockClass.FOLIO_LOCK) {
                locking.add(e.kind());
            }
        });
        kernel.truncate().truncate(file, 5);
        assertEquals(injected ? List.of() : List.of(LockEvent.Kind.ACQUIRE, LockEvent.Kind.RELEASE), locking);
        assertEquals(0, last.read(5), "the tail is zeroed either way");
        assertEquals(List.of(), violationNames(kernel));
    }

    private static void runToEnd(ControlledScheduler scheduler, int task, Stop first) {
        Stop stop = first;
        while (!stop.done()) {
            assertEquals(Stop.Kind.POINT, stop.kind(), "task " + task + " blocked: " + stop);
            stop = scheduler.resume(task);
        }
        assertEquals(Stop.Kind.FINISHED, stop.kind(), "task " + task + " did not finish: " + stop);
    }
}
