package dev.mmspec.runtime.gup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The steps GUP is cut into, as the specs name them: a spec's binding stops the runtime at exactly these labels, so a
 * step that is not announced (or announced under the other prefix) is an interleaving no generated test can force. And
 * GUP-fast's B4 recheck, which only such an interleaving reaches.
 */
class GupStepsTest {
    private static final int T = 0;
    private static final int OTHER = 1;

    /** Runs {@code body} on task T to its end; the step labels it stopped at, GUP's and the copy's only. */
    private static List<String> steps(Sim sim, Callable<Object> body) {
        List<String> labels = new ArrayList<>();
        Stop stop = sim.start(T, body);
        while (stop.kind() == Stop.Kind.POINT) {
            if (stop.label().startsWith("gup_")
                    || stop.label().startsWith("mem_write")
                    || stop.label().startsWith("dma")) {
                labels.add(stop.label());
            }
            stop = sim.step(T);
        }
        assertEquals(Stop.Kind.FINISHED, stop.kind(), sim.log.toString());
        return labels;
    }

    @Test
    void theSlowPathFollowsFaultsAndFollowsAgain() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 2, true);
            assertEquals(
                    List.of(Labels.GUP_GET_FOLLOW, Labels.GUP_GET_FAULT, Labels.GUP_GET_FOLLOW),
                    steps(sim, () -> sim.kernel.gup().get(mm, 0, Foll.WRITE)));
            assertEquals(
                    List.of(Labels.GUP_PIN_FOLLOW, Labels.GUP_PIN_FAULT, Labels.GUP_PIN_FOLLOW),
                    steps(sim, () -> sim.kernel.gup().get(mm, 1, Foll.PIN, Foll.WRITE)));
            assertEquals(
                    List.of(Labels.GUP_PIN_GRAB),
                    steps(sim, () -> sim.kernel.gup().get(mm, 0, Foll.PIN, Foll.NOFAULT)));
            assertEquals(
                    List.of(Labels.GUP_GET_GRAB),
                    steps(sim, () -> sim.kernel.gup().get(mm, 0, Foll.NOFAULT)));
        }
    }

    @Test
    void gupFastReadsThenGrabs() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(OTHER, () -> sim.kernel.user().write(mm, 0, 0, (byte) 1));
            assertEquals(
                    List.of(Labels.GUP_PIN_FAST_READ, Labels.GUP_PIN_FAST_GRAB),
                    steps(sim, () -> sim.kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN)));
            assertEquals(
                    List.of(Labels.GUP_GET_FAST_READ, Labels.GUP_GET_FAST_GRAB),
                    steps(sim, () -> sim.kernel.gup().get(mm, 0, Foll.FAST)));
        }
    }

    @Test
    void procPidMemWriteCopiesInItsOwnStepAndDropsItsReference() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 1, false);
            long before = sim.kernel.operations();
            assertEquals(
                    List.of(Labels.GUP_GET_FOLLOW, Labels.GUP_GET_FAULT, Labels.GUP_GET_FOLLOW, Labels.MEM_WRITE_COPY),
                    steps(sim, () -> sim.kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 9)));
            assertEquals(before + 1, sim.kernel.operations(), "one operation: the GUP inside is not counted apart");
            Folio folio = mm.pte(0).presentFolio();
            assertEquals(9, folio.read(0));
            assertEquals(1, folio.refcount(), "the page table's reference only");
            assertTrue(folio.dirty());
        }
    }

    @Test
    void aDmaCompletionIsOneStepAndOneOperation() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            GupResult[] r = new GupResult[1];
            long before = sim.kernel.operations();
            sim.run(T, () -> r[0] = sim.kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE));
            assertEquals(before + 1, sim.kernel.operations());
            assertEquals(List.of(Labels.DMA_COMPLETE), steps(sim, () -> {
                sim.kernel.dma().complete(r[0].ref(), 0, new byte[] {4});
                return null;
            }));
            assertEquals(before + 2, sim.kernel.operations());
        }
    }

    /** B4: a zap between the lockless read and the grab; the grab sees the PTE changed and gives its reference back. */
    private static void fastGrabBacksOffWhenThePteChanged(boolean pin) {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm mm = sim.kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(OTHER, () -> sim.kernel.user().write(mm, 0, 0, (byte) 1));
            Folio folio = mm.pte(0).presentFolio();
            folio.get(); // keep it alive past the zap, as a racing reader would
            int refs = folio.refcount();
            String grab = pin ? Labels.GUP_PIN_FAST_GRAB : Labels.GUP_GET_FAST_GRAB;
            GupResult[] r = new GupResult[1];
            sim.start(
                    T,
                    () -> r[0] = pin
                            ? sim.kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN)
                            : sim.kernel.gup().get(mm, 0, Foll.FAST));
            sim.stepTo(T, grab);
            sim.run(OTHER, () -> sim.kernel.mmap().madviseDontneed(mm, 0, 1));
            sim.finish(T);
            assertEquals(Outcome.EAGAIN, r[0].outcome());
            assertEquals(refs - 1, folio.refcount(), "only the zap's put: the grab was undone");
            assertEquals(0, folio.pincount());
            folio.put();
        }
    }

    @Test
    void gupFastPinBacksOffWhenThePteChanged() {
        fastGrabBacksOffWhenThePteChanged(true);
    }

    @Test
    void gupFastGetBacksOffWhenThePteChanged() {
        fastGrabBacksOffWhenThePteChanged(false);
    }
}
