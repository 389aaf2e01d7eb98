package dev.mmspec.runtime.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * free_swap_and_cache() (mm/swapfile.c) for a zapped swap PTE whose slot another swap PTE still holds: only the count
 * drops; the swap-cache folio is not even looked at (no folio lock taken), since only a slot left with the cache's
 * reference alone is worth reclaiming.
 */
class SwapZapTest {

    @Test
    void zappingASwapEntryOthersStillHoldLeavesTheSwapCacheFolioAlone() {
        Kernel k = new Kernel(KernelConfig.defaults());
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 4);
        Mm first = k.fork().fork(mm);
        Mm second = k.fork().fork(mm);
        k.reclaim().swapOut(mm, 0);
        int slot = ((Pte.Swap) mm.pte(0)).slot();
        assertEquals(3, k.swap().view(slot).count());
        assertEquals(4, k.user().read(first, 0, 0).value()); // read into the swap cache, mapped by the first child
        Folio cached = k.swap().view(slot).folio();
        assertTrue(cached != null && cached.swapcache());
        assertEquals(2, k.swap().view(slot).count());
        List<LockEvent> folioLocks = new ArrayList<>();
        k.onLockEvent(e -> {
            if (e.lockClass() == LockClass.FOLIO_LOCK) {
                folioLocks.add(e);
            }
        });
        k.mmap().madviseDontneed(mm, 0, 1);
        assertEquals(1, k.swap().view(slot).count(), "the second child's entry holds it");
        assertEquals(List.of(), folioLocks, "a slot still in use: the cache folio is not even locked");
        assertTrue(cached.swapcache());
        k.mmap().exit(first);
        k.mmap().exit(second);
        assertEquals(List.of(), k.invariants().check());
    }
}
