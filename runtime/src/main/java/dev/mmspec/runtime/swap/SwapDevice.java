package dev.mmspec.runtime.swap;

import dev.mmspec.runtime.folio.Folio;

/**
 * The swap device: per slot the swap count (how many swap PTEs refer to it, the kernel's swap_map), the SWAP_HAS_CACHE
 * bit with the swap cache folio, and the slot's data on disk. All under one monitor, the kernel's swap_lock; nothing
 * here ever waits for another lock.
 */
public final class SwapDevice {

    /**
     * What a slot looks like from outside.
     *
     * @param used whether the slot is allocated (a swap PTE or the swap cache refers to it)
     * @param count swap PTEs referring to it
     * @param cached SWAP_HAS_CACHE: a folio for it is in the swap cache, or a swap-in that skips the cache holds the
     *     slot ({@link #prepareCache})
     * @param folio the swap cache folio, or null
     * @param data the bytes pageout last wrote
     */
    public record SlotView(boolean used, int count, boolean cached, Folio folio, byte[] data) {}

    private final int[] count;
    private final Folio[] cache;
    private final boolean[] hasCache;
    private final byte[][] data;

    public SwapDevice(int slots) {
        count = new int[slots];
        cache = new Folio[slots];
        hasCache = new boolean[slots];
        data = new byte[slots][Folio.PAGE_SIZE];
    }

    public int slots() {
        return count.length;
    }

    /** folio_alloc_swap(): the lowest free slot, reserved for the swap cache; -1 when full. */
    public synchronized int allocate(Folio folio) {
        for (int s = 0; s < count.length; s++) {
            if (count[s] == 0 && !hasCache[s]) {
                hasCache[s] = true;
                cache[s] = folio;
                return s;
            }
        }
        return -1;
    }

    /**
     * Puts {@code folio} in the swap cache for an allocated slot (swap-in readahead). @return false if already cached.
     */
    public synchronized boolean addCache(int slot, Folio folio) {
        if (hasCache[slot]) {
            return false;
        }
        hasCache[slot] = true;
        cache[slot] = folio;
        return true;
    }

    /**
     * swapcache_prepare(): set SWAP_HAS_CACHE on a slot that swap PTEs still refer to, with no folio in the swap cache,
     * for a swap-in that skips the cache. While it is set the slot cannot be freed for reuse, and other swap-ins of it
     * wait. @return false if it is already set (someone else is swapping it in, or it is cached) or no swap PTE refers
     * to the slot any more
     */
    public synchronized boolean prepareCache(int slot) {
        if (hasCache[slot] || count[slot] == 0) {
            return false;
        }
        hasCache[slot] = true;
        return true;
    }

    /** swapcache_clear(): drop the SWAP_HAS_CACHE that {@link #prepareCache} set. */
    public synchronized void clearPrepared(int slot) {
        if (!hasCache[slot] || cache[slot] != null) {
            throw new IllegalStateException("swapcache_clear of slot " + slot + " that was not prepared");
        }
        hasCache[slot] = false;
    }

    /** Hands the slot's swap cache entry from {@code old} to {@code replacement} in one step (migration). */
    public synchronized void replaceCache(int slot, Folio old, Folio replacement) {
        if (!hasCache[slot] || cache[slot] != old) {
            throw new IllegalStateException("slot " + slot + " does not cache " + old + " but " + cache[slot]);
        }
        cache[slot] = replacement;
    }

    /** Drops the SWAP_HAS_CACHE bit (put_swap_folio). */
    public synchronized void dropCache(int slot) {
        hasCache[slot] = false;
        cache[slot] = null;
    }

    /** @return the swap cache folio of {@code slot} with a new reference, or null (swap_cache_get_folio). */
    public Folio lookup(int slot) {
        Folio folio;
        synchronized (this) {
            folio = cache[slot];
        }
        return folio != null && folio.tryGet() ? folio : null;
    }

    /** swap_duplicate(): one more swap PTE refers to the slot. */
    public synchronized void duplicate(int slot) {
        if (count[slot] == 0 && !hasCache[slot]) {
            throw new IllegalStateException("swap_duplicate of free slot " + slot);
        }
        count[slot]++;
    }

    /** swap_free(): a swap PTE went away. */
    public synchronized void free(int slot) {
        if (count[slot] <= 0) {
            throw new IllegalStateException("swap_free of slot " + slot + " with count " + count[slot]);
        }
        count[slot]--;
    }

    /**
     * @return SWAP_HAS_CACHE: a folio for {@code slot} is in (or being moved within) the swap cache, or a swap-in holds
     *     it.
     */
    public synchronized boolean hasCache(int slot) {
        return hasCache[slot];
    }

    public synchronized int count(int slot) {
        return count[slot];
    }

    public synchronized boolean used(int slot) {
        return count[slot] > 0 || hasCache[slot];
    }

    public synchronized byte[] read(int slot) {
        return data[slot].clone();
    }

    /** swap_writepage(): the slot's disk contents. */
    public synchronized void write(int slot, byte[] bytes) {
        data[slot] = bytes.clone();
    }

    public synchronized SlotView view(int slot) {
        return new SlotView(
                count[slot] > 0 || hasCache[slot], count[slot], hasCache[slot], cache[slot], data[slot].clone());
    }
}
