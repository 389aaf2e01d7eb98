package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 004: a fault finds a page-cache page, truncate (or invalidate) removes it, the fault maps it anyway; and a
 * private COW copy made during truncate survives beyond EOF unless truncate unmaps a second time.
 */
class FaultTruncateRecheckTest {
    private static final int APP = 0;
    private static final int TRUNCATE = 1;

    private static AddressSpace twoPageFile(Sim sim) {
        AddressSpace file = sim.kernel.createFile(16);
        file.writeDisk(1, new byte[] {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11});
        return file;
    }

    @Test
    void truncatedFolioMappedByFaultWithoutFaultTruncateRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK))) {
            AddressSpace file = twoPageFile(sim);
            Mm mm = sim.kernel.createMm();
            mm.mmapFile(file, 0, 2, 0, false, true);
            sim.start(APP, () -> sim.kernel.user().readOnce(mm, 1, 0));
            sim.stepTo(APP, Labels.READ_MAP);
            sim.run(TRUNCATE, () -> {
                sim.kernel.truncate().truncate(file, 8);
                return null;
            });
            sim.finish(APP);
            assertEquals(0x11, sim.kernel.user().read(mm, 1, 0).value(), "stale data beyond EOF instead of SIGBUS");
            List<String> violations = sim.kernel.invariants().check();
            assertTrue(
                    violations.stream().anyMatch(v -> v.startsWith("no_pte_maps_truncated_folio")),
                    violations.toString());
            assertTrue(violations.stream().anyMatch(v -> v.startsWith("no_pte_beyond_eof")), violations.toString());
        }
    }

    @Test
    void faultBacksOffFromTruncatedFolioWithFaultTruncateRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            AddressSpace file = twoPageFile(sim);
            Mm mm = sim.kernel.createMm();
            mm.mmapFile(file, 0, 2, 0, false, true);
            sim.start(APP, () -> sim.kernel.user().readOnce(mm, 1, 0));
            sim.stepTo(APP, Labels.READ_MAP);
            sim.start(TRUNCATE, () -> {
                sim.kernel.truncate().truncate(file, 8);
                return null;
            });
            sim.stepTo(TRUNCATE, Labels.TRUNCATE_REMOVE);
            assertEquals(Stop.Kind.BLOCKED, sim.step(TRUNCATE).kind(), "truncate waits for the faulting folio's lock");
            sim.finish(APP);
            sim.finish(TRUNCATE);
            assertEquals(Outcome.SIGBUS, sim.kernel.user().read(mm, 1, 0).outcome());
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    @Test
    void cowedPageSurvivesTruncateWithoutFaultTruncateRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FAULT_TRUNCATE_RECHECK))) {
            Mm mm = cowRace(sim, false);
            assertEquals(0x22, sim.kernel.user().read(mm, 1, 0).value(), "a COWed page beyond EOF is still mapped");
            List<String> violations = sim.kernel.invariants().check();
            assertTrue(violations.stream().anyMatch(v -> v.startsWith("no_pte_beyond_eof")), violations.toString());
        }
    }

    @Test
    void cowedPageIsUnmappedBySecondPassWithFaultTruncateRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = cowRace(sim, true);
            assertEquals(Outcome.SIGBUS, sim.kernel.user().read(mm, 1, 0).outcome());
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    /** A private write fault on page 1 copies the file page while truncate cuts the file to one page. */
    private static Mm cowRace(Sim sim, boolean truncateWaits) {
        AddressSpace file = twoPageFile(sim);
        Mm mm = sim.kernel.createMm();
        mm.mmapFile(file, 0, 2, 0, true, false);
        sim.start(APP, () -> sim.kernel.user().writeOnce(mm, 1, 0, (byte) 0x22));
        sim.stepTo(APP, Labels.WRITE_WP);
        sim.start(TRUNCATE, () -> {
            sim.kernel.truncate().truncate(file, 8);
            return null;
        });
        sim.stepTo(TRUNCATE, Labels.TRUNCATE_REMOVE);
        Stop remove = sim.step(TRUNCATE);
        assertEquals(truncateWaits, remove.kind() == Stop.Kind.BLOCKED, sim.log.toString());
        sim.finish(APP);
        sim.finish(TRUNCATE);
        assertFalse(sim.kernel.bugs().iterator().hasNext());
        return mm;
    }
}
