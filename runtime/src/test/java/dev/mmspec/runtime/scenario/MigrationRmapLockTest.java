package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

/**
 * Seed 003: mprotect splits a VMA, and vma_adjust moves vm_start and vm_pgoff of the original while migration's
 * remove_migration_ptes walks the anon_vma; between the two updates the walk computes the wrong address, misses the
 * migration entry, and the folio is unlocked with the entry still in place. The next fault on it hits the BUG in
 * pfn_swap_entry_to_page.
 */
class MigrationRmapLockTest {
    private static final int MIGRATE = 0;
    private static final int MPROTECT = 1;
    private static final int APP = 2;

    @Test
    void migrationEntryLeftBehindWithoutMigrationRmapLock() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.MIGRATION_RMAP_LOCK))) {
            Mm mm = setUp(sim);
            Migration.Result[] result = new Migration.Result[1];
            raceUpToRemove(sim, mm, result);
            assertEquals(Labels.MIGRATE_UNLOCK, sim.step(MIGRATE).label(), "the walk ran mid-adjust");
            sim.finish(MIGRATE);
            sim.finish(MPROTECT);
            assertEquals(1, result[0].installed());
            assertEquals(0, result[0].removed(), "installed != removed at unlock");
            assertInstanceOf(Pte.Migration.class, mm.pte(2), "a migration entry outlives its folio lock");
            Stop fault = sim.start(APP, () -> sim.kernel.user().read(mm, 2, 0));
            Stop end = fault.kind() == Stop.Kind.POINT ? sim.step(APP) : fault;
            assertEquals(Stop.Kind.FAILED, end.kind(), sim.log.toString());
            assertEquals("migration entry for an unlocked folio", ((KernelBug) end.failure()).condition());
        }
    }

    @Test
    void migrationFindsEveryEntryWithMigrationRmapLock() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = setUp(sim);
            Migration.Result[] result = new Migration.Result[1];
            raceUpToRemove(sim, mm, result);
            assertEquals(Stop.Kind.BLOCKED, sim.step(MIGRATE).kind(), "the walk waits for vma_adjust");
            sim.finish(MPROTECT);
            sim.finish(MIGRATE);
            assertEquals(1, result[0].removed());
            assertEquals(7, sim.kernel.user().read(mm, 2, 0).value());
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    private static Mm setUp(Sim sim) {
        Mm mm = sim.kernel.createMm();
        mm.mmapAnonymous(0, 4, true);
        sim.kernel.user().write(mm, 2, 0, (byte) 7);
        return mm;
    }

    /**
     * migrate(2) up to its remove step; mprotect(1..4) splits the VMA (the new one below) and stops between vm_start
     * and vm_pgoff.
     */
    private static void raceUpToRemove(Sim sim, Mm mm, Migration.Result[] result) {
        sim.start(MIGRATE, () -> result[0] = sim.kernel.migration().migrate(mm, 2));
        sim.stepTo(MIGRATE, Labels.MIGRATE_REMOVE);
        assertInstanceOf(Pte.Migration.class, mm.pte(2));
        sim.start(MPROTECT, () -> sim.kernel.mmap().mprotect(mm, 1, 4, false));
        sim.stepTo(MPROTECT, Labels.VMA_ADJUST_START);
        sim.stepTo(MPROTECT, Labels.VMA_ADJUST_PGOFF);
    }
}
