package dev.mmspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelConfig}: the sizes a test mirrors a spec's domains with, which fixes and injections are on, and that
 * every {@code with...} changes one thing and keeps the rest.
 */
class KernelConfigTest {
    private static final KernelConfig NONE = new KernelConfig(Set.of(), 1, 0, 1, 0, Set.of());

    @Test
    void theDefaultsAreEveryFixOnRoomForAThousandFoliosSixtyFourSlotsFourPtesPerTableAndNoLimits() {
        KernelConfig d = KernelConfig.defaults();
        assertEquals(EnumSet.allOf(Fix.class), d.enabledFixes());
        assertEquals(1024, d.maxFolios());
        assertEquals(64, d.swapSlots());
        assertEquals(4, d.ptesPerTable());
        assertEquals(0, d.gupFaultLimit());
        assertEquals(Set.of(), d.injections());
        for (Injection injection : Injection.values()) {
            assertFalse(d.injected(injection), injection + " is off by default");
        }
    }

    @Test
    void theSmallestSizesAreAcceptedAndOneLessIsRefused() {
        // One folio, no swap, a PT lock per address, no GUP fault limit: what a tiny spec mirrors.
        assertEquals(1, NONE.maxFolios());
        assertEquals(0, NONE.swapSlots());
        assertEquals(1, NONE.ptesPerTable());
        assertEquals(0, NONE.gupFaultLimit());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NONE.withMaxFolios(0))
                .getMessage()
                .contains("maxFolios=0"));
        assertThrows(IllegalArgumentException.class, () -> NONE.withSwapSlots(-1));
        assertThrows(IllegalArgumentException.class, () -> NONE.withPtesPerTable(0));
        assertThrows(IllegalArgumentException.class, () -> NONE.withGupFaultLimit(-1));
    }

    @Test
    void aConfigWithNoFixesAndNoInjectionsCanBeBuiltAndChanged() {
        // EnumSet.copyOf refuses an empty plain set: the empty case has its own branch.
        assertEquals(Set.of(), NONE.enabledFixes());
        for (Fix fix : Fix.values()) {
            assertFalse(NONE.enabled(fix));
        }
        assertEquals(Set.of(), NONE.without(Fix.COW_REUSE_EXCLUSIVE).enabledFixes());
        assertEquals(
                Set.of(Injection.ZAP_KEEPS_SWAP_COUNT),
                NONE.injecting(Injection.ZAP_KEEPS_SWAP_COUNT).injections());
    }

    @Test
    void theSetsAreCopiedSoTheCallersSetCannotChangeTheConfig() {
        EnumSet<Fix> fixes = EnumSet.of(Fix.FORK_COPY_PINNED);
        KernelConfig config = new KernelConfig(fixes, 2, 2, 2, 0, Set.of());
        fixes.add(Fix.COW_REUSE_EXCLUSIVE);
        assertEquals(Set.of(Fix.FORK_COPY_PINNED), config.enabledFixes());
        assertThrows(
                UnsupportedOperationException.class, () -> config.enabledFixes().add(Fix.SWAP_PTE_EXCLUSIVE));
    }

    @Test
    void eachWithChangesItsOwnFieldAndKeepsTheOthers() {
        KernelConfig base = new KernelConfig(
                EnumSet.of(Fix.FORK_COPY_PINNED, Fix.SWAP_PTE_EXCLUSIVE),
                7,
                5,
                3,
                2,
                Set.of(Injection.ZAP_KEEPS_SWAP_COUNT));
        assertEquals(new KernelConfig(base.enabledFixes(), 9, 5, 3, 2, base.injections()), base.withMaxFolios(9));
        assertEquals(new KernelConfig(base.enabledFixes(), 7, 9, 3, 2, base.injections()), base.withSwapSlots(9));
        assertEquals(new KernelConfig(base.enabledFixes(), 7, 5, 9, 2, base.injections()), base.withPtesPerTable(9));
        assertEquals(new KernelConfig(base.enabledFixes(), 7, 5, 3, 9, base.injections()), base.withGupFaultLimit(9));
        assertEquals(
                new KernelConfig(Set.of(Fix.FORK_COPY_PINNED), 7, 5, 3, 2, base.injections()),
                base.without(Fix.SWAP_PTE_EXCLUSIVE));
        assertEquals(
                new KernelConfig(Set.of(Fix.SWAP_PTE_EXCLUSIVE), 7, 5, 3, 2, base.injections()),
                base.withoutIds(List.of("fork_copy_pinned")));
        assertEquals(
                new KernelConfig(
                        base.enabledFixes(),
                        7,
                        5,
                        3,
                        2,
                        Set.of(Injection.ZAP_KEEPS_SWAP_COUNT, Injection.GUP_REF_AFTER_PTL)),
                base.injecting(Injection.GUP_REF_AFTER_PTL),
                "injecting adds to the injections already on");
        assertTrue(base.injecting(Injection.GUP_REF_AFTER_PTL).injected(Injection.GUP_REF_AFTER_PTL));
        assertFalse(base.injected(Injection.GUP_REF_AFTER_PTL), "the original is unchanged");
    }

    @Test
    void withoutSeveralFixesSwitchesOffEachAndAnUnknownIdIsRefused() {
        KernelConfig off = KernelConfig.defaults().without(Fix.FORK_COPY_PINNED, Fix.GUP_WRITE_NOTIFY);
        assertFalse(off.enabled(Fix.FORK_COPY_PINNED));
        assertFalse(off.enabled(Fix.GUP_WRITE_NOTIFY));
        assertEquals(Fix.values().length - 2, off.enabledFixes().size());
        KernelConfig twoById = KernelConfig.defaults().withoutIds(List.of("fork_copy_pinned", "gup_write_notify"));
        assertEquals(off, twoById);
        assertThrows(
                IllegalArgumentException.class, () -> KernelConfig.defaults().withoutIds(List.of("nonsense")));
    }
}
