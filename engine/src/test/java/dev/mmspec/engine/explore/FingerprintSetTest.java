package dev.mmspec.engine.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    @Test
    void everyFingerprintSurvivesGrowingByHalf() {
        FingerprintSet set = new FingerprintSet(16);
        SplittableRandom random = new SplittableRandom(7);
        long[] stored = new long[20_000];
        for (int n = 0; n < stored.length; n++) {
            if (n + 1 > set.capacity() * Explorer.MAX_LOAD) {
                int before = set.capacity();
                set.grow(set.nextCapacity());
                assertEquals(before + before / 2, set.capacity());
            }
            long fingerprint = random.nextLong() | 1;
            stored[n] = fingerprint;
            assertTrue(set.insert(fingerprint), "new fingerprint " + n);
            assertFalse(set.insert(fingerprint), "a second insert finds it");
        }
        for (long fingerprint : stored) {
            assertTrue(set.contains(fingerprint));
        }
        assertFalse(set.contains(42L << 1 | 1), "never inserted");
        assertEquals(8L * set.capacity(), set.bytes());
    }

    /**
     * Growth shared by several threads: each part writes only its own stretch and sets aside what does not fit there;
     * every entry is found afterwards, none twice, whatever the number of parts. Clustered fingerprints (runs of equal
     * homes) make entries spill across part boundaries.
     */
    @Test
    void growthSharedByThreadsKeepsEveryFingerprint() throws Exception {
        for (int parts : new int[] {2, 3, 7}) {
            FingerprintSet set = new FingerprintSet(1 << 12);
            SplittableRandom random = new SplittableRandom(parts);
            long[] stored = new long[3000];
            for (int n = 0; n < stored.length; n++) {
                // Few distinct high halves: long probe runs, some crossing the parts' boundaries.
                stored[n] = ((long) random.nextInt(64) << 58) | (random.nextLong() & 0x03FF_FFFF_FFFF_FFFFL) | 1;
                assertTrue(set.insert(stored[n]));
            }
            set.beginGrow(new long[set.nextCapacity()], parts);
            Thread[] threads = new Thread[parts];
            for (int p = 0; p < parts; p++) {
                int part = p;
                threads[p] = new Thread(() -> set.moveEntries(part));
                threads[p].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            set.endGrow();
            assertEquals(6144, set.capacity());
            for (long fingerprint : stored) {
                assertTrue(set.contains(fingerprint), parts + " parts: " + Long.toHexString(fingerprint));
                assertFalse(set.insert(fingerprint), parts + " parts: stored once");
            }
        }
    }

    @Test
    void entriesThatWrappedAroundTheEndAreKeptByGrowth() {
        // Every fingerprint homes to the last slot of 16, so all but one wrap to the front.
        FingerprintSet set = new FingerprintSet(16);
        long[] last = new long[10];
        for (int n = 0; n < last.length; n++) {
            last[n] = 0xFFFF_FFF0_0000_0000L | (n + 1);
            assertTrue(set.insert(last[n]));
        }
        set.grow(set.nextCapacity());
        for (long fingerprint : last) {
            assertTrue(set.contains(fingerprint));
            assertFalse(set.insert(fingerprint));
        }
    }

    @Test
    void everyLookupProbesPastTheEndToTheFront() {
        // Every fingerprint homes to the last slot of 16: the shared insert, the single-owner insert and the lookup
        // all have to wrap (FingerprintSet.next) to find a free slot or a stored entry.
        FingerprintSet shared = new FingerprintSet(16);
        FingerprintSet owned = new FingerprintSet(16);
        long[] last = new long[15];
        for (int n = 0; n < last.length; n++) {
            last[n] = 0xFFFF_FFF0_0000_0000L | (n + 1);
            assertTrue(shared.insert(last[n]));
            assertTrue(owned.insertUnshared(last[n]));
        }
        for (long fingerprint : last) {
            assertTrue(shared.contains(fingerprint));
            assertTrue(owned.contains(fingerprint));
            assertFalse(shared.insert(fingerprint));
            assertFalse(owned.insertUnshared(fingerprint));
        }
        assertFalse(shared.contains(0xFFFF_FFF0_0000_0000L | 99));
        assertEquals(0, FingerprintSet.next(15, 16));
        assertEquals(15, FingerprintSet.next(14, 16));
        assertEquals(0, FingerprintSet.next(FingerprintSet.MAX_CAPACITY - 1, FingerprintSet.MAX_CAPACITY));
    }
}
