package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.mm.Mm;
import org.junit.jupiter.api.Test;

/**
 * Dirty COW (CVE-2016-5195): a FOLL_FORCE write through /proc/self/mem into a read-only private file mapping;
 * madvise(MADV_DONTNEED) zaps the COW copy between the fault and the retried lookup, which then (having dropped
 * FOLL_WRITE) returns the page-cache page, and the write lands in the file.
 */
class GupForceCowRecheckTest {
    private static final int WRITER = 0;
    private static final int ZAPPER = 1;

    @Test
    void forcedWriteLandsInReadOnlyFileWithoutGupForceCowRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.GUP_FORCE_COW_RECHECK))) {
            byte[] seen = race(sim);
            assertEquals(0x66, seen[0], "the read-only file was written");
            assertEquals(0x66, seen[1], "and everyone mapping it sees the write");
        }
    }

    @Test
    void forcedWriteLandsInPrivateCopyWithGupForceCowRecheck() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            byte[] seen = race(sim);
            assertEquals(0x41, seen[0]);
            assertEquals(0x41, seen[1]);
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    /** @return the page-cache byte, and what another process mapping the file reads */
    private static byte[] race(Sim sim) {
        AddressSpace file = sim.kernel.createFile(8);
        file.writeDisk(0, new byte[] {0x41, 0, 0, 0, 0, 0, 0, 0});
        Mm mm = sim.kernel.createMm();
        mm.mmapFile(file, 0, 1, 0, false, false);
        sim.start(WRITER, () -> sim.kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 0x66));
        sim.stepTo(WRITER, Labels.GUP_GET_FAULT);
        sim.stepTo(WRITER, Labels.GUP_GET_FOLLOW); // the COW copy is mapped (read-only, dirty)
        sim.run(ZAPPER, () -> sim.kernel.mmap().madviseDontneed(mm, 0, 1));
        sim.finish(WRITER);
        Mm other = sim.kernel.createMm();
        other.mmapFile(file, 0, 1, 0, false, true);
        return new byte[] {
            file.peek(0).read(0), sim.kernel.user().read(other, 0, 0).value()
        };
    }
}
