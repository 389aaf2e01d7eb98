package dev.mmspec.runtime.filemap;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;

/**
 * shmem's swap (mm/shmem.c): tmpfs has no disk, so reclaim writes a dirty shmem folio to a swap slot and leaves the
 * slot's swap entry in the page cache in its place (shmem_writeout); the next lookup of that index finds the entry and
 * swaps the page back in (shmem_swapin_folio). The slot's one swap count belongs to the page cache entry
 * (swap_shmem_alloc), as a swap PTE's does to the PTE.
 */
public final class ShmemSwap {

    /**
     * What shmem_swapin_folio() did: {@code folio} is in the page cache with a reference for the caller; or none, and
     * {@code again} says whether to look again (someone else swapped it in, or the file was truncated) or memory ran
     * out.
     */
    public record Swapin(Folio folio, boolean again) {
        static final Swapin AGAIN = new Swapin(null, true);
        static final Swapin NO_MEMORY = new Swapin(null, false);
    }

    private final Kernel kernel;

    public ShmemSwap(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * shmem_writeout() and the rest of shrink_folio_list() for an unmapped dirty shmem folio that only the page cache
     * references (a clean one is dropped without it, see Reclaim): folio_alloc_swap(), swap_shmem_alloc(), the page
     * cache entry replaced by the swap entry (the cache's reference moves to the swap cache), the data written to the
     * slot, and the folio freed from the swap cache (__remove_mapping). With no free slot the folio is redirtied and
     * stays (AOP_WRITEPAGE_ACTIVATE).
     *
     * <p>Context: folio lock held; the folio is unmapped and its refcount is 1.
     *
     * @return whether the folio went to swap
     */
    public boolean writeout(Folio folio, AddressSpace file) {
        folio.lock().assertHeld("shmem_writeout", folio);
        int slot = kernel.swap().allocate(folio);
        if (slot < 0) {
            folio.setDirty(true);
            return false;
        }
        kernel.swap().duplicate(slot);
        folio.setSwapcache(slot);
        file.replaceWithSwapEntry(folio, slot);
        kernel.swap().write(slot, folio.contents());
        folio.setDirty(false);
        if (folio.refFreeze(1)) {
            kernel.swapCache().deleteKeepingReference(folio);
            folio.lock().unlock();
            kernel.folios().release(folio);
        }
        // Otherwise a transient reference keeps it in the swap cache, where the swap-in finds it.
        return true;
    }

    /**
     * shmem_swapin_folio(): bring page {@code index} back from {@code slot}: take the swap cache folio or read the slot
     * into a new one (added to the swap cache, so that a second swap-in of the index waits on its lock and finds it);
     * under the folio lock confirm that the page cache still holds the swap entry (shmem_confirm_swap), put the folio
     * in its place, delete it from the swap cache, dirty it (memory holds the only copy now) and free the slot.
     *
     * <p>Context: invalidate_lock held (read, as for any read-in here); takes the folio lock.
     *
     * @return the folio, or look again, or out of memory
     */
    public Swapin swapin(AddressSpace file, long index, int slot) {
        Folio folio = kernel.swap().lookup(slot);
        if (folio == null) {
            folio = kernel.folios().alloc();
            if (folio == null) {
                return Swapin.NO_MEMORY;
            }
            if (!folio.lock().tryLock()) {
                throw new IllegalStateException("fresh folio locked: " + folio);
            }
            folio.copyFrom(kernel.swap().read(slot));
            if (!kernel.swapCache().addExisting(folio, slot)) {
                folio.lock().unlock();
                folio.put();
                return Swapin.AGAIN;
            }
        } else {
            folio.lock().lock();
        }
        try {
            if (!folio.swapcache() || folio.swapSlot() != slot || !file.replaceSwapEntry(index, slot, folio)) {
                folio.put();
                return Swapin.AGAIN;
            }
            kernel.swapCache().delete(folio);
            folio.setDirty(true);
            kernel.swap().free(slot);
            return new Swapin(folio, false);
        } finally {
            folio.lock().unlock();
        }
    }

    /**
     * shmem_undo_range()'s swap entries: truncation frees the slots of the swapped-out pages at or beyond {@code from}
     * (shmem_free_swap, free_swap_and_cache).
     *
     * <p>Context: invalidate_lock held (write).
     */
    public void freeSwapFrom(AddressSpace file, long from) {
        for (int slot : file.removeSwapEntriesFrom(from)) {
            kernel.swapCache().freeSwapAndCache(slot);
        }
    }
}
