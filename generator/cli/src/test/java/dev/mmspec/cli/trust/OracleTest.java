package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle can fail: each kind of disagreement it exists to catch is reported. */
class OracleTest {
    private static final Verdict REFERENCE = new Verdict("mmspec workers=1", true, 81, 243, -1);

    @Test
    void aDifferentStateCountIsADisagreement() {
        List<String> found = Oracle.disagreements(
                "batch", REFERENCE, List.of(REFERENCE, new Verdict("TLC", true, 80, 243, -1)), false);
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void aDifferentTransitionCountIsADisagreement() {
        List<String> found =
                Oracle.disagreements("batch", REFERENCE, List.of(new Verdict("TLC", true, 81, 244, -1)), false);
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void aDifferentVerdictOrTraceLengthIsADisagreement() {
        Verdict violated = new Verdict("mmspec workers=1", false, -1, -1, 8);
        assertEquals(
                1,
                Oracle.disagreements("b", violated, List.of(new Verdict("SPIN", false, -1, -1, 9)), false)
                        .size());
        assertEquals(
                1,
                Oracle.disagreements("b", violated, List.of(new Verdict("TLC", true, 81, 243, -1)), false)
                        .size());
    }

    @Test
    void reductionsAndSymmetryChangeOnlyWhatTheyCount() {
        List<Verdict> all = List.of(
                new Verdict("mmspec workers=1 partial-order", true, 60, 108, -1),
                new Verdict("mmspec workers=2 sleep-sets", true, 81, 150, -1));
        assertEquals(List.of(), Oracle.disagreements("batch", REFERENCE, all, false));
        assertEquals(
                List.of(),
                Oracle.disagreements("batch", REFERENCE, List.of(new Verdict("TLC", true, 200, 600, -1)), true));
    }
}
