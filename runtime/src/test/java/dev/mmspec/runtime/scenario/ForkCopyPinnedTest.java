package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import org.junit.jupiter.api.Test;

/**
 * The fork side of seed 000: fork write-protects a pinned page in the parent; the parent's next write COWs away from
 * the DMA, and the child sees the data the DMA meant for the parent.
 */
class ForkCopyPinnedTest {
    private static final int PARENT = 0;
    private static final byte[] DMA = {0x5A};

    @Test
    void lostDmaAfterForkOfPinnedPageWithoutForkCopyPinned() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.FORK_COPY_PINNED))) {
            byte[] seen = race(sim);
            assertEquals(0, seen[0], "the parent lost its DMA");
            assertEquals(DMA[0], seen[1], "and the child got it");
        }
    }

    @Test
    void pinnedPageStaysWithParentWithForkCopyPinned() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            byte[] seen = race(sim);
            assertEquals(DMA[0], seen[0]);
            assertEquals(0, seen[1]);
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    /** @return what the parent and the child read at the DMA's offset */
    private static byte[] race(Sim sim) {
        Mm parent = sim.kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        sim.kernel.user().write(parent, 0, 7, (byte) 1);
        GupResult[] pin = new GupResult[1];
        sim.run(PARENT, () -> pin[0] = sim.kernel.gup().get(parent, 0, Foll.PIN, Foll.WRITE));
        assertTrue(pin[0].ok());
        Mm[] child = new Mm[1];
        sim.run(PARENT, () -> child[0] = sim.kernel.fork().fork(parent));
        sim.run(PARENT, () -> sim.kernel.user().write(parent, 0, 7, (byte) 2));
        sim.run(PARENT, () -> {
            sim.kernel.dma().complete(pin[0].ref(), 0, DMA);
            return null;
        });
        return new byte[] {
            sim.kernel.user().read(parent, 0, 0).value(),
            sim.kernel.user().read(child[0], 0, 0).value()
        };
    }
}
