package dev.mmspec.runtime.rmap;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * Reverse mapping (mm/rmap.c): accounting a folio's mappings, and walking from a folio to every
 * (VMA, address) that may map it.
 *
 * <p>Lock order, from the top of mm/rmap.c: mmap_lock, invalidate_lock, folio_lock, i_mmap_rwsem,
 * anon_vma->rwsem, page table lock.
 */
public final class Rmap {

    /** One step of an rmap walk: return false to stop the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Vma vma, long address);
    }

    /**
     * One present PTE of an rmap walk that maps the walked folio, visited with its PT lock held (an
     * rmap_one callback after page_vma_mapped_walk()): return false to stop the walk.
     */
    @FunctionalInterface
    public interface MappedVisitor {
        boolean visit(Vma vma, PageTable table, long address, Pte.Present pte);
    }

    private final Kernel kernel;

    public Rmap(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * anon_vma_prepare(): give the VMA an anon_vma before its first anonymous page. Must run before
     * the PT lock is taken (anon_vma rwsem ranks above it).
     *
     * <p>Context: mmap_lock held.
     */
    public AnonVma anonVmaPrepare(Vma vma) {
        vma.mm().mmapLock().assertHeld("anon_vma_prepare", vma);
        AnonVma existing = vma.anonVma();
        if (existing != null) {
            return existing;
        }
        AnonVma anonVma = kernel.newAnonVma();
        anonVma.rwsem().downWrite();
        anonVma.link(vma);
        anonVma.rwsem().upWrite();
        // mm->page_table_lock in the kernel: two faults may race to prepare; the first one wins.
        synchronized (vma) {
            if (vma.anonVma() == null) {
                vma.setAnonVma(anonVma);
            }
            return vma.anonVma();
        }
    }

    /**
     * folio_add_new_anon_rmap(): a new folio becomes the exclusive anonymous page at {@code address}.
     *
     * <p>Context: PT lock held; the VMA has an anon_vma.
     */
    public void addNewAnonRmap(Folio folio, Vma vma, long address) {
        AnonVma anonVma = vma.anonVma();
        if (anonVma == null) {
            throw new IllegalStateException("folio_add_new_anon_rmap without anon_vma_prepare: " + vma);
        }
        folio.setMapping(anonVma, vma.linearIndex(address));
        folio.setAnonExclusive(true);
        folio.mapcountInc();
    }

    /** folio_add_anon_rmap_pte(): one more mapping; RMAP_EXCLUSIVE sets PG_anon_exclusive. Context: PT lock held. */
    public void addAnonRmap(Folio folio, boolean exclusive) {
        if (exclusive) {
            folio.setAnonExclusive(true);
        }
        folio.mapcountInc();
    }

    /** folio_add_file_rmap_pte(). Context: PT lock held. */
    public void addFileRmap(Folio folio) {
        folio.mapcountInc();
    }

    /** folio_remove_rmap_pte(). Context: PT lock held. */
    public void removeRmap(Folio folio) {
        folio.mapcountDec();
    }

    /**
     * folio_try_share_anon_rmap_pte(): clear PG_anon_exclusive before a temporary unmap (swap,
     * migration) or KSM; refuse if the folio may be pinned, because a pinned page must stay
     * exclusive or the next write fault would copy it away from the DMA.
     *
     * <p>Context: PT lock held and the PTE already cleared (no GUP-fast can start).
     *
     * @return false (-EBUSY) if it may be pinned
     */
    public boolean tryShareAnonRmap(Folio folio) {
        if (folio.maybeDmaPinned()) {
            return false;
        }
        folio.setAnonExclusive(false);
        return true;
    }

    /**
     * rmap_walk(): visit every (VMA, address) that may map {@code folio}, holding the anon_vma
     * rwsem or i_mmap_rwsem for read for the whole walk, so that no VMA's geometry can change
     * under it (when vma_adjust honours that lock).
     *
     * <p>Context: folio lock held (the kernel's VM_BUG_ON in rmap_walk_file; it also keeps
     * {@code mapping} from being cleared by truncate).
     */
    public void walk(Folio folio, Visitor visitor) {
        folio.lock().assertHeld("rmap_walk", folio);
        Object mapping = folio.mapping();
        long index = folio.index();
        if (folio.ksm()) {
            walkKsm(folio, visitor);
        } else if (mapping instanceof AnonVma anonVma) {
            anonVma.rwsem().downRead();
            try {
                for (Vma vma : anonVma.vmas()) {
                    long address = vma.addressOf(index);
                    if (address >= 0 && !visitor.visit(vma, address)) {
                        break;
                    }
                }
            } finally {
                anonVma.rwsem().upRead();
            }
        } else if (mapping instanceof AddressSpace file) {
            file.iMmapRwsem().downRead();
            try {
                for (Vma vma : file.iMmap()) {
                    long address = vma.addressOf(index);
                    if (address >= 0 && !visitor.visit(vma, address)) {
                        break;
                    }
                }
            } finally {
                file.iMmapRwsem().upRead();
            }
        }
    }

    /**
     * rmap_walk_ksm(): a KSM folio has no index of its own; every rmap_item names an anon_vma and
     * the address its page had, and every VMA of that anon_vma covering the address may map it.
     *
     * <p>Context: folio lock held; takes each anon_vma rwsem (read).
     */
    private void walkKsm(Folio folio, Visitor visitor) {
        for (var item : kernel.ksm().rmapItems(folio)) {
            if (item.anonVma() == null) {
                continue;
            }
            item.anonVma().rwsem().downRead();
            try {
                for (Vma vma : item.anonVma().vmas()) {
                    if (vma.contains(item.address()) && !visitor.visit(vma, item.address())) {
                        return;
                    }
                }
            } finally {
                item.anonVma().rwsem().upRead();
            }
        }
    }

    /**
     * rmap_walk() whose rmap_one runs page_vma_mapped_walk() first, as try_to_unmap_one(),
     * try_to_migrate_one() and page_mkclean_one() do: in each (VMA, address) of the walk, take the
     * PT lock and visit the PTE only if it still maps {@code folio}; a VMA without a page table
     * there, or whose PTE maps something else, is passed over and the walk goes on.
     *
     * <p>Context: folio lock held; takes the anon_vma rwsem or i_mmap_rwsem (read), then each PT
     * lock, which the visitor holds.
     */
    public void walkMapped(Folio folio, MappedVisitor visitor) {
        walk(folio, (vma, address) -> {
            PageTable table = vma.mm().pageTableIfPresent(address);
            if (table == null) {
                return true;
            }
            table.ptl().lock();
            try {
                if (!(table.get(address) instanceof Pte.Present present) || present.folio() != folio) {
                    return true;
                }
                return visitor.visit(vma, table, address, present);
            } finally {
                table.ptl().unlock();
            }
        });
    }
}
