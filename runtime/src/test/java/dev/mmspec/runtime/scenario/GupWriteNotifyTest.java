package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import org.junit.jupiter.api.Test;

/**
 * Seed 001: an RDMA-style long-term writable pin of a shared file mapping; writeback cleans the page (the filesystem
 * forgets it), the device writes, the unpin dirties the page behind the filesystem's back.
 */
class GupWriteNotifyTest {
    private static final int APP = 0;
    private static final int FLUSHER = 1;

    @Test
    void fileFolioDirtiedBehindFilesystemsBackWithoutGupWriteNotify() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.GUP_WRITE_NOTIFY))) {
            AddressSpace file = sim.kernel.createFile(8);
            Mm mm = sim.kernel.createMm();
            mm.mmapFile(file, 0, 1, 0, true, true);
            GupResult[] pin = new GupResult[1];
            sim.run(APP, () -> pin[0] = sim.kernel.gup().get(mm, 0, Foll.PIN, Foll.LONGTERM, Foll.WRITE));
            assertTrue(pin[0].ok());
            assertEquals(
                    "",
                    sim.run(
                            FLUSHER,
                            () -> sim.kernel.writeback().writeback(file, 0).label()));
            Stop dma = sim.start(APP, () -> {
                sim.kernel.dma().complete(pin[0].ref(), 0, new byte[] {0x5A});
                return null;
            });
            Stop end = dma.kind() == Stop.Kind.POINT ? sim.step(APP) : dma;
            assertEquals(Stop.Kind.FAILED, end.kind(), sim.log.toString());
            assertEquals(
                    "file folio dirtied without page_mkwrite since writeback cleaned it",
                    sim.kernel.bugs().get(0).condition());
        }
    }

    @Test
    void longTermWritablePinOfDirtyTrackedFileIsRefusedWithGupWriteNotify() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            AddressSpace file = sim.kernel.createFile(8);
            Mm mm = sim.kernel.createMm();
            mm.mmapFile(file, 0, 1, 0, true, true);
            assertEquals(
                    Outcome.EFAULT.label(),
                    sim.run(
                            APP,
                            () -> sim.kernel
                                    .gup()
                                    .get(mm, 0, Foll.PIN, Foll.LONGTERM, Foll.WRITE)
                                    .outcome()
                                    .label()));
            assertTrue(sim.kernel.bugs().isEmpty());
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }
}
