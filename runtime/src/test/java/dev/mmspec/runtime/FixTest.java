package dev.mmspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixTest {
    @Test
    void fixIdsAreTheCataloguesAndLookUp() {
        assertEquals(
                List.of(
                        "ksm_wrprotect_refcount",
                        "fork_copy_pinned",
                        "gup_write_notify",
                        "swap_pte_exclusive",
                        "migration_rmap_lock",
                        "fault_truncate_recheck",
                        "gup_force_cow_recheck",
                        "cow_reuse_exclusive"),
                Arrays.stream(Fix.values()).map(Fix::id).toList());
        for (Fix fix : Fix.values()) {
            assertEquals(fix, Fix.byId(fix.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fix.byId("swap_pte"));
        assertTrue(e.getMessage().contains("unknown fix 'swap_pte'"), e.getMessage());
    }

    @Test
    void everyFixIsOnByDefaultAndCanBeSwitchedOffById() {
        KernelConfig config = KernelConfig.defaults();
        for (Fix fix : Fix.values()) {
            assertTrue(config.enabled(fix));
        }
        KernelConfig off = config.withoutIds(List.of("swap_pte_exclusive"));
        assertFalse(off.enabled(Fix.SWAP_PTE_EXCLUSIVE));
        assertTrue(off.enabled(Fix.COW_REUSE_EXCLUSIVE));
    }
}
