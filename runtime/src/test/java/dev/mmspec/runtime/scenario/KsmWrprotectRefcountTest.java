package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: KSM write-protects a page while GUP-fast (O_DIRECT) takes a reference; the app's next write COWs and the
 * DMA lands in the page it no longer maps. The reference check is only sound after the PTE is cleared, because GUP-fast
 * ignores the PT lock.
 */
class KsmWrprotectRefcountTest {
    private static final int APP = 0;
    private static final int KSMD = 1;
    private static final byte[] DMA = {0x5A};

    @Test
    void lostDmaAfterKsmMergeWithoutWrprotectRefcountCheck() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.KSM_WRPROTECT_REFCOUNT))) {
            Run run = race(sim);
            assertEquals(Outcome.OK, run.merge, "KSM merged a page with an O_DIRECT read in flight");
            assertEquals(0, run.userReadsAtDmaOffset, "the DMA is lost");
        }
    }

    @Test
    void ksmBacksOffFromPageUnderDmaWithWrprotectRefcountCheck() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Run run = race(sim);
            assertEquals(Outcome.EBUSY, run.merge);
            assertEquals(DMA[0], run.userReadsAtDmaOffset);
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    private record Run(Outcome merge, byte userReadsAtDmaOffset) {}

    private static Run race(Sim sim) {
        Mm mm = sim.kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        sim.kernel.user().write(mm, 0, 7, (byte) 1);

        Outcome[] merge = new Outcome[1];
        sim.start(KSMD, () -> merge[0] = sim.kernel.ksm().merge(mm, 0));
        sim.stepTo(KSMD, Labels.KSM_CLEAR); // holds the PT lock; without the fix the check is already done

        GupResult[] gup = new GupResult[1];
        sim.run(APP, () -> gup[0] = sim.kernel.gup().get(mm, 0, Foll.FAST, Foll.WRITE));
        assertTrue(gup[0].ok(), "GUP-fast does not need the PT lock: " + gup[0]);

        sim.finish(KSMD);
        sim.run(APP, () -> sim.kernel.user().write(mm, 0, 7, (byte) 2));
        sim.run(APP, () -> {
            sim.kernel.dma().complete(gup[0].ref(), 0, DMA);
            return null;
        });
        return new Run(merge[0], sim.kernel.user().read(mm, 0, 0).value());
    }
}
