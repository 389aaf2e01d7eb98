package dev.mmspec.engine.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The states seen so far: open addressing with linear probing over one primitive array, 16 bytes per slot and no object
 * per state.
 *
 * <p>Slot {@code i} is the pair {@code table[2i], table[2i + 1]}, so that a lookup touches one cache line, not one in a
 * key array and another in a meta array (the array's 16-byte header keeps pairs from straddling lines):
 *
 * <ul>
 *   <li>{@code table[2i]}: the state's 64-bit {@link Fingerprint} (0: empty);
 *   <li>{@code table[2i + 1]}: how the state was first reached, packed as {@link #meta}: the parent's slot (32 bits, -1
 *       for the initial state), the action (15 bits), the context switches along the path (15 bits, saturating) and a
 *       2-bit level marker.
 * </ul>
 *
 * <p>Several workers insert concurrently (CAS on the key, then CAS on the meta). When several parents of one level
 * reach the same new state, the meta keeps the best of them: fewer context switches, then the larger last action, then
 * the parent with the smaller fingerprint. That order is total and decided from the two metas alone (plus, rarely, the
 * parents' keys), so the result does not depend on which worker got there first and never walks a parent chain in the
 * hot loop. "Larger last action" is what makes the common case read naturally: two independent steps {@code a < b}
 * reach one state as {@code a, b} and {@code b, a}; keeping the path that ends in {@code b} keeps the lexicographically
 * smaller {@code a, b} (task 0 first), as walking both chains would.
 *
 * <p>The level marker says whether an entry is new in the level being built (and may still be improved): {@code 1 +
 * (depth & 1)} while its level is being built or expanded, {@link #SETTLED} once expanded. A meta is never 0 once
 * written, so 0 means "key claimed, meta not yet written".
 *
 * <p>{@link #grow} runs with the workers stopped (between rounds); it rehashes and rewrites every parent slot through
 * an old-slot to new-slot map kept in the old table's key words, so that growing needs no third array.
 */
final class VisitedSet {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static final int NO_PARENT = -1;
    static final int NO_ACTION = 0x7FFF;
    static final int MAX_SWITCHES = 0x7FFF;
    static final int SETTLED = 3;
    /** Bytes per slot: a fingerprint and a meta. */
    static final int SLOT_BYTES = 16;
    /** Two longs per slot in one Java array: 2^29 slots (8 GiB) at most. */
    static final int MAX_CAPACITY = 1 << 29;

    private long[] table;
    private int mask;

    VisitedSet(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity must be a power of two <= " + MAX_CAPACITY + ", was " + capacity);
        }
        table = new long[2 * capacity];
        mask = capacity - 1;
    }

    static long meta(int parent, int action, int switches, int marker) {
        return (parent & 0xFFFFFFFFL)
                | ((long) action << 32)
                | ((long) Math.min(switches, MAX_SWITCHES) << 47)
                | ((long) marker << 62);
    }

    static int parent(long meta) {
        return (int) meta;
    }

    static int action(long meta) {
        return (int) (meta >>> 32) & 0x7FFF;
    }

    static int switches(long meta) {
        return (int) (meta >>> 47) & 0x7FFF;
    }

    static int marker(long meta) {
        return (int) (meta >>> 62);
    }

    /** @return the marker of entries new at {@code depth}. */
    static int newMarker(int depth) {
        return 1 + (depth & 1);
    }

    int capacity() {
        return mask + 1;
    }

    long bytes() {
        return (long) capacity() * SLOT_BYTES;
    }

    long metaAt(int slot) {
        return (long) LONGS.getOpaque(table, 2 * slot + 1);
    }

    long keyAt(int slot) {
        return (long) LONGS.getOpaque(table, 2 * slot);
    }

    private int home(long fingerprint) {
        return ((int) (fingerprint >>> 32) ^ (int) fingerprint) & mask;
    }

    /**
     * Reads the home slot of {@code fingerprint} with a plain load and returns it, so that a caller can bring the lines
     * of several lookups into the cache at once before inserting them one by one.
     */
    long touch(long fingerprint) {
        return table[2 * home(fingerprint)];
    }

    /**
     * Inserts a state reached at the level whose marker is {@code marker}, or improves its meta if it is new in that
     * level and {@code candidate} is a better way to reach it.
     *
     * @return the slot if this call inserted the state, else -1
     */
    int insert(long fingerprint, long candidate, int marker) {
        long[] t = table;
        int m = mask;
        int i = home(fingerprint);
        for (int probes = 0; probes <= m; probes++) {
            long key = (long) LONGS.getAcquire(t, 2 * i);
            if (key == 0) {
                // 0 if this call stored it, else what another worker stored first: the lost race takes the path of
                // a slot found full (FingerprintSet#insert says why the branches are laid out so)
                key = (long) LONGS.compareAndExchange(t, 2 * i, 0L, fingerprint);
            }
            if (key == 0) {
                improve(t, i, candidate);
                return i;
            }
            if (key == fingerprint) {
                long meta = (long) LONGS.getAcquire(t, 2 * i + 1);
                if (meta == 0 || (marker(meta) == marker && better(candidate, meta))) {
                    improve(t, i, candidate);
                }
                return -1;
            }
            i = (i + 1) & m;
        }
        throw new IllegalStateException("visited set full: " + capacity() + " slots (round sizing is wrong)");
    }

    /** @return the slot of a stored state, or -1. */
    int find(long fingerprint) {
        long[] t = table;
        int i = home(fingerprint);
        for (int probes = 0; probes <= mask; probes++) {
            long key = (long) LONGS.getAcquire(t, 2 * i);
            if (key == fingerprint) {
                return i;
            }
            if (key == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * Marks the entry of {@code fingerprint} as expanded (it can no longer be improved) and returns its slot, or -1 if
     * it is not stored. Only its marker changes.
     */
    int settle(long fingerprint) {
        int slot = find(fingerprint);
        if (slot >= 0) {
            long meta = (long) LONGS.getOpaque(table, 2 * slot + 1);
            LONGS.setOpaque(table, 2 * slot + 1, meta | ((long) SETTLED << 62));
        }
        return slot;
    }

    private void improve(long[] t, int slot, long candidate) {
        long current = (long) LONGS.getAcquire(t, 2 * slot + 1);
        while (current == 0 || better(candidate, current)) {
            long witness = (long) LONGS.compareAndExchange(t, 2 * slot + 1, current, candidate);
            if (witness == current) {
                return;
            }
            current = witness;
        }
    }

    /**
     * Fewer context switches first, then the larger last action, then the parent with the smaller fingerprint
     * (unsigned); both candidates are one level deep, their parents one level up and already settled, so the parents'
     * keys do not move while this runs.
     */
    private boolean better(long candidate, long current) {
        int a = switches(candidate);
        int b = switches(current);
        if (a != b) {
            return a < b;
        }
        int x = action(candidate);
        int y = action(current);
        if (x != y) {
            return x > y;
        }
        int p = parent(candidate);
        int q = parent(current);
        return p != q && Long.compareUnsigned(keyAt(p), keyAt(q)) < 0;
    }

    /** @return the actions from the initial state to the entry at {@code slot}. */
    int[] path(int slot) {
        int length = 0;
        for (int s = slot; parent(metaAt(s)) != NO_PARENT; s = parent(metaAt(s))) {
            length++;
        }
        int[] actions = new int[length];
        for (int s = slot; length > 0; s = parent(metaAt(s))) {
            actions[--length] = action(metaAt(s));
        }
        return actions;
    }

    /** Doubles the table. Workers must be stopped. */
    void grow() {
        long[] old = table;
        int oldCapacity = capacity();
        long[] next = new long[old.length * 2];
        int newMask = 2 * oldCapacity - 1;
        mask = newMask;
        for (int i = 0; i < oldCapacity; i++) {
            long key = old[2 * i];
            if (key == 0) {
                continue;
            }
            int j = home(key);
            while (next[2 * j] != 0) {
                j = (j + 1) & newMask;
            }
            next[2 * j] = key;
            next[2 * j + 1] = old[2 * i + 1];
            old[2 * i] = j;
        }
        for (int j = 0; j <= newMask; j++) {
            if (next[2 * j] != 0) {
                long meta = next[2 * j + 1];
                int parent = parent(meta);
                if (parent != NO_PARENT) {
                    next[2 * j + 1] = (meta & ~0xFFFFFFFFL) | (old[2 * parent] & 0xFFFFFFFFL);
                }
            }
        }
        table = next;
    }
}
