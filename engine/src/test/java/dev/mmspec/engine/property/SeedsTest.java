package dev.mmspec.engine.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every seed a report prints is read back to itself; a mistyped seed is an error, never the default. */
class SeedsTest {
    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000000000000001L, -120316401510081L})
    void everyPrintedSeedRoundTrips(long seed) {
        assertEquals(seed, Seeds.parse(Seeds.format(seed)));
        assertEquals(seed, Seeds.parse(Long.toString(seed)));
        assertEquals(seed, Seeds.parse(seed + "L"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "0x1g", "12a", "0x11111111111111111", "99999999999999999999", "seed"})
    void aMalformedSeedIsAnErrorThatQuotesIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Seeds.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not a seed"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x8000000000000001"})
    void thePropertyTakesTheTopBitThatLongGetLongDropped(String value) {
        assertEquals(42L, Long.getLong("mmspec.test.seed.absent", 42L));
        System.setProperty("mmspec.test.seed", value);
        try {
            assertEquals(42L, Long.getLong("mmspec.test.seed", 42L), "the old reading: silently the default");
            assertEquals(0x8000000000000001L, Seeds.fromProperty("mmspec.test.seed", 42L));
            System.setProperty("mmspec.test.seed", "0xZZ");
            assertThrows(IllegalArgumentException.class, () -> Seeds.fromProperty("mmspec.test.seed", 42L));
        } finally {
            System.clearProperty("mmspec.test.seed");
        }
    }
}
