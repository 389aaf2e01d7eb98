package dev.mmspec.engine.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentFingerprintsTest {

    @Test
    void aFingerprintIsARepeatUntilAnotherOfItsSlotTakesItsPlace() {
        RecentFingerprints recent = new RecentFingerprints();
        long a = 0x1234_5678_9ABC_DEF1L;
        // The same slot (bits 24..37), another fingerprint.
        long b = a ^ (1L << 40) ^ 1;
        long elsewhere = a ^ (1L << 24);
        assertFalse(recent.repeat(a), "first time: look it up");
        assertTrue(recent.repeat(a), "again: a repeat");
        assertFalse(recent.repeat(elsewhere), "another slot");
        assertTrue(recent.repeat(a), "still there");
        assertFalse(recent.repeat(b), "same slot, not the same fingerprint");
        assertFalse(recent.repeat(a), "evicted by b");
        assertTrue(recent.repeat(a));
        assertTrue(recent.repeat(elsewhere));
    }
}
