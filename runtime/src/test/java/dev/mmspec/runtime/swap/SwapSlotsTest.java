package dev.mmspec.runtime.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The swap device's slot accounting and the swap cache operations on it, one rule at a time: what the operation tests
 * only see through their sum (swap_map counts, SWAP_HAS_CACHE, the references the swap cache holds, the folio lock each
 * operation requires).
 */
class SwapSlotsTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults().withSwapSlots(2));
    private final SwapDevice swap = kernel.swap();
    private final SwapCache cache = kernel.swapCache();

    private Folio lockedFolio() {
        Folio folio = kernel.folios().alloc();
        folio.lock().lock();
        return folio;
    }

    @Test
    void allocateHandsOutTheLowestFreeSlotThenReportsFull() {
        Folio a = kernel.folios().alloc();
        assertEquals(0, swap.allocate(a));
        assertEquals(1, swap.allocate(a));
        assertEquals(-1, swap.allocate(a), "no free slot");
        swap.dropCache(0);
        assertEquals(0, swap.allocate(a), "a slot with neither count nor cache is free again");
    }

    @Test
    void aSlotIsUsedWhileASwapPteOrTheCacheRefersToIt() {
        Folio folio = kernel.folios().alloc();
        int slot = swap.allocate(folio);
        assertTrue(swap.used(slot) && swap.hasCache(slot));
        assertTrue(swap.view(slot).used());
        swap.duplicate(slot);
        swap.dropCache(slot);
        assertFalse(swap.hasCache(slot));
        assertTrue(swap.used(slot), "a swap PTE alone keeps it");
        SwapDevice.SlotView view = swap.view(slot);
        assertTrue(view.used() && view.count() == 1 && !view.cached() && view.folio() == null);
        swap.free(slot);
        assertFalse(swap.used(slot));
        assertFalse(swap.view(slot).used());
        assertFalse(swap.view(1).used());
    }

    @Test
    void duplicateAndFreeRefuseAFreeSlot() {
        assertThrows(IllegalStateException.class, () -> swap.duplicate(0), "swap_duplicate of a free slot");
        assertThrows(IllegalStateException.class, () -> swap.free(0), "swap_free with count 0");
        swap.allocate(kernel.folios().alloc());
        swap.duplicate(0); // SWAP_HAS_CACHE alone makes it allocated
        swap.duplicate(0);
        assertEquals(2, swap.count(0));
        swap.free(0);
        assertEquals(1, swap.count(0));
    }

    @Test
    void addCacheAndLookup() {
        Folio folio = kernel.folios().alloc();
        assertNull(swap.lookup(0));
        assertTrue(swap.addCache(0, folio));
        assertFalse(swap.addCache(0, kernel.folios().alloc()), "already cached");
        int before = folio.refcount();
        assertSame(folio, swap.lookup(0));
        assertEquals(before + 1, folio.refcount(), "swap_cache_get_folio() takes a reference");
    }

    @Test
    void swapcachePrepareOnlyOnASlotWithSwapPtesAndNoCache() {
        assertFalse(swap.prepareCache(0), "no swap PTE refers to it");
        swap.allocate(kernel.folios().alloc());
        swap.duplicate(0);
        assertFalse(swap.prepareCache(0), "already cached");
        swap.dropCache(0);
        assertTrue(swap.prepareCache(0));
        assertTrue(swap.hasCache(0));
        assertFalse(swap.prepareCache(0), "a second swap-in waits");
        swap.clearPrepared(0);
        assertFalse(swap.hasCache(0));
        assertThrows(IllegalStateException.class, () -> swap.clearPrepared(0), "not prepared");
        swap.addCache(0, kernel.folios().alloc());
        assertThrows(IllegalStateException.class, () -> swap.clearPrepared(0), "a folio is cached, not prepared");
    }

    @Test
    void replaceCacheHandsTheEntryOverOnlyFromTheCachedFolio() {
        Folio old = kernel.folios().alloc();
        Folio other = kernel.folios().alloc();
        swap.allocate(old);
        assertThrows(IllegalStateException.class, () -> swap.replaceCache(0, other, old));
        swap.replaceCache(0, old, other);
        assertSame(other, swap.view(0).folio());
        assertThrows(IllegalStateException.class, () -> swap.replaceCache(1, old, other), "slot 1 is not cached");
    }

    @Test
    void slotDataIsCopiedInAndOut() {
        byte[] data = new byte[Folio.PAGE_SIZE];
        data[0] = 5;
        swap.write(1, data);
        data[0] = 6;
        assertEquals(5, swap.read(1)[0]);
        swap.read(1)[0] = 7;
        assertArrayEquals(swap.read(1), swap.view(1).data());
        assertEquals(5, swap.view(1).data()[0]);
    }

    @Test
    void addToSwapNeedsTheFolioLockAndGivesASlotAReferenceAndTheDirtyBit() {
        Folio unlocked = kernel.folios().alloc();
        assertThrows(ContextViolation.class, () -> cache.addToSwap(unlocked));
        Folio first = lockedFolio();
        Folio folio = lockedFolio();
        assertEquals(0, cache.addToSwap(first));
        assertEquals(1, cache.addToSwap(folio), "the slot it got, not any");
        assertEquals(2, folio.refcount(), "the swap cache's reference");
        assertTrue(folio.swapcache() && folio.swapSlot() == 1 && folio.dirty());
        assertEquals(1, cache.addToSwap(folio), "already in the swap cache: its slot, no second reference");
        assertEquals(2, folio.refcount());
        Folio refused = lockedFolio();
        assertEquals(-1, cache.addToSwap(refused), "device full");
        assertEquals(1, refused.refcount(), "no swap cache reference without a slot");
        assertFalse(refused.swapcache() || refused.dirty());
    }

    @Test
    void addExistingTakesAReferenceOnlyWhenItWins() {
        Folio folio = lockedFolio();
        swap.duplicate(swap.allocate(kernel.folios().alloc()));
        swap.dropCache(0);
        assertThrows(
                ContextViolation.class, () -> cache.addExisting(kernel.folios().alloc(), 0));
        assertTrue(cache.addExisting(folio, 0));
        assertEquals(2, folio.refcount());
        assertTrue(folio.swapcache() && folio.swapSlot() == 0);
        Folio loser = lockedFolio();
        assertFalse(cache.addExisting(loser, 0));
        assertEquals(1, loser.refcount());
        assertFalse(loser.swapcache());
    }

    @Test
    void deleteDropsTheCachesReferenceAndTheCacheBit() {
        Folio folio = lockedFolio();
        int slot = cache.addToSwap(folio);
        folio.lock().unlock();
        assertThrows(ContextViolation.class, () -> cache.deleteKeepingReference(folio));
        assertTrue(swap.hasCache(slot), "refused before it touched the slot");
        folio.lock().lock();
        cache.delete(folio);
        assertEquals(1, folio.refcount());
        assertFalse(folio.swapcache());
        assertFalse(swap.hasCache(slot));
    }

    @Test
    void freeSwapOnlyWhenNoSwapPteRefersToTheSlotAndNoWritebackIsInFlight() {
        Folio folio = lockedFolio();
        assertFalse(cache.freeSwap(folio), "not in the swap cache");
        int slot = cache.addToSwap(folio);
        swap.duplicate(slot);
        assertFalse(cache.freeSwap(folio), "a swap PTE still refers to it");
        swap.free(slot);
        folio.setWriteback(true);
        assertFalse(cache.freeSwap(folio), "under writeback");
        folio.setWriteback(false);
        assertTrue(folio.swapcache());
        assertTrue(cache.freeSwap(folio));
        assertFalse(folio.swapcache());
        assertEquals(1, folio.refcount());
        folio.lock().unlock();
        assertThrows(ContextViolation.class, () -> cache.freeSwap(folio));
    }

    @Test
    void freeSwapAndCacheFreesTheCachedCopyAfterTheLastSwapPteOnly() throws InterruptedException {
        Folio folio = lockedFolio();
        int slot = cache.addToSwap(folio);
        folio.lock().unlock();
        swap.duplicate(slot);
        swap.duplicate(slot);
        cache.freeSwapAndCache(slot);
        assertEquals(1, swap.count(slot));
        assertTrue(folio.swapcache(), "another swap PTE still refers to it");
        assertEquals(2, folio.refcount());
        folio.mapcountInc(); // a swapped-in mapping of it
        cache.freeSwapAndCache(slot);
        assertEquals(0, swap.count(slot));
        assertTrue(folio.swapcache(), "mapped: stays in the swap cache");
        assertEquals(2, folio.refcount(), "the lookup's reference is dropped");
        folio.mapcountDec();
        swap.duplicate(slot);
        whileLockedByAnotherThread(folio, () -> cache.freeSwapAndCache(slot));
        assertTrue(folio.swapcache(), "locked by someone else: trylock fails, it stays");
        swap.duplicate(slot);
        cache.freeSwapAndCache(slot);
        assertFalse(folio.swapcache(), "the last swap PTE went: the cached copy goes with it");
        assertEquals(1, folio.refcount());
        assertFalse(swap.used(slot));
    }

    /** Runs {@code action} on this thread while another thread holds the folio lock. */
    private static void whileLockedByAnotherThread(Folio folio, Runnable action) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            folio.lock().lock();
            locked.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                folio.lock().unlock();
            }
        });
        holder.start();
        locked.await();
        try {
            action.run();
        } finally {
            done.countDown();
            holder.join();
        }
    }
}
