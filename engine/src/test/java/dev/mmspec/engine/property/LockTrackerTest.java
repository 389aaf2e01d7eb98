package dev.mmspec.engine.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lockstep check of the implementation's lock order follows the spec's partial order, as the model does: with
 * {@code order a < b} and {@code order c < d}, one topological order ranks them a, b, c, d, so comparing ranks would
 * call "a taken while holding c" an order violation, though the spec never relates a and c (check only warns of such a
 * pair, MM0303).
 */
class LockTrackerTest {
    private static LockTracker tracker() {
        List<LockInfo> locks = List.of(lock("a", 0, "b"), lock("b", 1), lock("c", 2, "d"), lock("d", 3));
        return new LockTracker(ModelInfo.builder("two_orders")
                .tasks(List.of("t0"))
                .locks(locks)
                .build());
    }

    private static LockInfo lock(String name, int rank, String... after) {
        return new LockInfo(name, "spinlock", "global", 1, rank, List.of(after), 3);
    }

    private static SpecLockEvent acquire(String lock) {
        return new SpecLockEvent(0, SpecLockEvent.Kind.ACQUIRE, lock, -1, false, "site of " + lock, false);
    }

    @Test
    void locksTheOrderDoesNotRelateNestEitherWay() {
        assertNull(
                tracker().step(0, List.of(acquire("c"), acquire("a")), 1),
                "a under c: the ranks invert, the order does not");
        assertNull(tracker().step(0, List.of(acquire("a"), acquire("c")), 1));
        assertNull(tracker().step(0, List.of(acquire("d"), acquire("a")), 1));
    }

    @Test
    void aLockTakenUnderOneTheOrderPutsAfterItIsReportedWithTheOrder() {
        Failure failure = tracker().step(0, List.of(acquire("b"), acquire("a")), 3);
        assertNotNull(failure);
        assertEquals(ViolationKind.LOCK_ORDER, failure.violation().kind());
        assertEquals("a after b", failure.violation().name());
        assertEquals(
                "t0 took a (site of a) while holding b (site of b); the spec orders a < b; c < d", failure.message());
        assertNull(tracker().step(0, List.of(acquire("a"), acquire("b")), 1), "the order's own way round");
    }
}
