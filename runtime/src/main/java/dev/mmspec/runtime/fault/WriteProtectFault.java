package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/** do_wp_page() and its helpers (mm/memory.c): a write (or unshare) to a page mapped read-only. */
final class WriteProtectFault {
    private final Kernel kernel;

    WriteProtectFault(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * do_wp_page(): reuse the page if it is provably ours, else copy it (wp_page_copy); for a shared file mapping,
     * notify the filesystem (wp_page_shared).
     *
     * <p>Context: PT lock of {@code table} held (it may be dropped and retaken for page_mkwrite); returns with it held.
     * The VMA has an anon_vma if it is private.
     */
    Outcome doWpPage(Vma vma, PageTable table, long address, Pte.Present orig, int flags) {
        table.ptl().assertHeld("do_wp_page", table);
        Folio folio = orig.folio();
        boolean unshare = (flags & Fault.UNSHARE) != 0 && (flags & Fault.WRITE) == 0;
        if (!folio.isAnon()) {
            return vma.shared()
                    ? wpPageShared(vma, table, address, orig)
                    : wpPageCopy(vma, table, address, orig, unshare);
        }
        // A PG_anon_exclusive page must be reused, never copied: that keeps GUP holders coherent.
        if ((!folio.ksm() && folio.anonExclusive()) || canReuseAnonFolio(folio, vma)) {
            if (unshare) {
                return Outcome.OK;
            }
            table.set(address, new Pte.Present(folio, vma.writable(), true));
            return Outcome.OK;
        }
        return wpPageCopy(vma, table, address, orig, unshare);
    }

    /**
     * wp_can_reuse_anon_folio(): reuse a non-exclusive page only if the refcount proves nobody else can reach it
     * (CVE-2020-29374: a mapcount test lets a write land in a page another process still reads through a GUP
     * reference). Trylock only: the PT lock is held.
     *
     * <p>Without {@link Fix#COW_REUSE_EXCLUSIVE}: the old reuse_swap_page() test on the mapcount.
     */
    private boolean canReuseAnonFolio(Folio folio, Vma vma) {
        if (!kernel.fixed(Fix.COW_REUSE_EXCLUSIVE)) {
            return reuseSwapPage(folio);
        }
        boolean ksm = folio.ksm() && !kernel.injected(Injection.WP_REUSES_KSM_PAGE);
        if (ksm || folio.refcount() > 3) {
            return false;
        }
        if (folio.refcount() > 1 + (folio.swapcache() ? 1 : 0)) {
            return false;
        }
        if (!folio.lock().tryLock()) {
            return false;
        }
        try {
            if (folio.swapcache()) {
                kernel.swapCache().freeSwap(folio);
            }
            if ((folio.ksm() && !kernel.injected(Injection.WP_REUSES_KSM_PAGE)) || folio.refcount() != 1) {
                return false;
            }
            // folio_move_anon_rmap(): ours alone from now on.
            folio.setMapping(vma.anonVma(), folio.index());
            folio.setAnonExclusive(true);
            return true;
        } finally {
            folio.lock().unlock();
        }
    }

    /** The pre-5.8 reuse test: one mapping (plus swap references) means "ours", whatever the refcount. */
    private boolean reuseSwapPage(Folio folio) {
        if (folio.ksm() || !folio.lock().tryLock()) {
            return false;
        }
        try {
            int count = folio.mapcount() + (folio.swapcache() ? kernel.swap().count(folio.swapSlot()) : 0);
            if (count != 1) {
                return false;
            }
            if (folio.swapcache() && !folio.writeback()) {
                kernel.swapCache().delete(folio);
                folio.setDirty(true);
            }
            folio.setAnonExclusive(true);
            return true;
        } finally {
            folio.lock().unlock();
        }
    }

    /**
     * wp_page_copy(): map a private, exclusive copy; the old page loses this mapping and its reference. For an unshare
     * fault the copy stays read-only.
     */
    private Outcome wpPageCopy(Vma vma, PageTable table, long address, Pte.Present orig, boolean unshare) {
        Folio old = orig.folio();
        Folio copy = kernel.folios().alloc();
        if (copy == null) {
            return Outcome.ENOMEM;
        }
        copy.copyFrom(old);
        kernel.rmap().addNewAnonRmap(copy, vma, address);
        table.set(address, new Pte.Present(copy, !unshare && vma.writable(), !unshare));
        kernel.rmap().removeRmap(old);
        old.put();
        return Outcome.OK;
    }

    /**
     * wp_page_shared(): page_mkwrite needs the folio lock, which ranks above the PT lock: drop the PT lock, notify,
     * retake it and make sure the PTE did not change meanwhile.
     */
    private Outcome wpPageShared(Vma vma, PageTable table, long address, Pte.Present orig) {
        Folio folio = orig.folio();
        if (!vma.file().dirtyTracked()) {
            // No page_mkwrite (shmem): wp_page_reuse, and the folio is dirtied like any shared page.
            table.set(address, new Pte.Present(folio, true, true));
            kernel.filemap().markDirty(folio);
            return Outcome.OK;
        }
        folio.get();
        table.ptl().unlock();
        kernel.point(Labels.WINDOW_WP_SHARED_MKWRITE);
        boolean notified = kernel.filemap().pageMkwrite(folio, vma.file(), false);
        table.ptl().lock();
        if (!notified) {
            folio.put();
            return Outcome.OK;
        }
        // pte_same(): truncate may have zapped the PTE, folio_mkclean cleaned it, while we slept.
        if (table.get(address).equals(orig) || kernel.injected(Injection.WP_SHARED_NO_PTE_SAME)) {
            table.set(address, new Pte.Present(folio, true, true));
        }
        folio.lock().unlock();
        folio.put();
        return Outcome.OK;
    }
}
