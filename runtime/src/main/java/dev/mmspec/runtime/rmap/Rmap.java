package dev.mmspec.runtime.rmap;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.RwSemaphore;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reverse mapping (mm/rmap.c): accounting a folio's mappings, and walking from a folio to every (VMA, address) that may
 * map it.
 *
 * <p>Lock order, from the top of mm/rmap.c: mmap_lock, invalidate_lock, folio_lock, i_mmap_rwsem, anon_vma->rwsem, page
 * table lock.
 */
public final class Rmap {

    /** One step of an rmap walk: return false to stop the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Vma vma, long address);
    }

    /**
     * One present PTE of an rmap walk that maps the walked folio, visited with its PT lock held (an rmap_one callback
     * after page_vma_mapped_walk()): return false to stop the walk.
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
     * anon_vma_prepare(): give the VMA an anon_vma before its first anonymous page: a new root, counting its
     * self-parent link (no find_mergeable_anon_vma(): the runtime never merges VMAs). Must run before the PT lock is
     * taken (anon_vma rwsem ranks above it).
     *
     * <p>Context: mmap_lock held; takes the new anon_vma's rwsem (write).
     */
    public AnonVma anonVmaPrepare(Vma vma) {
        vma.mm().mmapLock().assertHeld("anon_vma_prepare", vma);
        AnonVma existing = vma.anonVma();
        if (existing != null) {
            return existing;
        }
        AnonVma anonVma = kernel.newAnonVma();
        anonVma.rwsem().downWrite();
        try {
            anonVma.addChildren(1); // self-parent link for a new root
            // mm->page_table_lock in the kernel: two faults may race to prepare; the first one wins.
            synchronized (vma) {
                if (vma.anonVma() == null) {
                    vma.setAnonVma(anonVma);
                    chainLink(vma, anonVma);
                    anonVma.addActiveVmas(1);
                }
                return vma.anonVma();
            }
        } finally {
            anonVma.rwsem().upWrite();
        }
    }

    /**
     * anon_vma_clone(): chain {@code dst} to every anon_vma of {@code src}, oldest first, under the root's rwsem (all
     * of them share it). A VMA without an anon_vma of its own yet (a fork's child) reuses one of them if no VMA has it
     * as its own and it has fewer than two children (7a3ef208e662: otherwise a process that forks and exits in a loop
     * grows the anon_vma chain without bound; 2555283eb40d counts VMAs and children apart). The root is never reused
     * while it has a child besides its self-parent link.
     *
     * <p>Context: mmap_lock held for write; takes the root's anon_vma rwsem (write).
     */
    public void anonVmaClone(Vma dst, Vma src) {
        dst.mm().mmapLock().assertHeldWrite("anon_vma_clone", dst);
        withRootLocked(src.anonVmaChain(), chain -> {
            for (int i = chain.size() - 1; i >= 0; i--) {
                AnonVma anonVma = chain.get(i);
                chainLink(dst, anonVma);
                if (dst.anonVma() == null
                        && src.anonVma() != null
                        && anonVma.numChildren() < 2
                        && anonVma.numActiveVmas() == 0) {
                    dst.setAnonVma(anonVma);
                }
            }
            if (dst.anonVma() != null) {
                dst.anonVma().addActiveVmas(1);
            }
        });
    }

    /**
     * anon_vma_fork(): chain the child's VMA to the parent VMA's anon_vmas (so that rmap finds the pages not yet COWed
     * in the child), then give it an anon_vma of its own, child of the parent VMA's and with the same root, where the
     * child's new (COWed) pages go; unless anon_vma_clone() reused one.
     *
     * <p>Context: mmap_lock of the child held for write (the parent's too, in dup_mmap()); takes the root's anon_vma
     * rwsem (write).
     */
    public void anonVmaFork(Vma vma, Vma pvma) {
        if (pvma.anonVma() == null) {
            return;
        }
        vma.setAnonVma(null); // drop the inherited one: reuse an existing or allocate a new one
        anonVmaClone(vma, pvma);
        if (vma.anonVma() != null) {
            return;
        }
        AnonVma anonVma = kernel.newAnonVma(pvma.anonVma());
        anonVma.rwsem().downWrite();
        try {
            anonVma.addActiveVmas(1);
            vma.setAnonVma(anonVma);
            chainLink(vma, anonVma);
            anonVma.parent().addChildren(1);
        } finally {
            anonVma.rwsem().upWrite();
        }
    }

