package dev.mmspec.engine.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The states seen by the checking search: 64-bit fingerprints and nothing else, 8 bytes per slot, in one {@code long[]}
 * with open addressing and linear probing. How a state was reached is not kept here: when there is a counterexample to
 * print, the {@link Explorer} finds it again with a {@link VisitedSet}, which stores parent links (TLC writes them to a
 * file instead; rebuilding them costs one more search up to the violation's depth, which for a violation is short).
 *
 * <p>The home slot is {@code (high 32 bits of the fingerprint × capacity) >>> 32} (Lemire's "fast range"), which works
 * for any capacity, so the table grows by half each time instead of doubling: after a growth it is at least half full,
 * before one at most {@link Explorer#MAX_LOAD} full, so a large search holds 10.7 to 16 bytes per stored state. The
 * same mapping keeps entries in fingerprint order, so growing reads the old table and writes the new one front to back,
 * and the workers can grow it together, each moving its own stretch ({@link #beginGrow}).
 *
 * <p>Workers insert concurrently with a CAS on the slot; growth runs with them stopped.
 */
final class FingerprintSet {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static final int SLOT_BYTES = 8;
    /** The largest {@code long[]} most JVMs allocate. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private long[] table;
    private int capacity;

    FingerprintSet(int capacity) {
        if (capacity < 16 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 16.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.table = new long[capacity];
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    long bytes() {
        return (long) capacity * SLOT_BYTES;
    }

    private static int home(long fingerprint, int capacity) {
        return (int) (((fingerprint >>> 32) * capacity) >>> 32);
    }

    /**
     * The slot after {@code i} of {@code n}, wrapping to 0, without a branch. A probe reaches the table's end about
     * once in millions of lookups; as an {@code if}, that branch is never taken while the JIT profiles the search's hot
     * loop, so the compiled loop (with the model's successor code inlined into it) traps the first time it is and is
     * compiled again (seen with {@code -XX:+LogCompilation}: {@code unstable_if} at this branch, then a second level-4
     * compile of {@code LevelWorker.checkBatch}).
     */
    static int next(int i, int n) {
        int j = i + 1;
        return j & ((j - n) >> 31);
    }

    /**
     * Reads the home slot of {@code fingerprint} with a plain load and returns it, so that a caller can bring the lines
     * of several lookups into the cache at once before inserting them one by one.
     */
    long touch(long fingerprint) {
        return table[home(fingerprint, capacity)];
    }

    /** @return true if this call stored {@code fingerprint} (never 0), false if it was already there. */
    boolean insert(long fingerprint) {
        long[] t = table;
        int n = capacity;
        int i = home(fingerprint, n);
        for (int probes = 0; probes < n; probes++) {
            long key = (long) LONGS.getAcquire(t, i);
            if (key == 0) {
                // 0 if this call stored it, else what another worker stored first. A lost race is rare: as a branch
                // of its own it is never taken while the JIT profiles the hot loop, and taking it once traps the
                // compiled loop (unstable_if, LevelWorker.checkBatch compiled again); here it goes the way of a slot
                // found full, which the profile knows.
                key = (long) LONGS.compareAndExchange(t, i, 0L, fingerprint);
            }
            if (key == 0) {
                return true;
            }
            if (key == fingerprint) {
                return false;
            }
            i = next(i, n);
        }
        throw new IllegalStateException("fingerprint set full: " + n + " slots (round sizing is wrong)");
    }

    /**
     * {@link #insert} for a table only one thread uses (a {@link Partition}'s): plain loads and stores, no
     * compare-and-swap.
     */
    boolean insertUnshared(long fingerprint) {
        long[] t = table;
        int n = capacity;
        int i = home(fingerprint, n);
        for (int probes = 0; probes < n; probes++) {
            long key = t[i];
            if (key == 0) {
                t[i] = fingerprint;
                return true;
            }
            if (key == fingerprint) {
                return false;
            }
            i = next(i, n);
        }
        throw new IllegalStateException("fingerprint set full: " + n + " slots (growth is wrong)");
    }

    /** @return whether {@code fingerprint} is stored. */
    boolean contains(long fingerprint) {
        int i = home(fingerprint, capacity);
        for (int probes = 0; probes < capacity; probes++) {
            long key = table[i];
            if (key == fingerprint) {
                return true;
            }
            if (key == 0) {
                return false;
            }
            i = next(i, capacity);
        }
        return false;
    }

    /** @return the capacity to grow to: half as large again, at most {@link #MAX_CAPACITY}. */
    int nextCapacity() {
        return (int) Math.min(MAX_CAPACITY, capacity + (long) capacity / 2);
    }

    /** Rehashes into {@code newCapacity} slots, on the calling thread. Workers must be stopped. */
    void grow(int newCapacity) {
        beginGrow(new long[newCapacity], 1);
        moveEntries(0);
        endGrow();
    }

    /** The table being grown into, between {@link #beginGrow} and {@link #endGrow}. */
    private long[] growing;
    /** Per part of a growth: the entries it could not place in its own stretch of the new table. */
    private long[][] spilled;

    private int[] spilledCount;

    /**
     * Starts a growth into {@code empty} (all zeros: a new array, which the caller may have allocated ahead of time)
     * that {@code parts} threads carry out together, each calling {@link #moveEntries} once with its own part, then one
     * thread {@link #endGrow}. Workers must be stopped.
     *
     * <p>Part {@code p} reads the {@code p}-th stretch of the old table and writes only into the {@code p}-th stretch
     * of the new one, with plain stores: because homes keep fingerprint order, nearly every entry of the one lands in
     * the other. The few that do not (their home, or the end of their probe run, lies in another part's stretch; or
     * they wrapped around the end) are set aside and placed by {@link #endGrow}, after the parts are done. Every entry
     * still ends in the first empty slot at or after its home when it was placed, and slots only ever fill, so lookups
     * find it.
     */
    void beginGrow(long[] empty, int parts) {
        if (empty.length <= capacity) {
            throw new IllegalArgumentException("cannot grow from " + capacity + " to " + empty.length + " slots");
        }
        growing = empty;
        spilled = new long[parts][16];
        spilledCount = new int[parts];
    }

    /** Moves part {@code part} of the entries into the new table (see {@link #beginGrow}). */
    void moveEntries(int part) {
        long[] old = table;
        long[] next = growing;
        int parts = spilled.length;
        int from = (int) ((long) old.length * part / parts);
        int to = (int) ((long) old.length * (part + 1) / parts);
        int low = (int) ((long) next.length * part / parts);
        int high = (int) ((long) next.length * (part + 1) / parts);
        for (int k = from; k < to; k++) {
            long key = old[k];
            if (key == 0) {
                continue;
            }
            int j = home(key, next.length);
            if (j >= low) {
                while (j < high && next[j] != 0) {
                    j++;
                }
                if (j < high) {
                    next[j] = key;
                    continue;
                }
            }
            spill(part, key);
        }
    }

    private void spill(int part, long key) {
        long[] list = spilled[part];
        if (spilledCount[part] == list.length) {
            list = spilled[part] = java.util.Arrays.copyOf(list, list.length * 2);
        }
        list[spilledCount[part]++] = key;
    }

    /** Places the entries the parts set aside and makes the new table current. */
    void endGrow() {
        long[] next = growing;
        int n = next.length;
        for (int part = 0; part < spilled.length; part++) {
            for (int i = 0; i < spilledCount[part]; i++) {
                long key = spilled[part][i];
                int j = home(key, n);
                while (next[j] != 0) {
                    if (++j == n) {
                        j = 0;
                    }
                }
                next[j] = key;
            }
        }
        table = next;
        capacity = n;
        growing = null;
        spilled = null;
        spilledCount = null;
    }
}
