package dev.mmspec.engine.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.toy.CombinationModel;
import dev.mmspec.engine.toy.CombinationSut;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fix detection replays the explorer's shortest counterexample before the random search, and calls a fix the model
 * shows broken and the implementation never breaks a conformance gap.
 */
class FixDetectionTest {
    private static final long SEED = 7;

    @TempDir
    Path traces;

    private PropertyConfig budget() {
        return PropertyConfig.defaults(SEED)
                .withTries(300)
                .withMaxSteps(60)
                .withMaxOperations(20)
                .withTraceDirectory(traces);
    }

    @Test
    void randomSearchAloneCannotOpenTheCombinationInItsBudget() {
        CombinationModel model = new CombinationModel(false);
        var result = new PropertyEngine(budget()).check(model, () -> new CombinationSut(model, false, false));
        assertTrue(result.passed(), "the premise of the next test: random search misses this bug");
    }

    @Test
    void theExplorersCounterexampleFindsWhatRandomSearchMisses() {
        CombinationModel model = new CombinationModel(false);
        // Without the replay this is "the property passed 300 runs: the tests cannot see this fix missing".
        SpecChecks.fixDetected(model, () -> new CombinationSut(model, false, false), "stays_shut", budget());
        SpecChecks.fixDetected(model, null, "stays_shut", budget());
    }

    @Test
    void aBindingThatHidesTheBugIsReportedAsAConformanceGapWithBothTraces() {
        CombinationModel model = new CombinationModel(false);
        AssertionError gap = assertThrows(
                AssertionError.class,
                () -> SpecChecks.fixDetected(
                        model, () -> new CombinationSut(model, false, true), "stays_shut", budget()));
        String report = gap.getMessage();
        assertTrue(report.contains("combination without-last_digit_check: conformance gap"), report);
        assertTrue(report.contains("parted from the model at step 8 of 8 (press1())"), report);
        assertTrue(report.contains("abstract state differs: pos is 7 in the implementation, 8 in the model"), report);
        assertTrue(report.contains("the model's counterexample:\n"), report);
        assertTrue(report.contains("press1().press  pos=8\n"), "the model's last row: " + report);
        assertTrue(report.contains("what the implementation did, up to the step where they parted"), report);
        assertTrue(report.contains("conformance: state pos"), "the implementation's verdict line: " + report);
        assertFalse(report.contains("cannot see this fix missing"), report);
    }
}
