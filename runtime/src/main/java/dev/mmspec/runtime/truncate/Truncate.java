package dev.mmspec.runtime.truncate;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Zap;

/** truncate_setsize() / truncate_pagecache() and invalidate_inode_pages2_range() (mm/truncate.c). */
public final class Truncate {
    private final Kernel kernel;

    public Truncate(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Shrink (or grow) {@code file} to {@code newSize} bytes, in steps {@code truncate.size} (take invalidate_lock for
     * write, set i_size), {@code truncate.unmap} (unmap_mapping_range over the hole, COWed copies included),
     * {@code truncate.remove} (truncate_inode_pages: each folio locked, unmapped if a fault mapped it meanwhile,
     * removed from the page cache; the partial last page zeroed past EOF) and {@code truncate.unmap_cows}: with
     * {@link Fix#FAULT_TRUNCATE_RECHECK}, a second unmap_mapping_range, because a private COW fault may have copied a
     * page after the first pass and its copy is not protected by the page-cache folio's lock; without it that copy
     * survives beyond EOF.
     *
     * <p>Context: takes invalidate_lock (write) for all steps, then i_mmap_rwsem (read), folio locks, PT locks.
     */
    public void truncate(AddressSpace file, long newSize) {
        kernel.countOperation();
        kernel.point(Labels.TRUNCATE_SIZE);
        file.invalidateLock().downWrite();
        try {
            long oldSize = file.iSize();
            file.setISize(newSize);
            long holeBegin = (newSize + Folio.PAGE_SIZE - 1) / Folio.PAGE_SIZE;
            Zap zap = kernel.mmap().zap();
            kernel.point(Labels.TRUNCATE_UNMAP);
            if (newSize < oldSize) {
                zap.unmapMappingRange(file, holeBegin, Long.MAX_VALUE, true);
            }
            kernel.point(Labels.TRUNCATE_REMOVE);
            if (newSize < oldSize) {
                removeFolios(file, holeBegin, Long.MAX_VALUE, zap);
                zeroTail(file, newSize);
                file.truncateDisk(holeBegin);
                if (file.shmem()) {
                    kernel.filemap().shmemSwap().freeSwapFrom(file, holeBegin);
                }
            }
            kernel.point(Labels.TRUNCATE_UNMAP_COWS);
            if (newSize < oldSize && kernel.fixed(Fix.FAULT_TRUNCATE_RECHECK)) {
                zap.unmapMappingRange(file, holeBegin, Long.MAX_VALUE, true);
            }
        } finally {
            file.invalidateLock().upWrite();
        }
    }

    /**
     * invalidate_inode_pages2_range(): drop file pages {@code [from, to)} from the page cache so the next access reads
     * the disk again (after an O_DIRECT write, or when the server changed the file), in steps {@code invalidate.unmap}
     * and {@code invalidate.remove}. Dirty pages are written back first (launder). Unlike truncate this is inside
     * i_size, so only the folio lock and the fault's recheck of {@code mapping} keep a fault from mapping a removed
     * folio.
     *
     * <p>Context: takes invalidate_lock (write), then i_mmap_rwsem (read), folio locks, PT locks.
     */
    public void invalidate(AddressSpace file, long from, long to) {
        kernel.countOperation();
        kernel.point(Labels.INVALIDATE_UNMAP);
        file.invalidateLock().downWrite();
        try {
            Zap zap = kernel.mmap().zap();
            zap.unmapMappingRange(file, from, to, false);
            kernel.point(Labels.INVALIDATE_REMOVE);
            removeFolios(file, from, to, zap);
        } finally {
            file.invalidateLock().upWrite();
        }
    }

    /** Writes {@code bytes} to the file's disk blocks directly (O_DIRECT write), then invalidates the page. */
    public void writeDirect(AddressSpace file, long index, byte[] bytes) {
        file.writeDisk(index, bytes);
        invalidate(file, index, index + 1);
    }

    /** truncate_inode_folio() for each cached folio in range. Context: invalidate_lock held (write). */
    private void removeFolios(AddressSpace file, long from, long to, Zap zap) {
        for (long index : file.indicesFrom(from, to)) {
            Folio folio = file.lookup(index);
            if (folio == null) {
                continue;
            }
            folio.lock().lock();
            try {
                if (folio.mapping() != file) {
                    continue;
                }
                if (folio.mapped()) {
                    zap.unmapMappingFolio(folio, file);
                }
                if (folio.dirty()) {
                    if (index < file.sizeInPages()) {
                        // launder_folio(): invalidation keeps the data, truncation drops it.
                        file.writeDisk(index, folio.contents());
                    }
                    // Laundered, or truncate_cleanup_folio()'s folio_cancel_dirty(): a pin may keep it alive.
                    folio.setDirty(false);
                    folio.setFsNotified(false);
                }
                file.remove(folio);
            } finally {
                folio.lock().unlock();
                folio.put();
            }
        }
    }

    /**
     * Zero the part of the last page beyond EOF (truncate_inode_partial_folio), in the cached folio under its lock: the
     * kernel finds it with FGP_LOCK (truncate_inode_pages_range), so a fault that holds it locked between its lookup
     * and its mapping, or a read(2) that copies from it under the lock, never sees it half zeroed. A folio that left
     * the page cache while this waited for its lock is not the file's any more: only the block is zeroed.
     */
    private void zeroTail(AddressSpace file, long newSize) {
        int tail = (int) (newSize % Folio.PAGE_SIZE);
        if (tail == 0) {
            return;
        }
        long index = newSize / Folio.PAGE_SIZE;
        Folio folio = file.lookup(index);
        if (folio != null) {
            // Injected (test-only): the zeroing of truncate_inode_partial_folio() without the folio lock.
            boolean locks = !kernel.injected(Injection.TRUNCATE_ZERO_TAIL_UNLOCKED);
            if (locks) {
                folio.lock().lock();
            }
            try {
                if (folio.mapping() == file) {
                    folio.write(tail, new byte[Folio.PAGE_SIZE - tail]);
                }
            } finally {
                if (locks) {
                    folio.lock().unlock();
                }
                folio.put();
            }
        }
        byte[] block = file.readDisk(index);
        java.util.Arrays.fill(block, tail, Folio.PAGE_SIZE, (byte) 0);
        file.writeDisk(index, block);
    }
}
