package dev.mmspec.engine.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The sleep sets of one breadth-first level: for each fingerprint reached at that level, the AND of the sleep sets it
 * was reached with (bit {@code a}: action {@code a} need not be tried from that state). Two tables live at a time: the
 * level being expanded reads its own, the level being built fills the next.
 *
 * <p>Every arrival of a level ANDs its sleep set in, whichever worker gets there first, so the set a state is expanded
 * with is the intersection over all its arrivals at that level: the condition under which sleep sets stay sound when
 * states are matched (see {@link LevelWorker}). Values start as all ones, the neutral element of AND, and are only ever
 * ANDed, so the order of concurrent arrivals does not matter and a slot needs no lock: a CAS claims the key, an atomic
 * AND merges the value.
 *
 * <p>A fingerprint can be claimed here and then turn out to be a state of an earlier level (the visited set already had
 * it). Its entry is never read: earlier levels' states are not expanded again.
 *
 * <p>Open addressing with linear probing, 16 bytes per slot; grows (workers stopped) between rounds.
 */
final class SleepTable {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static final int SLOT_BYTES = 16;

    private long[] keys;
    private long[] sleep;
    private int capacity;
    /** Keys claimed: an upper bound the explorer keeps under the load factor. */
    private final java.util.concurrent.atomic.AtomicLong size = new java.util.concurrent.atomic.AtomicLong();

    SleepTable(int capacity) {
        allocate(Math.max(16, capacity));
    }

    private void allocate(int slots) {
        keys = new long[slots];
        sleep = new long[slots];
        Arrays.fill(sleep, -1L);
        capacity = slots;
    }

    int capacity() {
        return capacity;
    }

    long size() {
        return size.get();
    }

    long bytes() {
        return (long) capacity * SLOT_BYTES;
    }

    private static int home(long fingerprint, int capacity) {
        return (int) (((fingerprint >>> 32) * capacity) >>> 32);
    }

    /** A plain read of the home slot, to bring it into the cache ahead of {@link #arrive}. */
    long touch(long fingerprint) {
        return keys[home(fingerprint, capacity)];
    }

    /**
     * Records that the level reached {@code fingerprint} with sleep set {@code asleep}.
     *
     * @return true for the first arrival (the caller then asks the visited set whether the state is new), false if the
     *     level had already reached it (its sleep set is now the intersection)
     */
    boolean arrive(long fingerprint, long asleep) {
        long[] k = keys;
        int n = capacity;
        int i = home(fingerprint, n);
        for (int probes = 0; probes < n; probes++) {
            long key = (long) LONGS.getAcquire(k, i);
            boolean claimed = false;
            if (key == 0) {
                claimed = LONGS.compareAndSet(k, i, 0L, fingerprint);
                key = claimed ? fingerprint : (long) LONGS.getAcquire(k, i);
            }
            if (key == fingerprint) {
                if (asleep != -1L) {
                    LONGS.getAndBitwiseAnd(sleep, i, asleep);
                }
                if (claimed) {
                    size.incrementAndGet();
                }
                return claimed;
            }
            if (++i == n) {
                i = 0;
            }
        }
        throw new IllegalStateException("sleep table full: " + n + " slots (round sizing is wrong)");
    }

    /** @return the sleep set the level reached {@code fingerprint} with; read after the level is built. */
    long asleep(long fingerprint) {
        int i = home(fingerprint, capacity);
        for (int probes = 0; probes < capacity; probes++) {
            long key = keys[i];
            if (key == fingerprint) {
                return sleep[i];
            }
            if (key == 0) {
                throw new IllegalStateException("state missing from its level's sleep table");
            }
            if (++i == capacity) {
                i = 0;
            }
        }
        throw new IllegalStateException("state missing from its level's sleep table");
    }

    /** Rehashes into {@code newCapacity} slots. Workers must be stopped. */
    void grow(int newCapacity) {
        long[] oldKeys = keys;
        long[] oldSleep = sleep;
        allocate(newCapacity);
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key == 0) {
                continue;
            }
            int i = home(key, capacity);
            while (keys[i] != 0) {
                if (++i == capacity) {
                    i = 0;
                }
            }
            keys[i] = key;
            sleep[i] = oldSleep[j];
        }
    }
}
