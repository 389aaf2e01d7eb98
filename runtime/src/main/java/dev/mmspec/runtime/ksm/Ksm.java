package dev.mmspec.runtime.ksm;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.Fault;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kernel samepage merging (mm/ksm.c), one page at a time: write-protect it, then map the stable KSM page with the same
 * contents instead, or make it that stable page. The stable tree is a map from contents to the KSM folio; each stable
 * folio keeps its rmap_items, the (anon_vma, address) of every page merged into it, across processes, which is how
 * rmap_walk_ksm() finds its mappings.
 */
public final class Ksm {

    /**
     * An rmap_item of a stable node: a page at {@code address} of a VMA of {@code anonVma} was merged into the stable
     * folio. A forked child's VMA shares the anon_vma, so the item covers it too; an item whose page has since been
     * COWed or unmapped is simply not found mapped.
     */
    public record RmapItem(AnonVma anonVma, long address) {}

    private final Kernel kernel;
    private final Map<ByteBuffer, Folio> stable = new HashMap<>();
    private final Map<Folio, Set<RmapItem>> rmapItems = new HashMap<>();

    public Ksm(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * try_to_merge_one_page() on the page at {@code address}, in steps {@code ksm.wrprotect} (take KSM's reference,
     * folio_trylock, the PT lock), {@code ksm.clear} (write_protect_page: clear the PTE, check references, install it
     * read-only and clean; the PT lock is held across the step boundary) and {@code ksm.replace} (replace_page with the
     * stable page, or become it).
     *
     * <p>Context: takes mmap_lock (read), the folio lock (trylock), then the PT lock.
     *
     * @return OK if merged, EBUSY if someone else may use the page (GUP), EAGAIN if not mergeable now
     */
    public Outcome merge(Mm mm, long address) {
        kernel.countOperation();
        kernel.point(Labels.KSM_WRPROTECT);
        mm.mmapLock().downRead();
        try {
            Vma vma = mm.findVma(address);
            PageTable table = mm.pageTableIfPresent(address);
            if (vma == null || !vma.isAnonymous() || vma.shared() || table == null) {
                return Outcome.EAGAIN;
            }
            Folio folio = table.get(address).presentFolio();
            if (folio == null || folio.ksm() || !folio.isAnon() || !folio.tryGet()) {
                return Outcome.EAGAIN;
            }
            try {
                if (!folio.lock().tryLock()) {
                    return Outcome.EAGAIN;
                }
                try {
                    Pte.Present protectedPte = writeProtectPage(table, address, folio);
                    if (protectedPte == null) {
                        return Outcome.EBUSY;
                    }
                    kernel.point(Labels.KSM_REPLACE);
                    replaceOrPromote(vma, table, address, folio, protectedPte);
                    return Outcome.OK;
                } finally {
                    folio.lock().unlock();
                }
            } finally {
                folio.put();
            }
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * write_protect_page(). The reference check must come after the PTE is cleared and flushed: GUP-fast takes no lock,
     * so only a cleared PTE stops a new O_DIRECT reference, and a check made before it (without
     * {@link Fix#KSM_WRPROTECT_REFCOUNT}) can be overtaken by one; the user's next write then COWs and the DMA lands in
     * the old page.
     *
     * <p>Context: folio lock held; takes the PT lock across the {@code ksm.clear} step.
     *
     * @return the read-only PTE now installed, or null if the page may be in use
     */
    private Pte.Present writeProtectPage(PageTable table, long address, Folio folio) {
        table.ptl().lock();
        try {
            if (!(table.get(address) instanceof Pte.Present orig) || orig.folio() != folio) {
                return null;
            }
            boolean fixed = kernel.fixed(Fix.KSM_WRPROTECT_REFCOUNT);
            if (!fixed && unexpectedReferences(folio)) {
                return null;
            }
            kernel.point(Labels.KSM_CLEAR);
            if (!orig.writable() && !orig.dirty() && !folio.anonExclusive()) {
                return orig;
            }
            Pte.Present entry = (Pte.Present) table.clear(address);
            if (fixed && unexpectedReferences(folio)) {
                table.set(address, entry);
                return null;
            }
            if (folio.anonExclusive() && !kernel.rmap().tryShareAnonRmap(folio)) {
                table.set(address, entry);
                return null;
            }
            if (entry.dirty()) {
                folio.setDirty(true);
            }
            Pte.Present readOnly = new Pte.Present(folio, false, false);
            table.set(address, readOnly);
            return readOnly;
        } finally {
            table.ptl().unlock();
        }
    }

    /**
     * How many unshare faults in a row may find the KSM page exactly as they left it before break_ksm() is taken to
     * spin for ever. A fault backs out without unsharing only because something else changed the page table meanwhile
     * (it waited on a migration entry, or another thread replaced the PTE); mremap holds the mmap_lock for write, so no
     * fault, mprotect or munmap of this mm can be that something, and only an rmap walker that put back the very same
     * PTE every time could make several retries in a row look like no progress.
     */
    static final int BREAK_KSM_RETRIES_WITHOUT_PROGRESS = 8;

    /**
     * unmerge_ksm_pages() (ksm_madvise(MADV_UNMERGEABLE)): break_ksm() on every page of {@code [start, end)}, so that
     * none of them is a KSM page any more. As break_ksm_pmd_entry() does, a migration entry of a KSM folio counts as a
     * KSM page: the migration restores it only at the address its rmap_item remembers, so skipping it would let the
     * caller (mremap) carry the entry to an address remove_migration_ptes() never looks at, and the entry would outlive
     * the folio. The unshare fault on such an entry waits for the migration (migration_entry_wait), and break_ksm()
     * faults again until the page is no KSM page: a fault may back out without unsharing.
     *
     * <p>break_ksm() has no bound on that loop: an unshare fault that "reuses" a KSM page (do_wp_page's unshare path
     * returns 0 and leaves the PTE alone) makes it spin for ever under the mmap_lock. The runtime reports that as a BUG
     * instead of hanging its caller: {@value #BREAK_KSM_RETRIES_WITHOUT_PROGRESS} faults in a row that left the same
     * KSM PTE in place. Only a broken fault path gets there (the {@code wp_reuses_ksm_page} injection does).
     *
     * <p>Context: mmap_lock held; takes the PT lock to look, then faults as {@code Fault} does.
     *
     * @return OK, or ENOMEM if an unshare fault found no memory for the copy (the kernel's -ENOMEM of break_ksm)
     */
    public Outcome unmerge(Vma vma, long start, long end) {
        for (long address = start; address < end; address++) {
            int withoutProgress = 0;
            for (Pte before = ksmEntry(vma, address); before != null; ) {
                Outcome outcome = kernel.fault().handleMmFault(vma, address, Fault.UNSHARE);
                if (outcome == Outcome.ENOMEM) {
                    return Outcome.ENOMEM;
                }
                if (outcome == Outcome.SIGBUS || outcome == Outcome.SIGSEGV) {
                    break; // break_ksm() gives up on this page but does not fail
                }
                Pte after = ksmEntry(vma, address);
                withoutProgress = before.equals(after) ? withoutProgress + 1 : 0;
                if (withoutProgress == BREAK_KSM_RETRIES_WITHOUT_PROGRESS) {
                    throw kernel.bug(
                            "break_ksm livelock: " + withoutProgress + " unshare faults left the KSM page at " + address
                                    + " mapped",
                            after);
                }
                before = after;
            }
        }
        return Outcome.OK;
    }

    /**
     * madvise(MADV_UNMERGEABLE) on {@code [start, end)}, one step {@code madvise_unmergeable.unmerge}: under the
     * mmap_lock for write, {@link #unmerge} (unmerge_ksm_pages()) on the part of the range each VMA covers, so that no
     * page of the range is a KSM page any more. The stable tree keeps its rmap_items (ksmd drops them in its next
     * scan); the runtime has no VM_MERGEABLE to clear, since its ksmd merges only when asked.
     *
     * <p>Context: takes mmap_lock (write), then per page the PT lock, then faults as {@code Fault} does.
     *
     * @return OK; ENOMEM if part of the range is not mapped (madvise's -ENOMEM) or an unshare fault found no memory
     */
    public Outcome madviseUnmergeable(Mm mm, long start, long end) {
        kernel.countOperation();
        kernel.point(Labels.MADVISE_UNMERGEABLE_UNMERGE);
        mm.mmapLock().downWrite();
        try {
            for (long address = start; address < end; ) {
                Vma vma = mm.findVma(address);
                if (vma == null) {
                    return Outcome.ENOMEM;
                }
                long to = Math.min(end, vma.end());
                Outcome outcome = unmerge(vma, address, to);
                if (outcome != Outcome.OK) {
                    return outcome;
                }
                address = to;
            }
            return Outcome.OK;
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * break_ksm_pmd_entry(): a present KSM page, or a migration entry of one (a KSM page stays one until freed).
     *
     * @return that entry, read under the PT lock, or null if {@code address} maps no KSM page
     */
    private static Pte ksmEntry(Vma vma, long address) {
        PageTable table = vma.mm().pageTableIfPresent(address);
        if (table == null) {
            return null;
        }
        table.ptl().lock();
        try {
            Pte pte = table.get(address);
            Folio folio = pte instanceof Pte.Migration migration ? migration.folio() : pte.presentFolio();
            return folio != null && folio.ksm() ? pte : null;
        } finally {
            table.ptl().unlock();
        }
    }

    /** @return the rmap_items of a stable KSM folio (rmap_walk_ksm() walks them), oldest first. */
    public List<RmapItem> rmapItems(Folio kpage) {
        synchronized (stable) {
            return List.copyOf(rmapItems.getOrDefault(kpage, Set.of()));
        }
    }

    /**
     * folio_migrate_ksm(): the stable node now points at the migrated folio {@code dst}; its rmap_items go with it, so
     * that remove_migration_ptes() finds every mapping of the old one.
     *
     * <p>Context: both folio locks held, {@code src} frozen.
     */
    public void migrate(Folio src, Folio dst) {
        src.lock().assertHeld("folio_migrate_ksm", src);
        dst.setKsm(true);
        synchronized (stable) {
            Set<RmapItem> items = rmapItems.remove(src);
            if (items != null) {
                rmapItems.put(dst, items);
            }
            stable.replaceAll((key, kpage) -> kpage == src ? dst : kpage);
        }
    }

    /** mapcount + KSM's own reference + the swap cache's must be all there is. */
    private static boolean unexpectedReferences(Folio folio) {
        return folio.mapcount() + 1 + (folio.swapcache() ? 1 : 0) != folio.refcount();
    }

    /**
     * replace_page(), after checking under the PT lock that the PTE is still the one write_protect_page installed
     * (pte_same: a COW in between means someone wrote); or, if no stable page has these contents, the page itself
     * becomes the stable KSM page.
     *
     * <p>Context: folio lock held; takes the PT lock.
     */
    private void replaceOrPromote(Vma vma, PageTable table, long address, Folio folio, Pte.Present orig) {
        ByteBuffer key = ByteBuffer.wrap(folio.contents());
        RmapItem item = new RmapItem(vma.anonVma(), address);
        Folio kpage;
        synchronized (stable) {
            kpage = stable.get(key);
            if (kpage != null && (kpage.freed() || !kpage.tryGet())) {
                stable.remove(key);
                if (kpage.freed()) {
                    rmapItems.remove(kpage);
                }
                kpage = null;
            }
            if (kpage == null) {
                folio.setKsm(true);
                folio.setAnonExclusive(false);
                stable.put(key, folio);
                rmapItems.computeIfAbsent(folio, f -> new LinkedHashSet<>()).add(item);
                return;
            }
            rmapItems.computeIfAbsent(kpage, f -> new LinkedHashSet<>()).add(item);
        }
        try {
            table.ptl().lock();
            try {
                if (!table.get(address).equals(orig)) {
                    return;
                }
                kpage.get();
                kernel.rmap().addAnonRmap(kpage, false);
                table.clear(address);
                table.set(address, new Pte.Present(kpage, false, false));
                kernel.rmap().removeRmap(folio);
                folio.put();
            } finally {
                table.ptl().unlock();
            }
            if (!folio.mapped() && folio.swapcache()) {
                kernel.swapCache().freeSwap(folio);
            }
        } finally {
            kpage.put();
        }
    }
}
