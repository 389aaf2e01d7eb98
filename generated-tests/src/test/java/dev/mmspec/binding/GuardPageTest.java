package dev.mmspec.binding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.swap_zap.SwapZapModel;
import dev.mmspec.generated.swap_zap.SwapZapState;
import dev.mmspec.runtime.Outcome;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guard page past swap_zap's page: the spec's own munmap and madvise leave it alone, one whose range reached one
 * page further (the inclusive end PIT's boundary mutant of zap_pte_range's loop makes) fails the abstraction.
 */
class GuardPageTest {
    private final SwapZapRuntimeBinding binding =
            new SwapZapRuntimeBinding(new BindingContext(Set.of(), SchedulingHooks.NONE, e -> {}, () -> -1));
    private final SwapZapState state = new SwapZapState(new long[SwapZapModel.WORDS]);

    @Test
    void theSpecsOwnRangesLeaveTheGuardPageAlone() {
        assertEquals("", binding.madviseDontneed(0).replace("OK", ""));
        assertDoesNotThrow(() -> binding.abstractState(state));
        assertEquals("", binding.munmap(0).replace("OK", ""));
        assertDoesNotThrow(() -> binding.abstractState(state));
    }

    @Test
    void aZapThatReachedTheGuardPageFailsTheAbstraction() {
        assertEquals(
                Outcome.OK, binding.kernel.mmap().madviseDontneed(binding.mm, 0, SwapZapRuntimeBinding.ADDRESSES + 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> binding.abstractState(state));
        assertTrue(e.getMessage().contains("outside every range the spec names, changed"), e.getMessage());
    }
}
