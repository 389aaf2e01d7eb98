package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.function.Predicate;

/** Tearing down mappings (mm/memory.c zap_pte_range, unmap_mapping_range, unmap_mapping_folio). */
public final class Zap {
    private final Kernel kernel;

    public Zap(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * zap_page_range_single() over {@code [start, end)} of {@code vma}: every entry that {@code which} accepts is
     * cleared and its page or swap slot released.
     *
     * <p>Every entry is read under its PT lock, as zap_pte_range() does (pte_offset_map_lock, then ptep_get per entry):
     * a lockless look may catch the transient none that try_to_unmap, try_to_migrate and KSM leave between
     * ptep_clear_flush and set_pte_at, skip the entry, and let the swap or migration entry (and with it the page) come
     * back after the zap. Only a missing table (pmd_none) is skipped without the lock: tables are never freed here.
     *
     * <p>Context: mmap_lock held, or (unmap_mapping_range) the file's i_mmap_rwsem; takes each PT lock.
     */
    public void zapRange(Vma vma, long start, long end, Predicate<Pte> which) {
        for (long address = Math.max(start, vma.start()); address < Math.min(end, vma.end()); address++) {
            PageTable table = vma.mm().pageTableIfPresent(address);
            if (table == null) {
                continue;
            }
            table.ptl().lock();
            try {
                Pte pte = table.get(address);
                if (!pte.isNone() && which.test(pte)) {
                    zapPte(table, address, pte);
                }
            } finally {
                table.ptl().unlock();
            }
        }
    }

    /** Context: PT lock held. */
    private void zapPte(PageTable table, long address, Pte pte) {
        table.clear(address);
        if (pte instanceof Pte.Present present) {
            Folio folio = present.folio();
            if (present.dirty() && folio.isFile()) {
                kernel.filemap().markDirty(folio);
            }
            kernel.rmap().removeRmap(folio);
            folio.put();
        } else if (pte instanceof Pte.Swap swap && !kernel.injected(Injection.ZAP_KEEPS_SWAP_COUNT)) {
            kernel.swapCache().freeSwapAndCache(swap.slot());
        }
        // A migration entry holds neither a mapping nor a reference: clearing it is enough.
    }

    /**
     * unmap_mapping_range(): zap every mapping of file pages {@code [from, to)} in every VMA of the file; with
     * {@code evenCows}, private COWed anonymous copies of those pages too (truncate: even a COWed page beyond EOF must
     * SIGBUS).
     *
     * <p>Context: takes i_mmap_rwsem (read), then PT locks.
     */
    public void unmapMappingRange(AddressSpace file, long from, long to, boolean evenCows) {
        file.iMmapRwsem().downRead();
        try {
            for (Vma vma : file.iMmap()) {
                long start = vma.start() + Math.max(0, from - vma.pgoff());
                long end = to == Long.MAX_VALUE ? vma.end() : vma.start() + (to - vma.pgoff());
                zapRange(vma, start, end, pte -> evenCows || isFilePage(pte));
            }
        } finally {
            file.iMmapRwsem().upRead();
        }
    }

    /**
     * unmap_mapping_folio(): zap the mappings of this one page-cache folio.
     *
     * <p>Context: folio lock held; takes i_mmap_rwsem (read), then PT locks.
     */
    public void unmapMappingFolio(Folio folio, AddressSpace file) {
        folio.lock().assertHeld("unmap_mapping_folio", folio);
        file.iMmapRwsem().downRead();
        try {
            for (Vma vma : file.iMmap()) {
                long address = vma.addressOf(folio.index());
                if (address >= 0) {
                    zapRange(vma, address, address + 1, pte -> pte.presentFolio() == folio);
                }
            }
        } finally {
            file.iMmapRwsem().upRead();
        }
    }

    /**
     * should_zap_folio() without even_cows: a page-cache page, present or under migration (zap_nonpresent_ptes() zaps a
     * migration entry of a non-anonymous folio too); a swap entry and an anonymous page (a private COW copy) stay.
     */
    private static boolean isFilePage(Pte pte) {
        Folio folio = pte instanceof Pte.Migration migration ? migration.folio() : pte.presentFolio();
        return folio != null && !folio.isAnon();
    }
}
