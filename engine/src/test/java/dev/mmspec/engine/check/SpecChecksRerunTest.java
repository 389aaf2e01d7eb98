package dev.mmspec.engine.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.toy.CounterSut;
import dev.mmspec.engine.toy.LostUpdateModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a generated test can fail ends with the commands that rerun it from the command line and from Maven, with
 * the spec, the fixes off and, for random runs, the seed (issue 15 §5): a failure report is where a developer looks
 * first, and "which seed was that?" should never be the question.
 */
class SpecChecksRerunTest {
    private static final String EXPLORE = "rerun: bin/mmspec explore --off counter_lock spec/lost_update.mmspec\n";

    @TempDir
    Path traces;

    @BeforeEach
    void traceDirectory() {
        System.setProperty("mmspec.traceDir", traces.toString());
        System.setProperty("mmspec.tries", "50");
    }

    @AfterEach
    void clear() {
        System.clearProperty("mmspec.traceDir");
        System.clearProperty("mmspec.tries");
    }

    private static String failure(Runnable check) {
        return assertThrows(AssertionError.class, check::run).getMessage();
    }

    @Test
    void aViolatedExplorationNamesTheSpecTheFixesTheTraceTheViewerAndTheTest() {
        String message = failure(() -> SpecChecks.explorationHolds(new LostUpdateModel(false, 2)));
        assertTrue(message.contains(EXPLORE), message);
        assertTrue(
                message.contains("rerun: bin/mmspec replay "
                        + slashes(traces.resolve("lost_update-explore-without-counter_lock.trace"))),
                message);
        assertTrue(
                message.contains("viewer: " + slashes(traces.resolve("lost_update-explore-without-counter_lock.html"))),
                message);
        assertTrue(
                message.contains("rerun: mvn -B test -Dtest=LostUpdateExplorationTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false\n"),
                message);
    }

    @Test
    void anExplorationThatMissesTheExpectedViolationSaysHowToRerunIt() {
        String message = failure(() -> SpecChecks.explorationViolates(new LostUpdateModel(true, 2), "no_lost_update"));
        assertTrue(message.contains("rerun: bin/mmspec explore --all-fixes-only spec/lost_update.mmspec\n"), message);
        assertTrue(message.contains("-Dtest=LostUpdateExplorationTest"), message);
    }

    @Test
    void aPropertyFailureRerunsWithItsSeedAndTest() {
        String message = failure(() -> SpecChecks.modelPropertyHolds(new LostUpdateModel(false, 2), 0x2a));
        assertTrue(message.contains(EXPLORE), message);
        assertTrue(message.contains("rerun: bin/mmspec replay "), message);
        assertTrue(
                message.contains(
                        "rerun: mvn -B test -Dtest=LostUpdatePropertyTest -Dsurefire.failIfNoSpecifiedTests=false "
                                + "-Dmmspec.seed=0x2a\n"),
                message);
    }

    @Test
    void aLockstepMismatchRerunsWithItsSeed() {
        LostUpdateModel model = new LostUpdateModel(true, 2);
        String message = failure(() ->
                SpecChecks.conformance(model, () -> new CounterSut(model.info(), true, CounterSut.Bug.WRONG_VALUE), 5));
        assertTrue(
                message.contains(
                        "rerun: mvn -B test -Dtest=LostUpdatePropertyTest -Dsurefire.failIfNoSpecifiedTests=false "
                                + "-Dmmspec.seed=0x5\n"),
                message);
    }

    @Test
    void aFixThePropertyCannotSeeRerunsTheFixDetectionTestWithItsSeed() {
        // The "fix off" model here is the fixed one: the property passes, and that is the failure.
        String message = failure(() -> SpecChecks.fixDetected(new LostUpdateModel(true, 2), null, "no_lost_update", 9));
        assertTrue(message.contains("the tests cannot see this fix missing"), message);
        assertTrue(
                message.contains(
                        "rerun: mvn -B test -Dtest=LostUpdateFixDetectionTest -Dsurefire.failIfNoSpecifiedTests=false "
                                + "-Dmmspec.seed=0x9\n"),
                message);
    }

    @Test
    void aFixDetectedOnTheWrongInvariantRerunsTheFixDetectionTest() {
        String message =
                failure(() -> SpecChecks.fixDetected(new LostUpdateModel(false, 2), null, "some_other_invariant", 9));
        assertTrue(message.contains(EXPLORE), message);
        assertTrue(
                message.contains("-Dtest=LostUpdateFixDetectionTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dmmspec.seed=0x9\n"),
                message);
    }

    @Test
    void aPropertyFailureNamesTheViewerWrittenBesideItsTrace() {
        String message = failure(() -> SpecChecks.modelPropertyHolds(new LostUpdateModel(false, 2), 0x2a));
        assertTrue(message.contains("viewer: " + slashes(traces)) && message.contains(".html\n"), message);
    }

    @Test
    void fixesOffTogetherAreNamedSinceExploreRunsEachFixOffAlone() {
        String lines = dev.mmspec.engine.trace.Reproduction.lines(
                new LostUpdateModel(false, 2).info(),
                java.util.List.of("a", "b"),
                java.util.OptionalLong.empty(),
                "ScenarioTest",
                null);
        assertTrue(
                lines.startsWith("rerun: bin/mmspec explore spec/lost_update.mmspec   (fixes off together: a,b)\n"),
                lines);
        assertTrue(
                lines.endsWith(
                        "rerun: mvn -B test -Dtest=LostUpdateScenarioTest -Dsurefire.failIfNoSpecifiedTests=false\n"),
                lines);
    }

    private static String slashes(Path file) {
        return file.toString().replace('\\', '/');
    }
}
