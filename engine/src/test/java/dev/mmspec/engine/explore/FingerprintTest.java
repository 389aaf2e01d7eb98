package dev.mmspec.engine.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Fingerprint#partition} is a contract between engines: its shortcut must not change it. */
class FingerprintTest {
    @Test
    void powersOfTwoArePartitionedAsByTheRemainder() {
        SplittableRandom random = new SplittableRandom(14);
        for (int parts = 1; parts <= 1024; parts++) {
            for (int i = 0; i < 200; i++) {
                long fingerprint = random.nextLong();
                assertEquals(
                        (int) Long.remainderUnsigned(fingerprint >>> 1, parts),
                        Fingerprint.partition(fingerprint, parts),
                        fingerprint + " in " + parts + " parts");
            }
        }
    }
}
