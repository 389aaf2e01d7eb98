package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.contract.model.Packed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Packed#anyFieldEquals}, which generated models use to ask whether a task holds any instance of a lock, agrees
 * with comparing the fields one by one: for every field width a lock owner can have, with and without gaps between the
 * fields and with other bits set around them.
 */
class AnyFieldEqualsTest {
    @Test
    void agreesWithAFieldByFieldComparison() {
        SplittableRandom random = new SplittableRandom(5);
        for (int bits = 1; bits <= 6; bits++) {
            for (int stride = bits; stride <= bits + 3; stride++) {
                for (int base = 0; base <= 3; base++) {
                    int fields = Math.min(8, (64 - base) / stride);
                    long low = 0;
                    long high = 0;
                    long mask = 0;
                    for (int i = 0; i < fields; i++) {
                        int shift = base + i * stride;
                        low |= 1L << shift;
                        high |= 1L << (shift + bits - 1);
                        mask |= ((1L << bits) - 1) << shift;
                    }
                    for (int n = 0; n < 2000; n++) {
                        // Every other word sparse: mostly small values, as lock owners are.
                        long word = n % 2 == 0
                                ? random.nextLong() & random.nextLong() & random.nextLong()
                                : random.nextLong();
                        for (int value = 0; value < (1 << bits); value++) {
                            boolean expected = false;
                            for (int i = 0; i < fields; i++) {
                                expected |= ((word >>> (base + i * stride)) & ((1L << bits) - 1)) == value;
                            }
                            assertEquals(
                                    expected,
                                    Packed.anyFieldEquals(word, low, high, mask, value),
                                    () -> "word " + Long.toHexString(word));
                        }
                    }
                }
            }
        }
    }
}
