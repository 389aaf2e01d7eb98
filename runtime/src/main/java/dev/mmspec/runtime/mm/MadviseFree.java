package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * madvise(MADV_FREE) (mm/madvise.c madvise_free_pte_range): anonymous pages the process no longer needs, kept until
 * reclaim wants them.
 */
public final class MadviseFree {
    private final Kernel kernel;

    public MadviseFree(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Step {@code madvise_free.lazyfree} over {@code [start, end)}: swap entries are dropped (the data is not wanted
     * any more); each present anonymous page mapped only here loses its dirty bits (PTE and folio) and its swap slot,
     * and becomes lazyfree. Reclaim may then discard it without writing it anywhere (see {@code Reclaim}); a store
     * before that redirties the PTE and keeps the data. A dirty or swap-cache folio that is locked by someone else,
     * mapped elsewhere too, or whose swap slot cannot be freed is skipped: neither cleaned nor marked (the kernel's
     * {@code continue} after folio_trylock(), folio_mapcount() != nr, folio_free_swap()). A clean folio is marked
     * whoever else maps it.
     *
     * <p>Context: takes mmap_lock (read), then each PT lock, and under it the folio lock (trylock).
     *
     * @return OK, or EINVAL-like SIGSEGV if part of the range is not private anonymous memory
     */
    public Outcome free(Mm mm, long start, long end) {
        kernel.countOperation();
        kernel.point(Labels.MADVISE_FREE_LAZYFREE);
        mm.mmapLock().downRead();
        try {
            for (Vma vma : mm.vmas()) {
                if (vma.end() <= start || vma.start() >= end) {
                    continue;
                }
                if (!vma.isAnonymous() || vma.shared()) {
                    return Outcome.SIGSEGV;
                }
                for (long a = Math.max(start, vma.start()); a < Math.min(end, vma.end()); a++) {
                    PageTable table = mm.pageTableIfPresent(a);
                    if (table != null) {
                        freePte(table, a);
                    }
                }
            }
            return Outcome.OK;
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /** One entry of madvise_free_pte_range(). Context: takes the PT lock, then the folio lock (trylock). */
    private void freePte(PageTable table, long address) {
        table.ptl().lock();
        try {
            Pte pte = table.get(address);
            if (pte instanceof Pte.Swap swap) {
                table.clear(address);
                kernel.swapCache().freeSwapAndCache(swap.slot());
                return;
            }
            if (!(pte instanceof Pte.Present present)) {
                return;
            }
            Folio folio = present.folio();
            if (!folio.isAnon() || folio.ksm()) {
                return; // the zero page, KSM pages: nothing to free
            }
            if (folio.swapcache() || folio.dirty()) {
                if (!folio.lock().tryLock()) {
                    return;
                }
                try {
                    if (folio.mapcount() != 1
                            || (folio.swapcache() && !kernel.swapCache().freeSwap(folio))) {
                        return;
                    }
                    folio.setDirty(false);
                } finally {
                    folio.lock().unlock();
                }
            }
            if (present.dirty()) {
                table.set(address, new Pte.Present(folio, present.writable(), false));
            }
            // folio_mark_lazyfree(): only a swap-backed anonymous folio outside the swap cache.
            if (!folio.swapcache()) {
                folio.setLazyfree(true);
            }
        } finally {
            table.ptl().unlock();
        }
    }
}
