package dev.mmspec.engine.sut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one lock-order check that lockstep ({@code LockTracker}) and the real-thread stress runs ({@link BindingStress})
 * share: {@link LockInfo#mustNotBeTakenHolding} and {@link SpecLockEvent#heldAgainstOrder}. With {@code order a < b}
 * and {@code order c < d} the order is partial: a and c nest either way, whatever their ranks say.
 */
class LockOrderCheckTest {
    private static final ModelInfo INFO = ModelInfo.builder("two_orders")
            .tasks(List.of("t0"))
            .locks(List.of(lock("a", 0, "b"), lock("b", 1), lock("c", 2, "d"), lock("d", 3)))
            .build();

    private static LockInfo lock(String name, int rank, String... after) {
        return new LockInfo(name, "spinlock", "global", 1, rank, List.of(after), 3);
    }

    private static SpecLockEvent acquire(String lock, boolean trylock) {
        return new SpecLockEvent(0, SpecLockEvent.Kind.ACQUIRE, lock, -1, false, "site of " + lock, trylock);
    }

    @Test
    void aLockMayNotBeTakenHoldingOneTheOrderPutsAfterIt() {
        assertTrue(INFO.lock("a").mustNotBeTakenHolding("b"));
        assertFalse(INFO.lock("b").mustNotBeTakenHolding("a"), "the order's own way round");
        assertFalse(INFO.lock("a").mustNotBeTakenHolding("c"), "unrelated, though c ranks after a");
        assertFalse(INFO.lock("d").mustNotBeTakenHolding("a"));
    }

    @Test
    void theFirstHeldLockAgainstTheOrderIsNamed() {
        List<SpecLockEvent> held = List.of(acquire("c", false), acquire("b", false));
        assertEquals(held.get(1), SpecLockEvent.heldAgainstOrder(INFO, held, acquire("a", false)));
        assertNull(SpecLockEvent.heldAgainstOrder(INFO, List.of(acquire("c", false)), acquire("a", false)));
        assertNull(SpecLockEvent.heldAgainstOrder(INFO, List.of(acquire("a", false)), acquire("b", false)));
    }

    @Test
    void aTrylockAndALockTheSpecDoesNotKnowAreNeverAgainstTheOrder() {
        List<SpecLockEvent> held = List.of(acquire("b", false));
        assertNull(SpecLockEvent.heldAgainstOrder(INFO, held, acquire("a", true)), "a trylock does not wait");
        assertNull(SpecLockEvent.heldAgainstOrder(INFO, held, acquire("unknown", false)));
    }
}
