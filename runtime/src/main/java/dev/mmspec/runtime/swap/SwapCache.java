package dev.mmspec.runtime.swap;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;

/** The swap cache operations, built on the swap device and the folio lock (mm/swap_state.c, mm/swapfile.c). */
public final class SwapCache {
    private final Kernel kernel;

    public SwapCache(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * add_to_swap(): give an anonymous folio a slot and put it in the swap cache (which holds a reference), and mark it
     * dirty so that pageout writes it.
     *
     * <p>Context: folio lock held.
     *
     * @return the slot, or -1 if the device is full
     */
    public int addToSwap(Folio folio) {
        folio.lock().assertHeld("add_to_swap", folio);
        if (folio.swapcache()) {
            return folio.swapSlot();
        }
        int slot = kernel.swap().allocate(folio);
        if (slot < 0) {
            return -1;
        }
        folio.get();
        folio.setSwapcache(slot);
        folio.setDirty(true);
        return slot;
    }

    /**
     * Puts a freshly read folio in the swap cache for {@code slot} (swapin_readahead).
     *
     * <p>Context: folio lock held. @return false if another folio got there first
     */
    public boolean addExisting(Folio folio, int slot) {
        folio.lock().assertHeld("add_to_swap_cache", folio);
        if (!kernel.swap().addCache(slot, folio)) {
            return false;
        }
        folio.get();
        folio.setSwapcache(slot);
        return true;
    }

    /**
     * delete_from_swap_cache(): the cache lets go of the folio and its reference; the slot stays allocated while swap
     * PTEs still refer to it.
     *
     * <p>Context: folio lock held.
     */
    public void delete(Folio folio) {
        deleteKeepingReference(folio);
        folio.put();
    }

    /** __delete_from_swap_cache() for a folio whose count the caller froze. Context: folio lock held. */
    public void deleteKeepingReference(Folio folio) {
        folio.lock().assertHeld("delete_from_swap_cache", folio);
        int slot = folio.swapSlot();
        kernel.swap().dropCache(slot);
        folio.setSwapcache(-1);
    }

    /**
     * folio_free_swap(): drop the swap cache copy once no swap PTE refers to the slot any more (the page is then only
     * in memory), unless writeback is in flight.
     *
     * <p>Context: folio lock held.
     *
     * @return whether the folio left the swap cache
     */
    public boolean freeSwap(Folio folio) {
        folio.lock().assertHeld("folio_free_swap", folio);
        if (!folio.swapcache() || folio.writeback() || kernel.swap().count(folio.swapSlot()) > 0) {
            return false;
        }
        delete(folio);
        return true;
    }

    /**
     * free_swap_and_cache(): a swap PTE was zapped; if that was the last reference to the slot and the cached folio is
     * unmapped, free the cache copy too (trylock: the caller holds a PT lock).
     */
    public void freeSwapAndCache(int slot) {
        kernel.swap().free(slot);
        if (kernel.swap().count(slot) > 0) {
            return;
        }
        Folio folio = kernel.swap().lookup(slot);
        if (folio == null) {
            return;
        }
        if (folio.lock().tryLock()) {
            if (folio.swapcache() && folio.swapSlot() == slot && !folio.mapped()) {
                freeSwap(folio);
            }
            folio.lock().unlock();
        }
        folio.put();
    }
}
