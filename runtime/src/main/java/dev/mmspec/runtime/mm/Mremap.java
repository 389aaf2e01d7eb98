package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;

/** mremap(MREMAP_MAYMOVE | MREMAP_FIXED) (mm/mremap.c move_vma, move_page_tables, move_ptes). */
public final class Mremap {
    private final Kernel kernel;

    public Mremap(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Step {@code mremap.move}: move pages {@code [oldStart, oldStart + pages)} of one VMA to {@code newStart},
     * unmapping whatever was mapped there (MREMAP_FIXED). copy_vma() makes the new VMA with the same anon_vma or file
     * and a vm_pgoff that keeps every page's rmap index (folio->index is not touched), move_ptes() moves every entry,
     * present, swap or migration, and the old range is unmapped with nothing left in it.
     *
     * <p>move_ptes() holds the rmap locks for write while it moves entries (take_rmap_locks): otherwise an rmap walker
     * (remove_migration_ptes, try_to_unmap) could look at the old address after the entry left and at the new one
     * before it arrived, and miss it.
     *
     * <p>Context: takes mmap_lock (write), then i_mmap_rwsem and the anon_vma rwsem (write), then both PT locks per
     * entry.
     *
     * @return OK, SIGSEGV if the old range is not inside one VMA, or ENOMEM if a KSM page of it could not be unmerged
     *     (move_vma returns ksm_madvise's error)
     */
    public Outcome mremap(Mm mm, long oldStart, long pages, long newStart) {
        kernel.countOperation();
        kernel.point(Labels.MREMAP_MOVE);
        Mmap mmap = kernel.mmap();
        mm.mmapLock().downWrite();
        try {
            Vma vma = mm.findVma(oldStart);
            if (vma == null
                    || oldStart + pages > vma.end()
                    || pages <= 0
                    || (newStart < oldStart + pages && oldStart < newStart + pages)) {
                return Outcome.SIGSEGV;
            }
            mmap.unmapLocked(mm, newStart, newStart + pages);
            vma = mm.findVma(oldStart); // the unmap may have split the VMA it was part of
            // ksm_madvise(MADV_UNMERGEABLE) in move_vma(): a KSM page's rmap_item remembers the address it was
            // merged at, so the range is unmerged first rather than moved away from its rmap_item.
            Outcome unmerged = kernel.ksm().unmerge(vma, oldStart, oldStart + pages);
            if (unmerged != Outcome.OK) {
                return unmerged;
            }
            Vma old = mmap.splitToRange(vma, oldStart, oldStart + pages);
            Vma moved = new Vma(mm, newStart, newStart + pages, old.pgoff(), old.flags(), old.file());
            mmap.link(old, moved);
            mm.insertVma(moved);
            movePageTables(old, moved);
            mmap.unlink(old);
            mm.removeVma(old);
            return Outcome.OK;
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /** move_page_tables(). Context: mmap_lock held (write); takes the rmap locks, then PT locks. */
    private void movePageTables(Vma old, Vma moved) {
        AddressSpace file = old.file();
        AnonVma anonVma = old.anonVma();
        if (file != null) {
            file.iMmapRwsem().downWrite();
        }
        if (anonVma != null) {
            anonVma.rwsem().downWrite();
        }
        try {
            Mm mm = old.mm();
            for (long offset = 0; offset < old.end() - old.start(); offset++) {
                PageTable from = mm.pageTableIfPresent(old.start() + offset);
                if (from != null) {
                    movePte(from, mm.pageTable(moved.start() + offset), old.start() + offset, moved.start() + offset);
                }
            }
        } finally {
            if (anonVma != null) {
                anonVma.rwsem().upWrite();
            }
            if (file != null) {
                file.iMmapRwsem().upWrite();
            }
        }
    }

    /** move_ptes() for one entry. Context: rmap locks held; takes both PT locks (one if the same table). */
    private static void movePte(PageTable from, PageTable to, long oldAddress, long newAddress) {
        from.ptl().lock();
        if (to != from) {
            to.ptl().lock();
        }
        try {
            Pte pte = from.get(oldAddress);
            if (!pte.isNone()) {
                from.clear(oldAddress);
                to.set(newAddress, pte);
            }
        } finally {
            if (to != from) {
                to.ptl().unlock();
            }
            from.ptl().unlock();
        }
    }
}
