package dev.mmspec.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.ScheduleDriver;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The runtime-only driver: the anon_exclusive tasks (app: gup_get, write, dma_complete; reclaim: swap_out) under random
 * and PCT schedules. With the fix off some seed loses the DMA; with it on none does; and a recorded run replays
 * exactly.
 */
class RandomScheduleTest {
    private static final byte DMA = 0x5A;

    /** One try: the schedule's trace and whether the DMA was lost. */
    private record Try(ScheduleDriver.Result result, boolean lost, List<String> violations) {}

    private static Try run(KernelConfig config, ScheduleDriver.Strategy strategy, long seed, List<Integer> replay) {
        try (ControlledScheduler scheduler = new ControlledScheduler(Labels::isStep, Duration.ofSeconds(10))) {
            Kernel kernel = new Kernel(config, scheduler.hooks());
            Mm mm = kernel.createMm();
            mm.mmapAnonymous(0, 1, true);
            kernel.user().write(mm, 0, 7, (byte) 1);
            GupResult[] gup = new GupResult[1];
            Callable<String> gupGet = () -> (gup[0] = kernel.gup().get(mm, 0, Foll.WRITE, Foll.NOFAULT))
                    .outcome()
                    .label();
            Callable<String> write =
                    () -> kernel.user().writeOnce(mm, 0, 7, (byte) 2).outcome().label();
            Callable<String> dma = () -> {
                if (gup[0].ok()) {
                    kernel.dma().complete(gup[0].ref(), 0, new byte[] {DMA});
                }
                return "";
            };
            Callable<String> swapOut = () -> kernel.reclaim().swapOut(mm, 0).label();
            List<List<Callable<String>>> programs = List.of(List.of(gupGet, write, dma), List.of(swapOut));
            ScheduleDriver.Result result = replay != null
                    ? ScheduleDriver.replay(scheduler, programs, replay)
                    : ScheduleDriver.run(scheduler, programs, strategy, seed, 3, 100);
            assertTrue(result.failures().isEmpty(), result.failures().toString());
            boolean lost = gup[0].ok() && kernel.user().read(mm, 0, 0).value() != DMA;
            return new Try(result, lost, kernel.invariants().check());
        }
    }

    @Test
    void randomAndPctSchedulesFindTheLostDmaWithoutSwapPteExclusive() {
        KernelConfig off =
                KernelConfig.defaults().withMaxFolios(3).withSwapSlots(1).without(Fix.SWAP_PTE_EXCLUSIVE);
        for (ScheduleDriver.Strategy strategy : ScheduleDriver.Strategy.values()) {
            long found = -1;
            for (long seed = 0; seed < 200 && found < 0; seed++) {
                if (run(off, strategy, seed, null).lost()) {
                    found = seed;
                }
            }
            assertTrue(found >= 0, strategy + " found no lost DMA in 200 seeds");
            Try first = run(off, strategy, found, null);
            Try replayed = run(off, strategy, 0, first.result().choices());
            assertEquals(
                    first.result().events().toString(),
                    replayed.result().events().toString());
            assertTrue(replayed.lost(), "the replay loses the DMA again");
        }
    }

    @Test
    void noScheduleLosesTheDmaWithAllFixesOn() {
        KernelConfig on = KernelConfig.defaults().withMaxFolios(3).withSwapSlots(1);
        for (long seed = 0; seed < 100; seed++) {
            Try t = run(on, seed % 2 == 0 ? ScheduleDriver.Strategy.RANDOM : ScheduleDriver.Strategy.PCT, seed, null);
            assertTrue(!t.lost(), "seed " + seed + ": " + t.result().events());
            assertEquals(List.of(), t.violations(), "seed " + seed);
        }
    }
}
