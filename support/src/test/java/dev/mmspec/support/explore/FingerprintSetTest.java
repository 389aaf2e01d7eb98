package dev.mmspec.support.explore;

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
}
