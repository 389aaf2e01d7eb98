package dev.mmspec.runtime.reclaim;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * Page reclaim of one folio (mm/vmscan.c shrink_folio_list, mm/rmap.c try_to_unmap). Reclaim holds
 * no reference of its own between steps here (no LRU isolation reference): the swap cache's
 * reference and the folio lock keep the folio alive.
 */
public final class Reclaim {
    private final Kernel kernel;

    public Reclaim(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Reclaim the folio mapped at {@code address} of {@code mm}, in three steps:
     *
     * <ol>
     *   <li>{@code swap_out.add_to_swapcache}: look it up, folio_lock, add_to_swap (ENOSPC if no slot;
     *       a file folio needs none);
     *   <li>{@code swap_out.unmap}: try_to_unmap under the rmap lock and each PT lock;
     *   <li>{@code swap_out.pageout}: if nobody else references it (only the swap or page cache, no
     *       mapping), write it out and free it; then folio_unlock.
     * </ol>
     *
     * @return OK, ENOSPC, or EAGAIN if nothing reclaimable is mapped there
     */
    public Outcome swapOut(Mm mm, long address) {
        kernel.countOperation();
        kernel.point(Labels.SWAP_OUT_ADD_TO_SWAPCACHE);
        Folio folio = mm.tryGetMappedFolio(address);
        if (folio == null) {
            return Outcome.EAGAIN;
        }
        folio.lock().lock();
        if (folio.ksm() || folio.mapping() == null) {
            // KSM pages are not swapped here; a truncated folio is on its way out anyway.
            folio.lock().unlock();
            folio.put();
            return Outcome.EAGAIN;
        }
        if (folio.isAnon() && !folio.swapcache() && kernel.swapCache().addToSwap(folio) < 0) {
            folio.lock().unlock();
            folio.put();
            return Outcome.ENOSPC;
        }
        folio.put(); // the swap or page cache keeps it alive from here, with the folio lock
        kernel.point(Labels.SWAP_OUT_UNMAP);
        tryToUnmap(folio);
        kernel.point(Labels.SWAP_OUT_PAGEOUT);
        pageoutAndFree(folio);
        return Outcome.OK;
    }

    /**
     * try_to_unmap(): replace every mapping of the folio by a swap entry (anonymous) or nothing
     * (file).
     *
     * <p>Context: folio lock held; takes the rmap lock (read), then each PT lock.
     *
     * @return whether the folio is no longer mapped
     */
    public boolean tryToUnmap(Folio folio) {
        folio.lock().assertHeld("try_to_unmap", folio);
        boolean[] ok = {true};
        kernel.rmap().walkMapped(folio, (vma, table, address, present) -> {
            ok[0] = tryToUnmapOne(folio, table, address, present);
            return ok[0];
        });
        return ok[0] && !folio.mapped();
    }

    /**
     * try_to_unmap_one(). For an anonymous page: clear the PTE first, then clear PG_anon_exclusive
     * (refused if the page may be pinned: a pinned page is never swapped out), and with {@link
     * Fix#SWAP_PTE_EXCLUSIVE} remember it in the swap PTE so that do_swap_page can restore it even
     * while a FOLL_GET reference (O_DIRECT) keeps the refcount up. Without the fix the bit is
     * simply lost, and the refault's write copies the page away from the DMA.
     *
     * <p>Context: folio lock held, rmap lock held, PT lock held; {@code old} is the PTE at {@code
     * address}, and it maps {@code folio}.
     */
    private boolean tryToUnmapOne(Folio folio, PageTable table, long address, Pte.Present old) {
        table.clear(address);
        if (old.dirty()) {
            folio.setDirty(true);
        }
        if (folio.isAnon()) {
            boolean anonExclusive = folio.anonExclusive();
            int slot = folio.swapSlot();
            kernel.swap().duplicate(slot);
            if (anonExclusive && !kernel.rmap().tryShareAnonRmap(folio)) {
                kernel.swap().free(slot);
                table.set(address, old);
                return false;
            }
            boolean remember = kernel.fixed(Fix.SWAP_PTE_EXCLUSIVE) && anonExclusive;
            table.set(address, new Pte.Swap(slot, remember));
        }
        kernel.rmap().removeRmap(folio);
        folio.put();
        return true;
    }

    /**
     * pageout() and __remove_mapping(): only a folio referenced by its cache alone may be written
     * and freed (is_page_cache_freeable); anything else (a GUP reference, a new mapping) keeps it.
     * Then folio_unlock.
     *
     * <p>Context: folio lock held; releases it.
     */
    private void pageoutAndFree(Folio folio) {
        try {
            if (folio.mapped() || folio.refcount() != 1 || folio.writeback()) {
                return;
            }
            if (folio.swapcache()) {
                if (folio.dirty()) {
                    kernel.swap().write(folio.swapSlot(), folio.contents());
                    folio.setDirty(false);
                }
                if (folio.refFreeze(1)) {
                    kernel.swapCache().deleteKeepingReference(folio);
                    folio.lock().unlock();
                    kernel.folios().release(folio);
                }
            } else if (folio.mapping() instanceof AddressSpace file) {
                if (folio.dirty()) {
                    folio.setDirty(false);
                    folio.setFsNotified(false);
                    file.writeDisk(folio.index(), folio.contents());
                }
                if (folio.refFreeze(1)) {
                    file.removeLocked(folio);
                    folio.lock().unlock();
                    kernel.folios().release(folio);
                }
            }
        } finally {
            if (folio.lock().heldByCurrentThread()) {
                folio.lock().unlock();
            }
        }
    }
}
