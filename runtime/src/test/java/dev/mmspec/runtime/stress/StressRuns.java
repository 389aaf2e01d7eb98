package dev.mmspec.runtime.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmspec.contract.sched.StressRunner;
import dev.mmspec.runtime.Kernel;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/** What the stress tests aimed at one race share: how long they run, and a run that must end clean. */
final class StressRuns {
    private StressRuns() {}

    /** As long as the stress run ({@code mmspec.stress.seconds}, 3 by default), at most 30 s. */
    static Duration duration() {
        return Duration.ofSeconds(Math.min(Long.getLong("mmspec.stress.seconds", 3), 30));
    }

    /**
     * Runs {@code body(worker)} on {@code workers} real threads for {@link #duration()}, checking the kernel's
     * invariants at quiescent points every 100 ms; no worker may fail and lockdep may see no inversion.
     */
    static void runClean(Kernel kernel, int workers, IntConsumer body) {
        StressRunner.Result result = StressRunner.run(
                workers,
                duration(),
                Duration.ofMillis(100),
                body,
                () -> assertEquals(List.of(), kernel.invariants().check()));
        assertNull(result.failure(), () -> String.valueOf(result.failure()));
        assertEquals(List.of(), kernel.lockdep().inversions());
    }
}
