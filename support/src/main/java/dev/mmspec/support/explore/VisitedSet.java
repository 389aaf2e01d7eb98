package dev.mmspec.support.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The states seen so far: open addressing with linear probing over two primitive arrays, 16 bytes
 * per slot and no object per state.
 *
 * <ul>
 *   <li>{@code keys[i]}: the state's 64-bit {@link Fingerprint} (0: empty);
 *   <li>{@code metas[i]}: how the state was first reached, packed as {@link #meta}: the parent's slot
 *       (32 bits, -1 for the initial state), the action (15 bits), the context switches along the
 *       path (15 bits, saturating) and a 2-bit level marker.
 * </ul>
 *
 * <p>Several workers insert concurrently (CAS on the key, then CAS on the meta). When several parents
 * of one level reach the same new state, the meta keeps the best of them, by fewer context switches
 * and then by the lexicographically smaller action sequence; that order is total, so the result does
 * not depend on which worker got there first. Comparing two action sequences walks both parent chains
 * back to their common ancestor, which for the diamonds that interleavings produce is a few steps.
 *
 * <p>The level marker says whether an entry is new in the level being built (and may still be
 * improved): {@code 1 + (depth & 1)} while its level is being built or expanded, {@link #SETTLED}
 * once expanded. A meta is never 0 once written, so 0 means "key claimed, meta not yet written".
 *
 * <p>{@link #grow} runs with the workers stopped (between rounds); it rehashes and rewrites every
 * parent slot, reusing the old key array as the old-slot to new-slot map so that growing needs no
 * third array.
 */
final class VisitedSet {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static final int NO_PARENT = -1;
    static final int NO_ACTION = 0x7FFF;
    static final int MAX_SWITCHES = 0x7FFF;
    static final int SETTLED = 3;
    /** Bytes per slot: a fingerprint and a meta. */
    static final int SLOT_BYTES = 16;
    /** Slots are Java array indices and parent links are ints: 2^30 slots (16 GiB) at most. */
    static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private long[] metas;
    private int mask;

    VisitedSet(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        keys = new long[capacity];
        metas = new long[capacity];
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
        return keys.length;
    }

    long bytes() {
        return (long) keys.length * SLOT_BYTES;
    }

    long metaAt(int slot) {
        return (long) LONGS.getOpaque(metas, slot);
    }

    private int home(long fingerprint) {
        return ((int) (fingerprint >>> 32) ^ (int) fingerprint) & mask;
    }

    /**
     * Inserts a state reached at the level whose marker is {@code marker}, or improves its meta if it
     * is new in that level and {@code candidate} is a better way to reach it.
     *
     * @return the slot if this call inserted the state, else -1
     */
    int insert(long fingerprint, long candidate, int marker) {
        long[] k = keys;
        int i = home(fingerprint);
        for (int probes = 0; probes <= mask; probes++) {
            long key = (long) LONGS.getAcquire(k, i);
            if (key == 0) {
                if (LONGS.compareAndSet(k, i, 0L, fingerprint)) {
                    improve(i, candidate);
                    return i;
                }
                key = (long) LONGS.getAcquire(k, i);
            }
            if (key == fingerprint) {
                long meta = (long) LONGS.getAcquire(metas, i);
                if (meta == 0 || marker(meta) == marker) {
                    improve(i, candidate);
                }
                return -1;
            }
            i = (i + 1) & mask;
        }
        throw new IllegalStateException("visited set full: " + keys.length + " slots (round sizing is wrong)");
    }

    /** @return the slot of a stored state, or -1. */
    int find(long fingerprint) {
        int i = home(fingerprint);
        for (int probes = 0; probes <= mask; probes++) {
            long key = (long) LONGS.getAcquire(keys, i);
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

    /** Marks an entry as expanded: it can no longer be improved. Only its marker changes. */
    void settle(int slot) {
        long meta = (long) LONGS.getOpaque(metas, slot);
        LONGS.setOpaque(metas, slot, meta | ((long) SETTLED << 62));
    }

    private void improve(int slot, long candidate) {
        long current = (long) LONGS.getAcquire(metas, slot);
        while (current == 0 || better(candidate, current)) {
            long witness = (long) LONGS.compareAndExchange(metas, slot, current, candidate);
            if (witness == current) {
                return;
            }
            current = witness;
        }
    }

    /** Fewer context switches first, then the smaller action sequence; both candidates are one level deep. */
    private boolean better(long candidate, long current) {
        int a = switches(candidate);
        int b = switches(current);
        if (a != b) {
            return a < b;
        }
        int p = parent(candidate);
        int q = parent(current);
        if (p == q) {
            return action(candidate) < action(current);
        }
        return comparePaths(p, q) < 0;
    }

    /**
     * Compares the action sequences leading to two distinct entries of one level: the first action
     * after their last common ancestor decides.
     */
    int comparePaths(int p, int q) {
        int actionP = 0;
        int actionQ = 0;
        while (p != q) {
            long mp = metaAt(p);
            long mq = metaAt(q);
            actionP = action(mp);
            actionQ = action(mq);
            p = parent(mp);
            q = parent(mq);
        }
        return Integer.compare(actionP, actionQ);
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
        long[] oldKeys = keys;
        long[] oldMetas = metas;
        long[] newKeys = new long[oldKeys.length * 2];
        long[] newMetas = new long[oldKeys.length * 2];
        int newMask = newKeys.length - 1;
        mask = newMask;
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key == 0) {
                continue;
            }
            int j = home(key);
            while (newKeys[j] != 0) {
                j = (j + 1) & newMask;
            }
            newKeys[j] = key;
            newMetas[j] = oldMetas[i];
            oldKeys[i] = j;
        }
        for (int j = 0; j < newKeys.length; j++) {
            if (newKeys[j] != 0) {
                long meta = newMetas[j];
                int parent = parent(meta);
                if (parent != NO_PARENT) {
                    newMetas[j] = (meta & ~0xFFFFFFFFL) | (oldKeys[parent] & 0xFFFFFFFFL);
                }
            }
        }
        keys = newKeys;
        metas = newMetas;
    }
}
