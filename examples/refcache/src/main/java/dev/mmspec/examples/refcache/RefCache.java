package dev.mmspec.examples.refcache;

import dev.mmspec.engine.sut.Watch;
import dev.mmspec.engine.sut.WatchedAtomicInteger;
import dev.mmspec.engine.sut.WatchedLock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A refcounted cache of a fixed pool of entries (the implementation that
 * {@code src/test/mmspec/refcache.mmspec} specifies). The cache holds one reference to each entry
 * it maps; {@link #find} returns an entry without a reference, {@link #tryGet} takes one, {@link
 * #put} drops one and frees the entry with the last. Entries are reused after they are freed, so
 * a caller may find an entry that is dying or already free: {@link #tryGet} must refuse a count
 * of zero.
 *
 * <p>Its locks and counters come from a {@link Watch}: {@link Watch#NONE} in production, the
 * binding's under test, which is all it takes for the controlled scheduler to interleave other
 * tasks between two accesses to a counter.
 *
 * @param <K> the key
 */
public final class RefCache<K> {

    /** How {@link #tryGet} takes a reference. */
    public enum GetMode {
        /** A compare-and-swap loop that never moves a count off zero: the spec's fix. */
        GET_UNLESS_ZERO,
        /** An unconditional increment: the spec with {@code get_unless_zero} off. */
        UNCHECKED,
        /** Read, check, then write: looks like the fix, but the count can drop between the read and the write. */
        CHECK_THEN_SET
    }

    /** One pooled entry. */
    public static final class Entry {
        private final int index;
        private final WatchedAtomicInteger ref;
        private volatile boolean live;

        Entry(Watch watch, int index) {
            this.index = index;
            this.ref = watch.atomicInteger("entry[" + index + "].ref", 0);
        }

        /** @return the entry's place in the pool. */
        public int index() {
            return index;
        }

        /** @return the reference count, read without a scheduling point (for reports and abstraction). */
        public int refcount() {
            return ref.peek();
        }

        /** @return whether the entry is allocated (not yet freed by its last reference). */
        public boolean live() {
            return live;
        }

        @Override
        public String toString() {
            return "entry " + index + " (ref " + ref.peek() + (live ? ", live)" : ", free)");
        }
    }

    private final WatchedLock lock;
    private final List<Entry> pool = new ArrayList<>();
    private final Map<K, Entry> map = new HashMap<>();
    private final GetMode getMode;

    /**
     * @param capacity how many entries the pool has
     * @param getMode how references are taken ({@link GetMode#GET_UNLESS_ZERO} is the correct one)
     * @param watch where locks and counters report; {@link Watch#NONE} outside tests
     */
    public RefCache(int capacity, GetMode getMode, Watch watch) {
        this.getMode = Objects.requireNonNull(getMode, "getMode");
        this.lock = watch.lock("cache_lock");
        for (int i = 0; i < capacity; i++) {
            pool.add(new Entry(watch, i));
        }
    }

    /**
     * Context: takes and releases the cache lock.
     *
     * @return the entry mapped at {@code key}, without a reference (call {@link #tryGet}), or null
     */
    public Entry find(K key) {
        lock.lock();
        try {
            return map.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a reference to {@code entry} was taken; never on an entry whose count reached zero. */
    public boolean tryGet(Entry entry) {
        switch (getMode) {
            case GET_UNLESS_ZERO:
                while (true) {
                    int seen = entry.ref.get();
                    if (seen == 0) {
                        return false;
                    }
                    if (entry.ref.compareAndSet(seen, seen + 1)) {
                        return true;
                    }
                }
            case UNCHECKED:
                entry.ref.incrementAndGet();
                return true;
            case CHECK_THEN_SET:
                int seen = entry.ref.get();
                if (seen == 0) {
                    return false;
                }
                entry.ref.set(seen + 1);
                return true;
            default:
                throw new AssertionError(getMode);
        }
    }

    /** Drops a reference; the last one frees the entry for reuse. */
    public void put(Entry entry) {
        if (entry.ref.decrementAndGet() == 0) {
            entry.live = false;
        }
    }

    /** @return the entry at {@code key} with a reference, or null: {@link #find} then {@link #tryGet}. */
    public Entry lookup(K key) {
        Entry entry = find(key);
        return entry != null && tryGet(entry) ? entry : null;
    }

    /**
     * Context: takes and releases the cache lock.
     *
     * @return the entry that was mapped at {@code key}, still holding the cache's reference (drop it with
     *     {@link #put}), or null
     */
    public Entry unhash(K key) {
        lock.lock();
        try {
            return map.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Maps a fresh entry (the lowest free one of the pool) at {@code key} if nothing is mapped there.
     * Context: takes and releases the cache lock.
     *
     * @return the entry mapped at {@code key} by this call, or null (already mapped, or no free entry)
     */
    public Entry insert(K key) {
        lock.lock();
        try {
            if (map.containsKey(key)) {
                return null;
            }
            for (Entry entry : pool) {
                if (!entry.live && entry.ref.get() == 0) {
                    entry.ref.set(1);
                    entry.live = true;
                    map.put(key, entry);
                    return entry;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** @return the pool, by index. */
    public List<Entry> entries() {
        return List.copyOf(pool);
    }

    /**
     * @return the entry mapped at {@code key}, read without the lock or a scheduling point: for an
     *     abstraction function, called while no other thread runs
     */
    public Entry mappedWhileQuiescent(K key) {
        return map.get(key);
    }
}
