package dev.mmspec.engine.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.toy.AbbaSut;
import dev.mmspec.engine.toy.BumpModel;
import dev.mmspec.engine.toy.CounterSut;
import dev.mmspec.engine.toy.CounterSut.Bug;
import dev.mmspec.engine.toy.LockOrderModel;
import dev.mmspec.engine.toy.LostUpdateModel;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertyEngineTest {
    @TempDir
    Path traces;

    private PropertyConfig config(long seed) {
        return PropertyConfig.defaults(seed)
                .withTries(300)
                .withMaxSteps(40)
                .withTraceDirectory(traces)
                .withSources("new LostUpdateModel(false, 3)", "() -> new CounterSut(...)");
    }

    private static PropertyFailure failure(PropertyResult result) {
        assertTrue(result.failure().isPresent(), "the property was expected to fail");
        return result.failure().get();
    }

    private static int switches(Model model, Trace trace) {
        return ModelText.contextSwitches(model.info(), trace.actions());
    }

    @Test
    void findsTheLostUpdateAndShrinksItToTheFourStepRace() throws Exception {
        Model model = new LostUpdateModel(false, 3);
        PropertyFailure f = failure(new PropertyEngine(config(1)).check(model));

        assertEquals(new Violation(ViolationKind.INVARIANT, "no_lost_update"), f.violation());
        // The two minimal races: both loads, then the stores, with two context switches.
        int[] shrunk = f.shrunk().actions();
        assertTrue(
                List.of("[0, 2, 3, 1]", "[2, 0, 1, 3]").contains(java.util.Arrays.toString(shrunk)),
                java.util.Arrays.toString(shrunk) + " shrunk from "
                        + java.util.Arrays.toString(f.original().actions()));
        assertEquals(2, switches(model, f.shrunk()));
        assertTrue(f.original().steps().size() >= 4);
        Replay.expectFailure(model, f.traceFile());
    }

    @Test
    void lockedCounterPassesEveryTryAndCoversEveryStep() {
        Model model = new LostUpdateModel(true, 3);
        PropertyResult result = new PropertyEngine(config(1)).check(model);
        assertTrue(result.passed());
        assertEquals(300, result.tries());
        assertEquals(List.of(), result.coverage().uncovered(model.info()));
        assertTrue(result.coverage().count(LostUpdateModel.STORE) > 100);
    }

    @Test
    void pctSchedulingFindsTheLostUpdateToo() {
        Model model = new LostUpdateModel(false, 3);
        PropertyResult result = new PropertyEngine(config(7).withSchedule(new Schedule.Pct(3))).check(model);
        assertEquals(4, failure(result).shrunk().steps().size());
    }

    @Test
    void theSameSeedGivesTheSameRunsFailuresAndShrunkTraces() throws Exception {
        Model model = new LostUpdateModel(false, 3);
        PropertyFailure a = failure(new PropertyEngine(config(99)).check(model));
        String fileA = Files.readString(a.traceFile());
        PropertyFailure b = failure(new PropertyEngine(config(99)).check(model));
        assertEquals(a.tryIndex(), b.tryIndex());
        assertEquals(a.original(), b.original());
        assertEquals(a.shrunk(), b.shrunk());
        assertEquals(fileA, Files.readString(b.traceFile()));

        PropertyEngine engine = new PropertyEngine(config(99));
        assertEquals(a.original(), engine.runOnce(model, null, a.trySeed()).trace());
        assertEquals(
                engine.runOnce(model, null, 12345).trace(),
                engine.runOnce(model, null, 12345).trace());
    }

    @Test
    void aCampaignSplitIntoTryRangesFindsTheSameFailure() {
        Model model = new LostUpdateModel(false, 3);
        PropertyFailure whole = failure(new PropertyEngine(config(11)).check(model));
        int at = whole.tryIndex();
        if (at > 0) {
            assertTrue(new PropertyEngine(config(11).withTryRange(0, at))
                    .check(model)
                    .passed());
        }
        PropertyFailure share = failure(new PropertyEngine(config(11).withTryRange(at, 5)).check(model));
        assertEquals(at, share.tryIndex());
        assertEquals(whole.shrunk(), share.shrunk());
    }

    @Test
    void failureReportCarriesSeedTraceFileDiagramAndRegressionTest() throws Exception {
        Model model = new LostUpdateModel(false, 3);
        PropertyFailure f = failure(new PropertyEngine(config(3)).check(model));
        String report = f.report();
        assertTrue(report.contains("seed 0x3, try " + f.tryIndex()), report);
        assertTrue(report.contains("trace file: " + f.traceFile()), report);
        assertTrue(Files.exists(f.traceFile()));
        assertTrue(
                f.diagram().contains("violated: no_lost_update  spec/lost_update.mmspec:42  fixes off: counter_lock"),
                f.diagram());
        assertTrue(f.diagram().contains("replay: bin/mmspec replay " + f.traceFile()), f.diagram());
        assertTrue(f.regressionTest().contains("@org.junit.jupiter.api.Test"), f.regressionTest());
        assertTrue(
                report.contains("rerun: bin/mmspec explore --off counter_lock spec/lost_update.mmspec\n"
                        + "rerun: bin/mmspec replay "
                        + f.traceFile().toString().replace('\\', '/') + "\n"
                        + "rerun: mvn -B test -Dtest=LostUpdatePropertyTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dmmspec.seed=0x3\n"),
                report);
        assertTrue(
                f.regressionTest()
                        .contains("dev.mmspec.engine.property.Replay.assertNoFailureOf(\n"
                                + "                new LostUpdateModel(false, 3),\n                null,\n    "
                                + "            \"\"\"\n"),
                f.regressionTest());
        assertFalse(
                f.regressionTest().contains("target"),
                "the pasted test needs no file under target/: " + f.regressionTest());
        // The regression test fails while the bug is there and passes once the lock is back.
        assertThrows(AssertionError.class, () -> Replay.assertNoFailure(model, f.traceFile()));
        Replay.assertNoFailure(new LostUpdateModel(true, 3), f.traceFile());
        String inline = inlineTrace(f.regressionTest());
        assertThrows(AssertionError.class, () -> Replay.assertNoFailureOf(model, null, inline));
        Replay.assertNoFailureOf(new LostUpdateModel(true, 3), null, inline);
    }

    @Test
    void withoutSourcesThePrintedTestBuildsTheGeneratedClassesByName() throws Exception {
        Model model = new LostUpdateModel(false, 3);
        PropertyConfig plain = config(3).withSources("", "");
        PropertyFailure f = failure(new PropertyEngine(plain).check(model));
        assertTrue(
                f.regressionTest()
                        .contains("                new " + LostUpdateModel.class.getCanonicalName() + "("
                                + model.fixesOff() + "L),\n                null,\n"),
                f.regressionTest());
    }

    /** @return the text block of a printed regression test, as javac reads it */
    private static String inlineTrace(String test) {
        String body = test.substring(test.indexOf("\"\"\"\n") + 4, test.lastIndexOf("                \"\"\""));
        return body.lines()
                .map(l -> l.substring(16).replace("\\\\", "\\"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    @Test
    void lockstepWithAConformingImplementationPasses() {
        LostUpdateModel model = new LostUpdateModel(true, 3);
        PropertyResult result =
                new PropertyEngine(config(5)).check(model, () -> new CounterSut(model.info(), true, Bug.NONE));
        assertTrue(result.passed(), () -> result.failure().get().report());
    }

    @Test
    void lockstepFindsTheLostUpdateInTheImplementationWhenTheFixIsOff() throws Exception {
        LostUpdateModel model = new LostUpdateModel(false, 3, false);
        PropertyFailure f = failure(
                new PropertyEngine(config(5)).check(model, () -> new CounterSut(model.info(), false, Bug.NONE)));
        assertEquals(new Violation(ViolationKind.INVARIANT, "no_lost_update"), f.violation());
        assertEquals(4, f.shrunk().steps().size());
        Replay.expectFailure(model, () -> new CounterSut(model.info(), false, Bug.NONE), f.traceFile());
        assertTrue(
                f.regressionTest().contains("                () -> new CounterSut(...),\n                \"\"\"\n"),
                f.regressionTest());
    }

    @Test
    void aWriteOfTheCounterWithoutItsLockIsAGuardFailure() {
        // The spec guards counter by counter_lock; without the fix nobody takes it.
        LostUpdateModel unfixed = new LostUpdateModel(false, 3);
        PropertyFailure f = failure(
                new PropertyEngine(config(5)).check(unfixed, () -> new CounterSut(unfixed.info(), false, Bug.NONE)));
        assertEquals(new Violation(ViolationKind.GUARD, "counter without counter_lock"), f.violation());
        assertEquals(2, f.shrunk().steps().size());

        // With the fix in the model, an implementation that forgets the lock is caught the same way.
        LostUpdateModel fixed = new LostUpdateModel(true, 3);
        PropertyFailure g = failure(
                new PropertyEngine(config(5)).check(fixed, () -> new CounterSut(fixed.info(), true, Bug.NO_LOCK)));
        assertEquals(new Violation(ViolationKind.CONFORMANCE, "lock counter_lock"), g.violation());
        assertEquals(1, g.shrunk().steps().size(), "the load, where the model takes the lock");
    }

    @Test
    void aLockTheModelTakesInAStepThatTheImplementationDoesNotHoldThereIsAConformanceFailure() {
        // The guard holds (the store is under the lock); the load is not, where the model takes the lock.
        LostUpdateModel fixed = new LostUpdateModel(true, 3);
        PropertyFailure f = failure(new PropertyEngine(config(5))
                .check(fixed, () -> new CounterSut(fixed.info(), true, Bug.LOCK_IN_STORE)));
        assertEquals(new Violation(ViolationKind.CONFORMANCE, "lock counter_lock"), f.violation());
        assertEquals(1, f.shrunk().steps().size());
        assertTrue(
                f.failure()
                        .message()
                        .matches(".* ran incr.load without holding counter_lock; the model takes it in that step "
                                + "\\(spec line [0-9]+\\)"),
                f.failure().message());
    }

    @Test
    void aDifferentValueIsAConformanceFailureOnThatSlot() {
        LostUpdateModel model = new LostUpdateModel(true, 3);
        PropertyFailure f = failure(
                new PropertyEngine(config(5)).check(model, () -> new CounterSut(model.info(), true, Bug.WRONG_VALUE)));
        assertEquals(new Violation(ViolationKind.CONFORMANCE, "state counter"), f.violation());
        assertEquals(2, f.shrunk().steps().size());
        assertTrue(
                f.failure().message().contains("counter is 2 in the implementation, 1 in the model"),
                f.failure().message());
    }

    @Test
    void aDifferentStepLabelIsAConformanceFailure() {
        LostUpdateModel model = new LostUpdateModel(true, 3);
        PropertyFailure f = failure(
                new PropertyEngine(config(5)).check(model, () -> new CounterSut(model.info(), true, Bug.WRONG_LABEL)));
        assertEquals(new Violation(ViolationKind.CONFORMANCE, "step label"), f.violation());
        assertEquals(1, f.shrunk().steps().size());
        assertTrue(
                f.failure().message().contains("stopped at incr.commit; the model stopped at incr.store"),
                f.failure().message());
    }

    @Test
    void takingLocksAgainstTheSpecOrderIsReportedWithBothLocks() {
        LockOrderModel model = new LockOrderModel(true);
        PropertyFailure f = failure(new PropertyEngine(config(5)).check(model, () -> new AbbaSut(model.info())));
        assertEquals(new Violation(ViolationKind.LOCK_ORDER, "lock_a after lock_b"), f.violation());
        assertArrayEquals(new int[] {2, 3}, f.shrunk().actions());
        assertTrue(
                f.failure()
                        .message()
                        .contains("t1 took lock_a (AbbaSut.step) while holding lock_b (AbbaSut.step); "
                                + "the spec orders lock_a < lock_b"),
                f.failure().message());
    }

    @Test
    void modelOnlyRunsFindDeadlocksAndModelErrors() {
        PropertyFailure deadlock = failure(new PropertyEngine(config(5)).check(new LockOrderModel(false)));
        assertEquals(new Violation(ViolationKind.DEADLOCK, "t0,t1"), deadlock.violation());
        assertEquals(2, deadlock.shrunk().steps().size());
        assertTrue(new PropertyEngine(config(5)).check(new LockOrderModel(true)).passed());

        PropertyFailure error = failure(new PropertyEngine(config(5)).check(new BumpModel()));
        assertEquals(ViolationKind.MODEL_ERROR, error.violation().kind());
        assertArrayEquals(new int[] {0, 0}, error.shrunk().actions());
    }
}
