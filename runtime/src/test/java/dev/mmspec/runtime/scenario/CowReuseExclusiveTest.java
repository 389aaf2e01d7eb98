package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import org.junit.jupiter.api.Test;

/**
 * CVE-2020-29374: after fork the child vmsplices the shared page (a read-only FOLL_GET reference) and unmaps it; the
 * parent's write fault sees mapcount 1, reuses the page in place, and the child reads the parent's later data through
 * the pipe.
 */
class CowReuseExclusiveTest {
    private static final int PARENT = 0;
    private static final int CHILD = 1;

    @Test
    void childReadsParentsLaterWriteWithoutCowReuseExclusive() {
        try (Sim sim = new Sim(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE))) {
            assertEquals((byte) 0x99, race(sim), "the parent's secret leaked into the child's pipe");
        }
    }

    @Test
    void childKeepsItsSnapshotWithCowReuseExclusive() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            assertEquals(0x10, race(sim));
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    /** @return what the child's pipe reads after the parent's write */
    private static byte race(Sim sim) {
        Mm parent = sim.kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        sim.kernel.user().write(parent, 0, 0, (byte) 0x10);
        Mm[] child = new Mm[1];
        sim.run(PARENT, () -> child[0] = sim.kernel.fork().fork(parent));
        GupResult[] pipe = new GupResult[1];
        sim.run(CHILD, () -> pipe[0] = sim.kernel.gup().get(child[0], 0));
        assertTrue(pipe[0].ok());
        sim.run(CHILD, () -> sim.kernel.mmap().munmap(child[0], 0, 1));
        sim.run(PARENT, () -> sim.kernel.user().write(parent, 0, 0, (byte) 0x99));
        byte seen = pipe[0].ref().folio().read(0);
        sim.kernel.gup().release(pipe[0].ref(), false);
        return seen;
    }
}
