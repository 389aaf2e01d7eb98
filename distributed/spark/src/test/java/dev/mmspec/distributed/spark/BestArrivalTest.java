package dev.mmspec.distributed.spark;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order in which a partition keeps one of several arrivals at a state: the local witness search's
 * ({@code VisitedSet.better}), so that both rebuild the same counterexample.
 */
class BestArrivalTest {
    /** An arrival at state {@code fp}: {@code [fp, parent, action << 32 | switches]}. */
    private static long[] arrival(long fp, long parent, int action, int switches) {
        return new long[] {fp, parent, ((long) action << 32) | switches};
    }

    private static long[] best(long[]... arrivals) {
        List<long[]> sorted = new ArrayList<>(List.of(arrivals));
        sorted.sort(LevelTasks.BEST_FIRST);
        return sorted.get(0);
    }

    @Test
    void fewerContextSwitchesWinFirst() {
        long[] fewer = arrival(7, 1, 2, 0);
        assertSame(fewer, best(arrival(7, 1, 9, 1), fewer));
    }

    @Test
    void thenTheLargerLastAction() {
        long[] larger = arrival(7, 1, 9, 1);
        assertSame(larger, best(arrival(7, 1, 2, 1), larger));
    }

    @Test
    void thenTheParentWithTheSmallerFingerprintUnsigned() {
        long[] small = arrival(7, 5, 3, 1);
        assertSame(small, best(arrival(7, -5, 3, 1), small));
    }

    @Test
    void statesAreOrderedByFingerprintBeforeAnyOfThat() {
        long[] first = arrival(-3, 9, 0, 9);
        assertSame(first, best(arrival(4, 1, 9, 0), first));
    }
}
