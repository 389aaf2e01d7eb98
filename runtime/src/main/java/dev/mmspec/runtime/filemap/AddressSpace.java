package dev.mmspec.runtime.filemap;

import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.RwSemaphore;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A file's address_space and the file itself: the page cache (index to folio, under the i_pages lock, here a monitor),
 * the i_mmap set of VMAs (under i_mmap_rwsem), the invalidate_lock that keeps faults from instantiating pages during
 * truncate, i_size, and the blocks on disk.
 *
 * <p>Two kinds of file: a regular file of a disk filesystem (ext4, xfs: page_mkwrite, writeback, per-folio filesystem
 * state, so shared writable mappings are dirty-tracked) and a tmpfs / memfd file ({@link Kind#SHMEM}: no page_mkwrite,
 * no writeback, a folio can be dirtied at any time; its backing store is swap: reclaim replaces a folio's page-cache
 * entry by the swap entry it was written to, and the next lookup swaps it back in, see {@link ShmemSwap}).
 */
public final class AddressSpace {

    /** What filesystem the file lives on. */
    public enum Kind {
        /** A disk filesystem with page_mkwrite and writeback (tmpfile() on ext4). */
        REGULAR,
        /** tmpfs / memfd_create(): shmem_aops, no ->page_mkwrite, vma_needs_dirty_tracking() false. */
        SHMEM
    }

    private final int id;
    private final Kind kind;
    private final RwSemaphore iMmapRwsem;
    private final RwSemaphore invalidateLock;
    private final TreeMap<Long, Folio> pageCache = new TreeMap<>();
    /** shmem's swap entries in i_pages (xa_is_value): index to swap slot, under the same monitor as the folios. */
    private final TreeMap<Long, Integer> swapEntries = new TreeMap<>();

    private final List<Vma> iMmap = new CopyOnWriteArrayList<>();
    private final TreeMap<Long, byte[]> disk = new TreeMap<>();
    private volatile long iSize;

    public AddressSpace(LockEnv env, int id, long iSize) {
        this(env, id, iSize, Kind.REGULAR);
    }

    public AddressSpace(LockEnv env, int id, long iSize, Kind kind) {
        this.id = id;
        this.kind = kind;
        this.iSize = iSize;
        this.iMmapRwsem = new RwSemaphore(env, LockClass.I_MMAP_RWSEM, this);
        this.invalidateLock = new RwSemaphore(env, LockClass.INVALIDATE_LOCK, this);
    }

    public RwSemaphore iMmapRwsem() {
        return iMmapRwsem;
    }

    public RwSemaphore invalidateLock() {
        return invalidateLock;
    }

    /** @return i_size in bytes. */
    public long iSize() {
        return iSize;
    }

    public void setISize(long bytes) {
        this.iSize = bytes;
    }

    /** @return pages within i_size: DIV_ROUND_UP(i_size, PAGE_SIZE). */
    public long sizeInPages() {
        return (iSize + Folio.PAGE_SIZE - 1) / Folio.PAGE_SIZE;
    }

    public Kind kind() {
        return kind;
    }

    /** shmem_mapping(). */
    public boolean shmem() {
        return kind == Kind.SHMEM;
    }

    /**
     * Whether the filesystem implements page_mkwrite and writeback, so that shared writable mappings are dirty-tracked
     * (vma_needs_dirty_tracking) and a folio may be dirtied only after the filesystem was told: true for a regular
     * file, false for shmem.
     */
    public boolean dirtyTracked() {
        return kind == Kind.REGULAR;
    }

    // ---- the page cache (i_pages)

    /** filemap_get_folio(): the cached folio with a new reference, or null. */
    public Folio lookup(long index) {
        synchronized (pageCache) {
            Folio folio = pageCache.get(index);
            return folio != null && folio.tryGet() ? folio : null;
        }
    }

    /** @return the cached folio without taking a reference (for abstraction and checks only). */
    public Folio peek(long index) {
        synchronized (pageCache) {
            return pageCache.get(index);
        }
    }

    /**
     * filemap_add_folio(): the cache takes its own reference. @return false if the index is taken (a folio or a swap
     * entry).
     */
    public boolean add(long index, Folio folio) {
        synchronized (pageCache) {
            if (pageCache.containsKey(index) || swapEntries.containsKey(index)) {
                return false;
            }
            folio.get();
            folio.setMapping(this, index);
            pageCache.put(index, folio);
            return true;
        }
    }

    /**
     * filemap_remove_folio(): unhook it ({@code mapping} becomes null) and drop the cache's reference. Context: folio
     * lock held.
     */
    public void remove(Folio folio) {
        folio.lock().assertHeld("filemap_remove_folio", folio);
        removeLocked(folio);
        folio.put();
    }

    /** Unhook without dropping the reference (the caller froze it). Context: folio lock held. */
    public void removeLocked(Folio folio) {
        synchronized (pageCache) {
            if (pageCache.get(folio.index()) == folio) {
                pageCache.remove(folio.index());
            }
            folio.setMapping(null, folio.index());
        }
    }

    /** Replace {@code old} with {@code replacement} at its index (migration). Context: both folio locks held. */
    public void replace(Folio old, Folio replacement) {
        synchronized (pageCache) {
            replacement.setMapping(this, old.index());
            pageCache.put(old.index(), replacement);
            old.setMapping(null, old.index());
        }
    }

    // ---- shmem's swap entries in the page cache

    /** @return the swap slot that page {@code index} was written to (a value entry in i_pages), or -1. */
    public int swapEntry(long index) {
        synchronized (pageCache) {
            return swapEntries.getOrDefault(index, -1);
        }
    }

    /**
     * shmem_delete_from_page_cache(folio, swp_to_radix_entry(swap)): in one step the folio leaves the page cache (its
     * reference goes with it: the caller moved it to the swap cache) and the swap entry takes its place, so that a
     * lookup sees one or the other. Context: folio lock held.
     */
    public void replaceWithSwapEntry(Folio folio, int slot) {
        folio.lock().assertHeld("shmem_delete_from_page_cache", folio);
        synchronized (pageCache) {
            if (pageCache.get(folio.index()) != folio) {
                throw new IllegalStateException(folio + " is not in the page cache of " + this);
            }
            pageCache.remove(folio.index());
            swapEntries.put(folio.index(), slot);
            folio.setMapping(null, folio.index());
        }
    }

    /**
     * shmem_add_to_page_cache(folio, mapping, index, swp_to_radix_entry(swap)): the folio replaces the swap entry,
     * which must still be {@code slot} (another swap-in or a truncate may have come first); the cache takes its own
     * reference. Context: folio lock held.
     *
     * @return false if the entry at {@code index} is no longer {@code slot}
     */
    public boolean replaceSwapEntry(long index, int slot, Folio folio) {
        folio.lock().assertHeld("shmem_add_to_page_cache", folio);
        synchronized (pageCache) {
            if (swapEntries.getOrDefault(index, -1) != slot || pageCache.containsKey(index)) {
                return false;
            }
            swapEntries.remove(index);
            folio.get();
            folio.setMapping(this, index);
            pageCache.put(index, folio);
            return true;
        }
    }

    /** shmem_undo_range()'s value entries: removes the swap entries at or beyond {@code from}. @return their slots */
    public List<Integer> removeSwapEntriesFrom(long from) {
        synchronized (pageCache) {
            var tail = swapEntries.tailMap(from, true);
            List<Integer> slots = new ArrayList<>(tail.values());
            tail.clear();
            return slots;
        }
    }

    /** @return the swap entries, index to slot (for abstraction and checks only). */
    public Map<Long, Integer> swapEntries() {
        synchronized (pageCache) {
            return new TreeMap<>(swapEntries);
        }
    }

    /** @return cached indices at or beyond {@code from}, ascending. */
    public List<Long> indicesFrom(long from, long to) {
        synchronized (pageCache) {
            return new ArrayList<>(pageCache.subMap(from, true, to, false).keySet());
        }
    }

    public Map<Long, Folio> cachedFolios() {
        synchronized (pageCache) {
            return new TreeMap<>(pageCache);
        }
    }

    // ---- i_mmap

    /** Context: i_mmap_rwsem held for write. */
    public void link(Vma vma) {
        iMmapRwsem.assertHeldWrite("vma_interval_tree_insert", this);
        iMmap.add(vma);
    }

    /** Context: i_mmap_rwsem held for write. */
    public void unlink(Vma vma) {
        iMmapRwsem.assertHeldWrite("vma_interval_tree_remove", this);
        iMmap.remove(vma);
    }

    /** @return the VMAs mapping this file. Context: i_mmap_rwsem held for a stable answer. */
    public List<Vma> iMmap() {
        return List.copyOf(iMmap);
    }

    // ---- the disk

    /** @return the page's bytes on disk (zeroes past what was ever written). */
    public byte[] readDisk(long index) {
        synchronized (disk) {
            byte[] block = disk.get(index);
            return block == null ? new byte[Folio.PAGE_SIZE] : block.clone();
        }
    }

    public void writeDisk(long index, byte[] bytes) {
        synchronized (disk) {
            disk.put(index, bytes.clone());
        }
    }

    /** Drops blocks at or beyond {@code index} (truncate frees them). */
    public void truncateDisk(long index) {
        synchronized (disk) {
            disk.tailMap(index, true).clear();
        }
    }

    @Override
    public String toString() {
        return (kind == Kind.SHMEM ? "shmem#" : "file#") + id;
    }
}
