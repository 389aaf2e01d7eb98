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
 * Page reclaim of one folio (mm/vmscan.c shrink_folio_list, mm/rmap.c try_to_unmap). Reclaim holds no reference of its
 * own between steps here (no LRU isolation reference): the swap cache's reference and the folio lock keep the folio
 * alive.
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
     *   <li>{@code swap_out.add_to_swapcache}: look it up, folio_lock, add_to_swap (ENOSPC if no slot; a file folio
     *       needs none, nor does a lazyfree one that is to be discarded);
     *   <li>{@code swap_out.unmap}: try_to_unmap under the rmap lock and each PT lock;
     *   <li>{@code swap_out.pageout}: if nobody else references it (only the swap or page cache, no mapping), write it
     *       out and free it; then folio_unlock.
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
        return shrinkFolio(folio, true);
    }

    /**
     * madvise(MADV_PAGEOUT) over {@code [start, end)}, step {@code madvise_pageout.reclaim}:
     * madvise_cold_or_pageout_pte_range() collects each present page mapped only here (it does not interfere with other
     * mappings of a folio), and reclaim_pages() runs shrink_folio_list on them at once, synchronously: an anonymous or
     * dirty shmem page goes to swap, a file page is written back and dropped, a clean shmem page is dropped unwritten
     * (a hole again), a clean lazyfree page is discarded. A folio locked by someone else is kept (folio_trylock), like
     * any folio reclaim cannot take now.
     *
     * <p>Context: takes mmap_lock (read), then per page the PT lock, the folio lock (trylock), the rmap lock and PT
     * locks.
     *
     * @return OK (best effort, as in the kernel: what could not be reclaimed stays)
     */
    public Outcome madvisePageout(Mm mm, long start, long end) {
        kernel.countOperation();
        kernel.point(Labels.MADVISE_PAGEOUT_RECLAIM);
        mm.mmapLock().downRead();
        try {
            for (long address = start; address < end; address++) {
                if (mm.findVma(address) == null) {
                    continue;
                }
                Folio folio = mm.tryGetMappedFolio(address);
                if (folio == null) {
                    continue;
                }
                if (folio.mapcount() != 1 || !folio.lock().tryLock()) {
                    folio.put();
                    continue;
                }
                shrinkFolio(folio, false);
            }
            return Outcome.OK;
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * shrink_folio_list() for one folio, from add_to_swap to the end; {@code steps}: pass the points of
     * {@code swap_out}'s later steps.
     *
     * <p>Context: folio lock held and a reference (the isolation reference) taken; releases both.
     */
    private Outcome shrinkFolio(Folio folio, boolean steps) {
        if (folio.ksm() || folio.mapping() == null) {
            // KSM pages are not swapped here; a truncated folio is on its way out anyway.
            folio.lock().unlock();
            folio.put();
            return Outcome.EAGAIN;
        }
        boolean discard = folio.isAnon() && folio.lazyfree();
        if (folio.isAnon()
                && !discard
                && !folio.swapcache()
                && kernel.swapCache().addToSwap(folio) < 0) {
            folio.lock().unlock();
            folio.put();
            return Outcome.ENOSPC;
        }
        if (!discard) {
            folio.put(); // the swap or page cache keeps it alive from here, with the folio lock
        }
        if (steps) {
            kernel.point(Labels.SWAP_OUT_UNMAP);
        }
        tryToUnmap(folio);
        if (steps) {
            kernel.point(Labels.SWAP_OUT_PAGEOUT);
        }
        if (discard) {
            // A discarded lazyfree folio goes with the isolation reference: nothing to write.
            folio.lock().unlock();
            folio.put();
        } else {
            pageoutAndFree(folio);
        }
        return Outcome.OK;
    }

    /**
     * try_to_unmap(): replace every mapping of the folio by a swap entry (anonymous) or nothing (file).
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
     * try_to_unmap_one(). For an anonymous page: clear the PTE first, then clear PG_anon_exclusive (refused if the page
     * may be pinned: a pinned page is never swapped out), and with {@link Fix#SWAP_PTE_EXCLUSIVE} remember it in the
     * swap PTE so that do_swap_page can restore it even while a FOLL_GET reference (O_DIRECT) keeps the refcount up.
     * Without the fix the bit is simply lost, and the refault's write copies the page away from the DMA.
     *
     * <p>Context: folio lock held, rmap lock held, PT lock held; {@code old} is the PTE at {@code address}, and it maps
     * {@code folio}.
     */
    private boolean tryToUnmapOne(Folio folio, PageTable table, long address, Pte.Present old) {
        table.clear(address);
        if (old.dirty()) {
            folio.setDirty(true);
        }
        if (folio.isAnon() && folio.lazyfree()) {
            return discardLazyfree(folio, table, address, old);
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
     * try_to_unmap_one() for a lazyfree anonymous folio (MADV_FREE): it may simply be dropped if nobody dirtied it
     * since and nobody but its mappings and reclaim's isolation reference holds it (a GUP reference may be about to
     * write into it); the PTE then becomes none and the next access reads zeroes. A redirtied folio is mapped again and
     * becomes swap-backed once more.
     *
     * <p>Context: folio lock, rmap lock and PT lock held; the PTE is cleared.
     */
    private boolean discardLazyfree(Folio folio, PageTable table, long address, Pte.Present old) {
        if (folio.refcount() == 1 + folio.mapcount() && !folio.dirty()) {
            kernel.rmap().removeRmap(folio);
            folio.put();
            return true;
        }
        table.set(address, old);
        folio.setLazyfree(false);
        return false;
    }

    /**
     * pageout() and __remove_mapping(): only a folio referenced by its cache alone may be written and freed
     * (is_page_cache_freeable); anything else (a GUP reference, a new mapping) keeps it. Then folio_unlock.
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
            } else if (folio.mapping() instanceof AddressSpace file && file.shmem() && folio.dirty()) {
                kernel.filemap().shmemSwap().writeout(folio, file);
            } else if (folio.mapping() instanceof AddressSpace file) {
                // shrink_folio_list() calls pageout() for a dirty folio only: a clean one, shmem's too (read in from a
                // hole and never stored to), is dropped unwritten by __remove_mapping(); the next fault reads it anew.
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
