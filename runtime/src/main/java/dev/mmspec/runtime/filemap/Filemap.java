package dev.mmspec.runtime.filemap;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;

/** The page cache side of faults and dirtying (mm/filemap.c, mm/page-writeback.c). */
public final class Filemap {

    /**
     * What filemap_fault() returned.
     *
     * @param outcome {@link Outcome#OK}, SIGBUS or ENOMEM
     * @param folio the folio with a reference taken for the caller (null unless OK)
     * @param locked whether it is returned locked (VM_FAULT_LOCKED)
     */
    public record FaultPage(Outcome outcome, Folio folio, boolean locked) {
        /** Drops what filemap_fault() handed over: the folio lock if it was returned locked, then the reference. */
        public void release() {
            if (locked) {
                folio.lock().unlock();
            }
            folio.put();
        }
    }

    private final Kernel kernel;
    private final ShmemSwap shmemSwap;

    public Filemap(Kernel kernel) {
        this.kernel = kernel;
        this.shmemSwap = new ShmemSwap(kernel);
    }

    /** @return shmem's swap-out and swap-in. */
    public ShmemSwap shmemSwap() {
        return shmemSwap;
    }

    /**
     * filemap_fault(): find or read page {@code index} of {@code file}.
     *
     * <p>With {@link Fix#FAULT_TRUNCATE_RECHECK} the folio is returned locked after {@code mapping} and i_size were
     * rechecked under the lock: truncate and invalidate remove a folio only under its lock, so a folio still attached
     * here cannot be removed before the caller maps it and unlocks. Without it (do_no_page before d00806b18315), the
     * folio comes back unlocked and unchecked: truncate can remove it before it is mapped.
     *
     * <p>Context: mmap_lock held; takes invalidate_lock (shared) to instantiate a page, then the folio lock.
     */
    public FaultPage fault(AddressSpace file, long index) {
        while (true) {
            if (index >= file.sizeInPages()) {
                return new FaultPage(Outcome.SIGBUS, null, false);
            }
            Folio folio = file.lookup(index);
            if (folio == null) {
                file.invalidateLock().downRead();
                try {
                    folio = readFolio(file, index);
                } finally {
                    file.invalidateLock().upRead();
                }
                if (folio == null) {
                    return new FaultPage(Outcome.ENOMEM, null, false);
                }
            }
            if (!kernel.fixed(Fix.FAULT_TRUNCATE_RECHECK)) {
                return new FaultPage(Outcome.OK, folio, false);
            }
            folio.lock().lock();
            if (folio.mapping() != file) {
                // Truncated or invalidated while we slept on the lock: look again.
                folio.lock().unlock();
                folio.put();
                continue;
            }
            if (index >= file.sizeInPages()) {
                folio.lock().unlock();
                folio.put();
                return new FaultPage(Outcome.SIGBUS, null, false);
            }
            return new FaultPage(Outcome.OK, folio, true);
        }
    }

    /**
     * Finds the folio or creates it from disk (a shmem page that went to swap: from its swap slot) under the
     * invalidate_lock. @return it with a reference, or null (ENOMEM)
     */
    private Folio readFolio(AddressSpace file, long index) {
        while (true) {
            Folio folio = file.lookup(index);
            if (folio != null) {
                return folio;
            }
            int slot = file.shmem() ? file.swapEntry(index) : -1;
            if (slot >= 0) {
                ShmemSwap.Swapin swapin = shmemSwap.swapin(file, index, slot);
                if (swapin.folio() != null || !swapin.again()) {
                    return swapin.folio();
                }
                continue;
            }
            Folio fresh = kernel.folios().alloc();
            if (fresh == null) {
                return null;
            }
            fresh.copyFrom(file.readDisk(index));
            // read_folio() attaches the filesystem's per-folio state (buffers mapping its blocks).
            fresh.setFsNotified(true);
            if (file.add(index, fresh)) {
                return fresh;
            }
            fresh.put();
        }
    }

    /**
     * do_page_mkwrite() with filemap_page_mkwrite(): tell the filesystem the folio is about to be written through a
     * user mapping, and dirty it, all under one hold of the folio lock so that writeback (which cleans under the same
     * lock) cannot slip in between.
     *
     * <p>Context: folio reference held; takes the folio lock unless {@code alreadyLocked}. Returns with the folio
     * locked, or unlocked with false if it was truncated meanwhile.
     */
    public boolean pageMkwrite(Folio folio, AddressSpace file, boolean alreadyLocked) {
        if (!alreadyLocked) {
            folio.lock().lock();
        }
        if (folio.mapping() != file) {
            folio.lock().unlock();
            return false;
        }
        folio.setFsNotified(true);
        markDirty(folio);
        return true;
    }

    /**
     * folio_mark_dirty(). For a file folio the filesystem must have been told first (page_mkwrite since it was last
     * cleaned): a folio dirtied behind its back has no blocks reserved, which is the BUG of seed 001. shmem has no such
     * state (noop_dirty_folio): its folios may be dirtied at any time.
     */
    public void markDirty(Folio folio) {
        if (folio.isFile()
                && !folio.fsNotified()
                && folio.mapping() instanceof AddressSpace file
                && file.dirtyTracked()) {
            folio.setDirty(true);
            throw kernel.bug("file folio dirtied without page_mkwrite since writeback cleaned it", folio);
        }
        folio.setDirty(true);
    }

    /**
     * set_page_dirty_lock(): dirty a page after a kernel write through a GUP reference.
     *
     * <p>Context: takes the folio lock (the mapping must not change under ->dirty_folio).
     */
    public void markDirtyLocked(Folio folio) {
        if (!folio.isFile()) {
            folio.setDirty(true);
            return;
        }
        folio.lock().lock();
        try {
            markDirty(folio);
        } finally {
            folio.lock().unlock();
        }
    }
}