    /**
     * unlink_anon_vmas(): take the VMA out of the interval tree of every anon_vma it is chained to; an anon_vma whose
     * tree becomes empty no longer counts as its parent's child. The VMA loses its own anon_vma (a fault would prepare
     * a new one). The anon_vmas themselves are left to the garbage collector, which stands for put_anon_vma().
     *
     * <p>Context: mmap_lock held for write; takes the root's anon_vma rwsem (write).
     */
    public void unlinkAnonVmas(Vma vma) {
        vma.mm().mmapLock().assertHeldWrite("unlink_anon_vmas", vma);
        withRootLocked(vma.anonVmaChain(), chain -> {
            for (AnonVma anonVma : chain) {
                anonVma.unlink(vma);
                if (anonVma.vmas().isEmpty()) {
                    anonVma.parent().addChildren(-1);
                }
            }
            if (vma.anonVma() != null) {
                vma.anonVma().addActiveVmas(-1);
                vma.setAnonVma(null);
            }
            vma.chainClear();
        });
    }

    /**
     * lock_anon_vma_root() over a chain: every anon_vma of one VMA's chain has the same root, so one down_write of the
     * root's rwsem covers the whole walk. Nothing to do for an empty chain.
     */
    private static void withRootLocked(List<AnonVma> chain, Consumer<List<AnonVma>> body) {
        if (chain.isEmpty()) {
            return;
        }
        RwSemaphore rootLock = chain.get(0).rwsem();
        rootLock.downWrite();
        try {
            body.accept(chain);
        } finally {
            rootLock.upWrite();
        }
    }

    /**
     * anon_vma_chain_link(): one anon_vma_chain between {@code vma} and {@code anonVma}. Context: root rwsem held for
     * write.
     */
    private static void chainLink(Vma vma, AnonVma anonVma) {
        vma.chainAdd(anonVma);
        anonVma.link(vma);
    }

    /**
     * __folio_set_anon()'s choice of anon_vma: an exclusive folio belongs to the VMA's own anon_vma; one that may be
     * shared with other processes (a swapped-in page of a shared swap entry) must use the oldest possible, the root,
     * whose interval tree holds every VMA of the tree.
     *
     * <p>Context: the VMA has an anon_vma.
     */
    public AnonVma anonVmaFor(Vma vma, boolean exclusive) {
        AnonVma anonVma = vma.anonVma();
        if (anonVma == null) {
            throw new IllegalStateException("anonymous rmap without anon_vma_prepare: " + vma);
        }
        return exclusive ? anonVma : anonVma.root();
    }

    /**
     * folio_add_new_anon_rmap(): a new folio becomes the exclusive anonymous page at {@code address}.
     *
     * <p>Context: PT lock held; the VMA has an anon_vma.
     */
    public void addNewAnonRmap(Folio folio, Vma vma, long address) {
        folio.setMapping(anonVmaFor(vma, true), vma.linearIndex(address));
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
     * folio_try_share_anon_rmap_pte(): clear PG_anon_exclusive before a temporary unmap (swap, migration) or KSM;
     * refuse if the folio may be pinned, because a pinned page must stay exclusive or the next write fault would copy
     * it away from the DMA.
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
     * rmap_walk(): visit every (VMA, address) that may map {@code folio}, holding the anon_vma rwsem (the root's) or
     * i_mmap_rwsem for read for the whole walk, so that no VMA's geometry can change under it (when vma_adjust honours
     * that lock).
     *
     * <p>Context: folio lock held (the kernel's VM_BUG_ON in rmap_walk_file; it also keeps {@code mapping} from being
     * cleared by truncate).
     */
    public void walk(Folio folio, Visitor visitor) {
        folio.lock().assertHeld("rmap_walk", folio);
        Object mapping = folio.mapping();
        long index = folio.index();
        if (folio.ksm()) {
            walkKsm(folio, visitor);
        } else if (mapping instanceof AnonVma anonVma) {
            // rmap_walk_anon(): the interval tree of the folio's own anon_vma, which holds the VMA
            // that created the page and every VMA forked from it, not the VMAs of its ancestors.
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
     * rmap_walk_ksm(): a KSM folio has no index of its own; every rmap_item names an anon_vma and the address its page
     * had, and every VMA of that anon_vma covering the address may map it.
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
     * rmap_walk() whose rmap_one runs page_vma_mapped_walk() first, as try_to_unmap_one(), try_to_migrate_one() and
     * page_mkclean_one() do: in each (VMA, address) of the walk, take the PT lock and visit the PTE only if it still
     * maps {@code folio}; a VMA without a page table there, or whose PTE maps something else, is passed over and the
     * walk goes on.
     *
     * <p>Context: folio lock held; takes the anon_vma rwsem or i_mmap_rwsem (read), then each PT lock, which the
     * visitor holds.
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
