package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/** fork()'s memory half: dup_mmap() and copy_page_range() (kernel/fork.c, mm/memory.c). */
public final class Fork {
    private final Kernel kernel;

    public Fork(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Step {@code fork.copy}: a child mm with the same VMAs; private pages are shared copy-on-write (both PTEs
     * read-only, PG_anon_exclusive cleared), swap entries lose their exclusive bit.
     *
     * <p>Context: takes the parent's and the child's mmap_lock (write), the rmap locks (write) to link the child's VMAs
     * (anon_vma_fork()), then both PT locks per table.
     *
     * @return the child, or null if memory ran out (the child is then torn down)
     */
    public Mm fork(Mm parent) {
        kernel.countOperation();
        kernel.point(Labels.FORK_COPY);
        Mm child = kernel.createMm();
        boolean ok = true;
        parent.mmapLock().downWrite();
        child.mmapLock().downWrite();
        try {
            for (Vma vma : parent.vmas()) {
                Vma copy = new Vma(child, vma.start(), vma.end(), vma.pgoff(), vma.flags(), vma.file());
                if (vma.file() != null) {
                    vma.file().iMmapRwsem().downWrite();
                    vma.file().link(copy);
                    vma.file().iMmapRwsem().upWrite();
                }
                kernel.rmap().anonVmaFork(copy, vma);
                child.insertVma(copy);
                // Shared file mappings without private pages refault lazily in the child.
                if (ok && vma.anonVma() != null) {
                    ok = copyPageRange(vma, copy);
                }
            }
        } finally {
            child.mmapLock().upWrite();
            parent.mmapLock().upWrite();
        }
        if (!ok) {
            kernel.mmap().exit(child);
            return null;
        }
        return child;
    }

    /**
     * copy_pte_range(): each source entry is read under both PT locks. The fork holds the parent's mmap_lock for write,
     * which stops faults and zaps but not reclaim or migration: they clear a PTE and set its swap or migration entry
     * under the PT lock only, so a lockless look can catch the transient none between the two and leave the child
     * without the page (it would then read a fresh zero page where the parent wrote). Only a missing source table
     * (pmd_none) is skipped without the lock: tables are never freed here.
     *
     * <p>Context: both mmap_locks held for write; takes both PT locks per table.
     */
    private boolean copyPageRange(Vma src, Vma dst) {
        for (long address = src.start(); address < src.end(); address++) {
            PageTable from = src.mm().pageTableIfPresent(address);
            if (from == null) {
                continue;
            }
            PageTable to = dst.mm().pageTable(address);
            from.ptl().lock();
            to.ptl().lock();
            try {
                if (!copyPte(src, dst, from, to, address)) {
                    return false;
                }
            } finally {
                to.ptl().unlock();
                from.ptl().unlock();
            }
        }
        return true;
    }

    /** copy_present_ptes() / copy_nonpresent_pte(); a none entry is left none. Context: both PT locks held. */
    private boolean copyPte(Vma src, Vma dst, PageTable from, PageTable to, long address) {
        Pte pte = from.get(address);
        boolean cow = src.isCowMapping();
        if (pte instanceof Pte.Swap swap) {
            kernel.swap().duplicate(swap.slot());
            if (kernel.injected(Injection.FORK_KEEPS_SWAP_EXCLUSIVE)) {
                to.set(address, swap);
                return true;
            }
            // Mark the swap entry as shared: neither side may assume it is exclusive any more.
            if (swap.exclusive()) {
                from.set(address, new Pte.Swap(swap.slot(), false));
            }
            to.set(address, new Pte.Swap(swap.slot(), false));
        } else if (pte instanceof Pte.Migration migration) {
            Pte.Migration shared = new Pte.Migration(migration.folio(), false, false);
            if (cow && (migration.writable() || migration.exclusive())) {
                from.set(address, shared);
            }
            to.set(address, shared);
        } else if (pte instanceof Pte.Present present) {
            Folio folio = present.folio();
            if (folio.isAnon() && !folio.ksm() && folio.anonExclusive() && needsCowForDma(src, folio)) {
                return copyPresentPage(dst, to, address, folio);
            }
            folio.get();
            if (folio.isAnon()) {
                folio.setAnonExclusive(false);
            }
            folio.mapcountInc();
            boolean writable = present.writable();
            if (cow && writable) {
                from.set(address, present.withWritable(false));
                writable = false;
            }
            to.set(address, new Pte.Present(folio, writable, present.dirty() && !src.shared()));
        }
        return true;
    }

    /**
     * folio_needs_cow_for_dma(): with {@link Fix#FORK_COPY_PINNED}, a page that may be pinned for DMA must not become
     * shared, or the parent's next write would COW away from the DMA: the child gets a copy instead. Without the fix
     * (before 70e806e4e645) the pinned page is shared.
     */
    private boolean needsCowForDma(Vma src, Folio folio) {
        return kernel.fixed(Fix.FORK_COPY_PINNED) && src.mm().hasPinned() && folio.maybeDmaPinned();
    }

    /** copy_present_page(): the child's own copy, exclusive and as writable as its VMA. */
    private boolean copyPresentPage(Vma dst, PageTable to, long address, Folio folio) {
        Folio copy = kernel.folios().alloc();
        if (copy == null) {
            return false;
        }
        copy.copyFrom(folio);
        kernel.rmap().addNewAnonRmap(copy, dst, address);
        to.set(address, new Pte.Present(copy, dst.writable(), true));
        return true;
    }
}
