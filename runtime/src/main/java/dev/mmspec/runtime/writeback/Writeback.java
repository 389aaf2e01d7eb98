package dev.mmspec.runtime.writeback;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.Pte;

/** Writing a dirty page-cache folio back (mm/page-writeback.c folio_clear_dirty_for_io, write_cache_pages). */
public final class Writeback {
    private final Kernel kernel;

    public Writeback(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Write back page {@code index} of {@code file}, in steps {@code writeback.clean} (folio_lock,
     * folio_clear_dirty_for_io: folio_mkclean write-protects and cleans every PTE so that the next user write faults
     * into page_mkwrite again, then the dirty bit is cleared and the filesystem forgets its notification; writeback
     * starts) and {@code writeback.write} (the data reaches the disk, writeback ends, folio_unlock).
     *
     * <p>Context: takes the folio lock, then i_mmap_rwsem (read) and PT locks.
     *
     * @return OK, or EAGAIN if the page is not cached or not dirty, or the file is shmem (whose folios go to swap under
     *     reclaim only: shmem_aops has no ->writepages)
     */
    public Outcome writeback(AddressSpace file, long index) {
        kernel.countOperation();
        kernel.point(Labels.WRITEBACK_CLEAN);
        if (file.shmem()) {
            return Outcome.EAGAIN;
        }
        Folio folio = file.lookup(index);
        if (folio == null) {
            return Outcome.EAGAIN;
        }
        try {
            folio.lock().lock();
            try {
                if (folio.mapping() != file || !clearDirtyForIo(folio, file)) {
                    return Outcome.EAGAIN;
                }
                folio.setWriteback(true);
                kernel.point(Labels.WRITEBACK_WRITE);
                file.writeDisk(folio.index(), folio.contents());
                folio.setWriteback(false);
                return Outcome.OK;
            } finally {
                folio.lock().unlock();
            }
        } finally {
            folio.put();
        }
    }

    /**
     * folio_clear_dirty_for_io(). Context: folio lock held (page_mkwrite dirties under the same lock).
     *
     * @return whether the folio was dirty
     */
    public boolean clearDirtyForIo(Folio folio, AddressSpace file) {
        folio.lock().assertHeld("folio_clear_dirty_for_io", folio);
        // folio_mkclean() first: a PTE left writable would dirty the page behind writeback's back.
        if (!kernel.injected(Injection.WRITEBACK_SKIPS_MKCLEAN) && folioMkclean(folio)) {
            folio.setDirty(true);
        }
        if (!folio.dirty()) {
            return false;
        }
        folio.setDirty(false);
        folio.setFsNotified(false);
        return true;
    }

    /** folio_mkclean(): write-protect and clean every PTE mapping the folio. @return whether one was dirty */
    private boolean folioMkclean(Folio folio) {
        boolean[] dirty = {false};
        kernel.rmap().walkMapped(folio, (vma, table, address, pte) -> {
            if (pte.writable() || pte.dirty()) {
                dirty[0] |= pte.dirty();
                table.clear(address);
                table.set(address, new Pte.Present(folio, false, false));
            }
            return true;
        });
        return dirty[0];
    }
}
