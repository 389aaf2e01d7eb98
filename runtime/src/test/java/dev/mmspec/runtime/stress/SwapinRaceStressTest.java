package dev.mmspec.runtime.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.UserAccess.ReadResult;
import dev.mmspec.runtime.mm.Mm;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Threads of one process fault on the same swapped-out page while reclaim keeps swapping it out again: one thread
 * stores and reads back, two others only load. A swap-in that skips the swap cache reads the slot, then maps its copy
 * if the PTE is still the same swap entry (pte_same). If the other thread swapped the page in meanwhile, wrote to it,
 * and reclaim reused the same slot for it, the entry is the same again: without SWAP_HAS_CACHE held across the read
 * (swapcache_prepare) the stale copy is mapped and the store is lost.
 */
class SwapinRaceStressTest {
    private final Kernel kernel =
            new Kernel(KernelConfig.defaults().withMaxFolios(64).withSwapSlots(2));
    private final Mm mm = kernel.createMm();

    @Test
    void concurrentSwapinNeverMapsAStaleCopyOfAReusedSlot() {
        mm.mmapAnonymous(0, 1, true);
        StressRuns.runClean(kernel, 4, worker -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            switch (worker) {
                case 0 -> {
                    byte value = (byte) (1 + random.nextInt(120));
                    assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, value));
                    ReadResult r = kernel.user().read(mm, 0, 0);
                    assertEquals(Outcome.OK, r.outcome());
                    assertEquals(value, r.value(), "the store was lost");
                }
                case 1, 2 ->
                    assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
                default -> kernel.reclaim().swapOut(mm, 0);
            }
        });
    }
}
