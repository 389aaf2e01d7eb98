package dev.mmspec.distributed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.cli.SearchEngine;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.TraceFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --engine spark --master local[2]} against the local explorer: on every shipped spec, all fixes on and each fix
 * off, the same verdict, distinct-state count, transitions, depth and the same counterexample, byte for byte in the
 * trace file format. One Spark context for the module's tests.
 */
class SparkExplorerTest {
    private final SparkEngine engine = Specs.engine();

    /**
     * Every run of every shipped spec ({@code spec/} and {@code bench/specs/} but the 18-million-state one): minutes on
     * a 2-core machine, so in {@code -Pspark-full}.
     */
    static Stream<Specs.Case> shippedRuns() {
        return Specs.shipped().stream().flatMap(file -> Specs.cases(file).stream());
    }

    /**
     * The default build's share: specs that hold and fail, shallow enough to take a few seconds each, and one with task
     * and folio symmetry (the executors canonicalize as the local explorer does; no spec under {@code spec/} has any).
     */
    static Stream<Specs.Case> smallRuns() {
        return Stream.of(
                        Specs.cases(Specs.ROOT.resolve("spec/file/gup_dirty.mmspec")).stream(),
                        Stream.of(Specs.one("spec/anon_exclusive.mmspec", "swap_pte_exclusive")),
                        Stream.of(Specs.one("bench/specs/anon_exclusive_bench_folio.mmspec", "swap_pte_exclusive")))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallRuns")
    void sparkFindsWhatTheLocalExplorerFinds(Specs.Case run) throws Exception {
        assertSameAsLocal(run);
    }

    @Tag("spark-full")
    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedRuns")
    void sparkFindsWhatTheLocalExplorerFindsOnEveryShippedSpec(Specs.Case run) throws Exception {
        assertSameAsLocal(run);
    }

    private void assertSameAsLocal(Specs.Case run) throws Exception {
        ExplorationResult local =
                new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
        ExplorationResult spark = engine.explore(run.job(null, false, 3, Long.MAX_VALUE, line -> {}));
        assertSame(local, spark, run);
    }

    @Test
    void theTraceDoesNotDependOnThePartitionCount() throws Exception {
        // The other runs use 3 partitions; one partition holds every state, five leave some empty.
        Specs.Case run = Specs.one("spec/file/gup_dirty.mmspec", "gup_write_notify");
        ExplorationResult local =
                new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
        assertEquals(Outcome.VIOLATED, local.outcome());
        assertSame(local, engine.explore(run.job(null, false, 1, Long.MAX_VALUE, line -> {})), run);
        assertSame(local, engine.explore(run.job(null, false, 5, Long.MAX_VALUE, line -> {})), run);
    }

    @Test
    void aSearchStoppedInsideALevelResumesFromTheLastCompleteOneAndEndsAsAFreshOne(@TempDir Path checkpoint)
            throws Exception {
        Specs.Case run = Specs.one("spec/migration/vma_adjust.mmspec", "migration_rmap_lock");
        ExplorationResult fresh =
                new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
        List<String> stops = new ArrayList<>();
        ExplorationResult stopped = engine.explore(run.job(checkpoint.toString(), false, 2, 40, stops::add));
        assertEquals(Outcome.INCOMPLETE, stopped.outcome());
        assertEquals("state budget", stopped.stopReason());
        // Inside a level, not after it: never past the budget.
        assertTrue(stopped.distinctStates() <= 40, stopped.distinctStates() + " states stored");
        assertTrue(stops.stream().anyMatch(l -> l.contains("stopped (state budget)")), String.join("\n", stops));
        assertTrue(
                stopped.depthCompleted() > 0 && stopped.depthCompleted() < fresh.depthCompleted(),
                "stopped at level " + stopped.depthCompleted());
        List<String> log = new ArrayList<>();
        ExplorationResult resumed = engine.explore(run.job(checkpoint.toString(), true, 2, Long.MAX_VALUE, log::add));
        assertTrue(log.get(0).startsWith("check: resuming at level " + stopped.depthCompleted() + " ("), log.get(0));
        // Only the level cut short and those after it were expanded again, and the counterexample is the fresh
        // search's.
        assertEquals(
                fresh.depthCompleted() - stopped.depthCompleted(),
                log.stream().filter(l -> l.startsWith("check level ")).count());
        assertSame(fresh, resumed, run);
    }

    @Test
    void theTimeLimitStopsTheSearchInsideALevel() throws Exception {
        Specs.Case run = Specs.one("spec/migration/vma_adjust.mmspec", "migration_rmap_lock");
        // Past before the first level starts: its map tasks stop at their first state, where a check
        // between levels would have let the whole first level run.
        ExplorationResult stopped = engine.explore(run.job(null, false, 2, Long.MAX_VALUE, 1, line -> {}));
        assertEquals(Outcome.INCOMPLETE, stopped.outcome());
        assertEquals("time budget", stopped.stopReason());
        assertEquals(0, stopped.depthCompleted());
        assertEquals(1, stopped.distinctStates());
    }

    @Test
    void resumingTheCheckpointOfAnotherSearchIsRefused(@TempDir Path checkpoint) throws Exception {
        Specs.Case run = Specs.one("spec/file/gup_dirty.mmspec", null);
        engine.explore(run.job(checkpoint.toString(), false, 2, 2, line -> {}));
        SearchEngine.EngineException refused = assertThrows(
                SearchEngine.EngineException.class,
                () -> engine.explore(run.job(checkpoint.toString(), true, 3, Long.MAX_VALUE, line -> {})));
        assertTrue(refused.getMessage().contains("holds another search"), refused.getMessage());
    }

    @Test
    void resumingFromACheckpointThatHoldsNothingSaysSoAndSearchesAfresh(@TempDir Path checkpoint) throws Exception {
        // A stopped search is rerun with --resume even when it stopped before its first level was complete; a
        // mistyped --checkpoint then starts over too, so the log says it.
        Specs.Case run = Specs.one("spec/anon_exclusive.mmspec", "swap_pte_exclusive");
        String never = checkpoint.resolve("never-written").toString();
        List<String> log = new ArrayList<>();
        ExplorationResult resumed = engine.explore(run.job(never, true, 2, Long.MAX_VALUE, log::add));
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("--resume: ") && l.contains("holds no search yet")),
                log.toString());
        assertSame(new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore(), resumed, run);
    }

    @Test
    void aMasterUrlSparkCannotParseIsAnEngineErrorNotAStackTrace() {
        Specs.Case run = Specs.one("spec/anon_exclusive.mmspec", "swap_pte_exclusive");
        Specs.closeEngine(); // one Spark context per JVM: with the shared one running, Spark would refuse that first
        SearchEngine.Job job = new SearchEngine.Job(
                run.classes().className(),
                run.classes().classes(),
                run.model().fixesOff(),
                "bogus",
                2,
                null,
                false,
                true,
                Long.MAX_VALUE,
                0,
                line -> {});
        try (SparkEngine fresh = new SparkEngine()) {
            SearchEngine.EngineException refused =
                    assertThrows(SearchEngine.EngineException.class, () -> fresh.explore(job));
            assertTrue(
                    refused.getMessage().startsWith("--master bogus: Spark cannot start (Could not parse Master URL"),
                    refused.getMessage());
        }
    }

    @Test
    void theCommandLineFindsTheEngineByName() {
        List<String> names = ServiceLoader.load(SearchEngine.class).stream()
                .map(p -> p.get().name())
                .toList();
        assertEquals(List.of("spark"), names);
    }

    static void assertSame(ExplorationResult expected, ExplorationResult actual, Specs.Case run) throws Exception {
        assertEquals(expected.outcome(), actual.outcome(), run + ": outcome");
        assertEquals(expected.distinctStates(), actual.distinctStates(), run + ": distinct states");
        assertEquals(expected.transitions(), actual.transitions(), run + ": transitions");
        assertEquals(expected.depthCompleted(), actual.depthCompleted(), run + ": depth");
        assertEquals(expected.reducedStates(), actual.reducedStates(), run + ": states reduced by partial order");
        assertEquals(expected.violation(), actual.violation(), run + ": violation");
        assertEquals(
                expected.counterexample().isPresent(), actual.counterexample().isPresent(), run + ": counterexample");
        if (expected.counterexample().isPresent()) {
            var info = run.model().info();
            assertEquals(
                    TraceFormat.toText(expected.counterexample().get(), info),
                    TraceFormat.toText(actual.counterexample().get(), info),
                    run + ": trace");
        }
    }
}
