package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 (spec/anon_exclusive.mmspec, scenario cover_letter): an O_DIRECT read holds a FOLL_GET|FOLL_WRITE reference,
 * reclaim swaps the page out but cannot free it, the app writes, the DMA completes. The states checked at each step
 * boundary are the spec's.
 */
class SwapPteExclusiveTest {
    private static final int APP = 0;
    private static final int RECLAIM = 1;
    private static final byte[] DMA = {0x5A};

    /** The spec's bounds: 3 folios, 1 swap slot, a PT lock per address. */
    private static KernelConfig specBounds() {
        return KernelConfig.defaults().withMaxFolios(3).withSwapSlots(1).withPtesPerTable(1);
    }

    @Test
    void lostDmaAfterSwapOutWithoutSwapPteExclusive() {
        try (Sim sim = new Sim(specBounds().without(Fix.SWAP_PTE_EXCLUSIVE))) {
            Run run = coverLetter(sim);
            assertEquals(new Pte.Swap(0, false), run.afterUnmap, "the exclusive bit is forgotten");
            assertNotSame(run.dmaTarget, run.mappedAfterWrite, "the write copied the page away from the DMA");
            assertEquals(0, run.userReadsAtDmaOffset, "the DMA is lost: the user reads what was there before");
        }
    }

    @Test
    void dmaLandsInMappedPageWithSwapPteExclusive() {
        try (Sim sim = new Sim(specBounds())) {
            Run run = coverLetter(sim);
            assertEquals(new Pte.Swap(0, true), run.afterUnmap);
            assertSame(run.dmaTarget, run.mappedAfterWrite, "the write reused the exclusive page");
            assertEquals(DMA[0], run.userReadsAtDmaOffset);
            assertTrue(
                    sim.kernel.invariants().check().isEmpty(),
                    sim.kernel.invariants().check().toString());
        }
    }

    private record Run(Folio dmaTarget, Pte afterUnmap, Folio mappedAfterWrite, byte userReadsAtDmaOffset) {}

    private static Run coverLetter(Sim sim) {
        Mm mm = sim.kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        sim.kernel.user().write(mm, 0, 7, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        assertTrue(folio.anonExclusive());

        // app: gup_get(0)
        GupResult[] gup = new GupResult[1];
        assertEquals(
                Labels.GUP_GET_GRAB,
                sim.start(APP, () -> gup[0] = sim.kernel.gup().get(mm, 0, Foll.WRITE, Foll.NOFAULT))
                        .label());
        sim.finish(APP);
        assertSame(folio, gup[0].ref().folio());
        assertEquals(2, folio.refcount());

        // reclaim: swap_out(0), checking the spec's state at each step boundary
        assertEquals(
                Labels.SWAP_OUT_ADD_TO_SWAPCACHE,
                sim.start(RECLAIM, () -> sim.kernel.reclaim().swapOut(mm, 0)).label());
        assertEquals(Labels.SWAP_OUT_UNMAP, sim.step(RECLAIM).label());
        assertEquals(
                List.of(3, 1, true, true),
                List.of(folio.refcount(), folio.mapcount(), folio.swapcache(), folio.locked()));
        assertEquals(Labels.SWAP_OUT_PAGEOUT, sim.step(RECLAIM).label());
        Pte afterUnmap = mm.pte(0);
        assertEquals(List.of(2, 0, false), List.of(folio.refcount(), folio.mapcount(), folio.anonExclusive()));
        sim.finish(RECLAIM);
        assertTrue(
                folio.swapcache() && !folio.freed() && !folio.locked(), "pageout kept the referenced folio: " + folio);

        // app: write(0)
        assertEquals(
                Labels.WRITE_FAULT,
                sim.start(APP, () -> sim.kernel.user().writeOnce(mm, 0, 7, (byte) 2))
                        .label());
        assertEquals(Labels.WRITE_WP, sim.step(APP).label());
        assertSame(folio, mm.pte(0).presentFolio(), "do_swap_page mapped the swap cache folio");
        sim.finish(APP);
        Folio mapped = mm.pte(0).presentFolio();

        // app: dma_complete(0)
        assertEquals(
                Labels.DMA_COMPLETE,
                sim.start(APP, () -> {
                            sim.kernel.dma().complete(gup[0].ref(), 0, DMA);
                            return null;
                        })
                        .label());
        sim.finish(APP);
        assertFalse(sim.kernel.bugs().iterator().hasNext());
        byte seen = sim.kernel.user().read(mm, 0, 0).value();
        assertEquals(2, sim.kernel.user().read(mm, 0, 7).value(), "the user's own write is there either way");
        return new Run(folio, afterUnmap, mapped, seen);
    }
}
