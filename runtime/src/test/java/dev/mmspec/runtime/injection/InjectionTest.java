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
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each hand-written bug ({@link Injection}) found by the runtime's own checks ({@code check/Invariants}, KernelBug,
 * what user space reads back), and the same scenario clean without it: the Etna view of the hand-written tests. The
 * interleavings stop at lock points too, because the two windows that matter (a PT lock dropped and retaken) lie inside
 * one step.
 */
class InjectionTest {
    private static final int FIRST = 0;
    private static final int SECOND = 1;

    private static KernelConfig config(boolean injected, Injection injection) {
        return injected ? KernelConfig.defaults().injecting(injection) : KernelConfig.defaults();
    }

    private static List<String> violationNames(Kernel kernel) {
        return kernel.invariants().check().stream()
                .map(v -> v.split("[: ]", 2)[0])
                .distinct()
                .toList();
    }

    @Test
    void unknownInjectionIdIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Injection.byId("no_such_bug"));
        assertTrue(
                e.getMessage().contains("unknown injection 'no_such_bug'")
                        && e.getMessage().contains("zap_keeps_swap_count"),
                e.getMessage());
        assertEquals(Injection.GUP_REF_AFTER_PTL, Injection.byId(Injection.GUP_REF_AFTER_PTL.id()));
    }

    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void zapOfSwapEntryDropsTheSlotCount(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.ZAP_KEEPS_SWAP_COUNT));
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 1));
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertEquals(Outcome.OK, kernel.mmap().munmap(mm, 0, 1));
        assertEquals(injected ? List.of("swap_count_matches_ptes") : List.of(), violationNames(kernel));
    }

    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void writebackWriteProtectsSoTheNextWriteIsNotLost(boolean injected) {
        Kernel kernel = new Kernel(config(injected, Injection.WRITEBACK_SKIPS_MKCLEAN));
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        Mm mm = kernel.createMm();
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 1));
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 2));
        // Without folio_mkclean the second store hits a writable PTE: no page_mkwrite, no dirty folio.
        assertEquals(injected ? Outcome.EAGAIN : Outcome.OK, kernel.writeback().writeback(file, 0));
        assertEquals(injected ? 1 : 2, file.readDisk(0)[0], "what the disk holds after the second writeback");
    }

    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void failedMigrationRestoresItsEntries(boolean injected) {
        // One folio in all: the destination cannot be allocated, so the migration fails after try_to_migrate.
        Kernel kernel = new Kernel(
                config(injected, Injection.MIGRATION_FAILURE_KEEPS_ENTRIES).withMaxFolios(1));
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 7));
        var result = kernel.migration().migrate(mm, 0);
        assertEquals(Outcome.EAGAIN, result.outcome());
        assertEquals(1, result.installed());
        assertEquals(injected ? List.of("migration_entry_only_while_locked") : List.of(), violationNames(kernel));
        assertEquals(!injected, mm.pte(0) instanceof Pte.Present, "the PTE after the failed migration: " + mm.pte(0));
    }

    /**
     * wp_page_shared() on a shared file page: the write fault drops the PT lock for page_mkwrite; MADV_DONTNEED zaps
     * the PTE while it sleeps; the fault retakes the lock and, without pte_same(), maps the page again with neither a
     * mapcount nor a reference of its own.
     */
    @ParameterizedTest(name = "injected={0}")
    @ValueSource(booleans = {true, false})
    void sharedWriteFaultRechecksThePteAfterPageMkwrite(boolean injected) {
        try (ControlledScheduler scheduler = new ControlledScheduler(label -> true, Duration.ofSeconds(10))) {
            Kernel kernel = new Kernel(config(injected, Injection.WP_SHARED_NO_PTE_SAME), scheduler.hooks());
            AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
            Mm mm = kernel.createMm();
            mm.mmapFile(file, 0, 1, 0, true, true);
            assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome()); // read-only PTE: the write must notify
            Folio page = mm.pte(0).presentFolio();
            Stop stop = scheduler.start(
                    FIRST, () -> kernel.user().write(mm, 0, 0, (byte) 5).toString());
            // The fault's second PT lock acquisition with the folio locked: page_mkwrite is done.
            while (!(stop.kind() == Stop.Kind.POINT && stop.label().equals("lock:ptl") && page.locked())) {
                assertFalse(stop.done(), "the write fault never retook the PT lock after page_mkwrite: " + stop);
                stop = scheduler.resume(FIRST);
            }
            runToEnd(
                    scheduler,
                    SECOND,
                    () -> kernel.mmap().madviseDontneed(mm, 0, 1).toString());
            runToEnd(scheduler, FIRST, stop);
            List<String> violations = violationNames(kernel);
            if (injected) {
                assertTrue(violations.contains("mapcount_matches_ptes"), violations.toString());
            } else {
                assertEquals(List.of(), violations);
            }
        }
    }

    /**
     * follow_page_pte() finds the anonymous page mapped, drops and retakes the PT lock, and only then takes its
     * reference: MADV_DONTNEED in the gap frees the page, and GUP hands out a reference to freed memory. With the
     * reference taken under the first lock, the page outlives the zap.
     */
    @Test
    void gupReferenceTakenAfterThePtLockIsDroppedOutlivesNothing() {
        assertTrue(gupAcrossZap(true).contains("folio_get on a free folio"), gupAcrossZap(true));
        assertEquals("OK, invariants []", gupAcrossZap(false));
    }

    /** @return how GUP ended: its failure, or its outcome and the invariants once its reference is released */
    private static String gupAcrossZap(boolean injected) {
        try (ControlledScheduler scheduler = new ControlledScheduler(label -> true, Duration.ofSeconds(10))) {
            Kernel kernel = new Kernel(config(injected, Injection.GUP_REF_AFTER_PTL), scheduler.hooks());
            Mm mm = kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 3));
            GupResult[] gup = new GupResult[1];
            Stop stop = scheduler.start(FIRST, () -> {
                gup[0] = kernel.gup().get(mm, 0);
                return gup[0].outcome().toString();
            });
            stop = stepTo(scheduler, FIRST, stop, Labels.GUP_GET_FOLLOW);
            stop = stepTo(scheduler, FIRST, scheduler.resume(FIRST), "lock:ptl"); // follow_page_pte takes it
            stop = scheduler.resume(FIRST); // holds it, then stops at the next point of the lookup
            runToEnd(
                    scheduler,
                    SECOND,
                    () -> kernel.mmap().madviseDontneed(mm, 0, 1).toString());
            while (!stop.done()) {
                stop = scheduler.resume(FIRST);
            }
            if (stop.kind() != Stop.Kind.FINISHED) {
                return stop.toString();
            }
            kernel.gup().release(gup[0].ref(), false);
            return stop.outcome() + ", invariants " + violationNames(kernel);
        }
    }

    private static Stop stepTo(ControlledScheduler scheduler, int task, Stop stop, String label) {
        while (!(stop.kind() == Stop.Kind.POINT && stop.label().equals(label))) {
            assertFalse(stop.done(), "task " + task + " never reached " + label + ": " + stop);
            stop = scheduler.resume(task);
        }
        return stop;
    }

    private static void runToEnd(ControlledScheduler scheduler, int task, Callable<String> body) {
        runToEnd(scheduler, task, scheduler.start(task, body));
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
