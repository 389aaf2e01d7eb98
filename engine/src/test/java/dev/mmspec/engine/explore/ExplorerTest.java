package dev.mmspec.engine.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.toy.BumpModel;
import dev.mmspec.engine.toy.FlipCountModel;
import dev.mmspec.engine.toy.LockOrderModel;
import dev.mmspec.engine.toy.LostUpdateModel;
import dev.mmspec.engine.toy.SlowModel;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExplorerTest {

    /**
     * Explores with one shared table and with partitions, each with parent links for the default prefix, for none of it
     * and for a prefix of 3 states (dropped after the first levels): every search must give the same result. @return
     * the partitioned one's
     */
    private static ExplorationResult explore(Model model, int workers) {
        ExplorerConfig base = ExplorerConfig.defaults().withWorkers(workers);
        ExplorationResult shared = new Explorer(model, base).explore();
        ExplorationResult partitioned = null;
        for (ExplorerConfig config : List.of(
                base.withPartitioned(true),
                base.withTracedPrefix(0),
                base.withTracedPrefix(3),
                base.withTracedPrefix(3).withPartitioned(true),
                base.withTracedPrefix(0).withPartitioned(true))) {
            ExplorationResult other = new Explorer(model, config).explore();
            String how = (config.partitioned() ? "partitioned" : "shared") + " search, traced prefix "
                    + config.tracedPrefix();
            assertEquals(shared.outcome(), other.outcome(), how + ": outcome");
            assertEquals(shared.distinctStates(), other.distinctStates(), how + ": distinct states");
            assertEquals(shared.transitions(), other.transitions(), how + ": transitions");
            assertEquals(shared.depthCompleted(), other.depthCompleted(), how + ": depth");
            assertEquals(shared.counterexample(), other.counterexample(), how + ": counterexample");
            partitioned = partitioned == null ? other : partitioned;
        }
        return partitioned;
    }

    @Test
    void aViolationWithinTheTracedPrefixIsTracedWithoutASecondSearch() {
        for (Model model : List.of(new LostUpdateModel(false, 3), new LockOrderModel(false))) {
            for (boolean partitioned : new boolean[] {false, true}) {
                ExplorerConfig config = ExplorerConfig.defaults().withWorkers(2).withPartitioned(partitioned);
                Explorer traced = new Explorer(model, config);
                ExplorationResult once = traced.explore();
                assertEquals(1, traced.searches(), model.info().spec() + ": the checking search traced it");
                // With parent links off (the guarded behaviour switched off) the witness search is needed.
                Explorer untraced = new Explorer(model, config.withTracedPrefix(0));
                ExplorationResult twice = untraced.explore();
                assertEquals(2, untraced.searches(), model.info().spec() + ": a witness search traced it");
                assertEquals(twice.counterexample(), once.counterexample());
                assertTrue(once.counterexample().isPresent());
                // A prefix that ends before the violation: the witness search again.
                Explorer late = new Explorer(model, config.withTracedPrefix(2));
                assertEquals(twice.counterexample(), late.explore().counterexample());
                assertEquals(2, late.searches(), model.info().spec() + ": parent links dropped before the violation");
            }
        }
    }

    @Test
    void aViolationPastTheTracedPrefixIsTracedFromWhereThePrefixEnded() {
        for (Model model : List.of(new LostUpdateModel(false, 3), new LockOrderModel(false))) {
            for (int workers : new int[] {1, 2}) {
                for (boolean partitioned : new boolean[] {false, true}) {
                    ExplorerConfig config =
                            ExplorerConfig.defaults().withWorkers(workers).withPartitioned(partitioned);
                    Explorer fromScratch = new Explorer(model, config.withTracedPrefix(0));
                    ExplorationResult reference = fromScratch.explore();
                    assertEquals(0, fromScratch.witnessFrom(), "no prefix: the witness starts at the initial state");
                    Explorer late = new Explorer(model, config.withTracedPrefix(2));
                    ExplorationResult resumed = late.explore();
                    String what = model.info().spec() + ", " + workers + " workers, partitioned " + partitioned;
                    assertEquals(2, late.searches(), what + ": parent links dropped before the violation");
                    // Switched off (the witness from the initial state), this is 0.
                    assertTrue(late.witnessFrom() > 0, what + ": the witness starts where the prefix ended");
                    assertEquals(reference.counterexample(), resumed.counterexample(), what);
                    assertEquals(reference.distinctStates(), resumed.distinctStates(), what);
                    assertEquals(reference.transitions(), resumed.transitions(), what);
                    assertEquals(reference.depthCompleted(), resumed.depthCompleted(), what);
                    assertEquals(reference.minimal(), resumed.minimal(), what);
                }
            }
        }
    }

    @Test
    void lostUpdateIsFoundAsTheShortestTraceWithFewestContextSwitches() {
        ExplorationResult result = explore(new LostUpdateModel(false, 1), 1);

        assertEquals(Outcome.VIOLATED, result.outcome());
        assertEquals(
                new Violation(ViolationKind.INVARIANT, "no_lost_update"),
                result.violation().orElseThrow());
        assertTrue(result.minimal());
        // t0 load, t1 load, t1 store, t0 store: 4 steps, 2 switches, lexicographically before t1-first.
        assertArrayEquals(
                new int[] {0, 2, 3, 1}, result.counterexample().orElseThrow().actions());
        assertEquals(4, result.depthCompleted());
    }

    @Test
    void oneAndSeveralWorkersGiveTheSameResult() {
        for (Model model : List.of(
                new LostUpdateModel(false, 1),
                new LostUpdateModel(false, 3),
                new LostUpdateModel(true, 3),
                new LockOrderModel(false),
                new BumpModel())) {
            ExplorationResult one = explore(model, 1);
            for (int workers : new int[] {2, 3}) {
                ExplorationResult many = explore(model, workers);
                assertEquals(one.outcome(), many.outcome(), model.info().spec());
                assertEquals(
                        one.counterexample(),
                        many.counterexample(),
                        model.info().spec());
                assertEquals(
                        one.distinctStates(),
                        many.distinctStates(),
                        model.info().spec());
                assertEquals(one.transitions(), many.transitions(), model.info().spec());
                assertEquals(
                        one.depthCompleted(),
                        many.depthCompleted(),
                        model.info().spec());
            }
        }
    }

    /** One state per queue chunk and tables of 16 slots: every chunk is claimed apart and the tables grow often. */
    private static ExplorerConfig smallTables(int workers) {
        return ExplorerConfig.defaults().withWorkers(workers).withChunkStates(1).withInitialCapacity(16);
    }

    @Test
    void tinyChunksAndTableGrowthDoNotChangeTheResult() {
        for (boolean fixed : new boolean[] {false, true}) {
            Model model = new LostUpdateModel(fixed, 3);
            ExplorationResult reference = explore(model, 1);
            for (int workers : new int[] {1, 2}) {
                for (boolean partitioned : new boolean[] {false, true}) {
                    ExplorerConfig config = smallTables(workers).withPartitioned(partitioned);
                    ExplorationResult small = new Explorer(model, config.withTracedPrefix(0)).explore();
                    ExplorationResult handedOver = new Explorer(model, config.withTracedPrefix(5)).explore();
                    assertEquals(reference.counterexample(), handedOver.counterexample());
                    assertEquals(reference.distinctStates(), handedOver.distinctStates());
                    assertEquals(reference.transitions(), handedOver.transitions());
                    assertEquals(reference.counterexample(), small.counterexample());
                    assertEquals(reference.distinctStates(), small.distinctStates());
                    assertEquals(reference.transitions(), small.transitions());
                    // 16 slots of 8 bytes to begin with: in the shared table, or in each worker's partition.
                    if (fixed) {
                        // The whole space (the violating run stops at 20 states): past 16 slots in each table.
                        assertTrue(
                                small.visitedBytes() > 16L * FingerprintSet.SLOT_BYTES * (partitioned ? workers : 1),
                                "the table grew");
                    }
                }
            }
        }
    }

    /**
     * The partitioned search drops a successor its worker looked up or handed over lately before doing either again
     * ({@link RecentFingerprints}): FlipCountModel's states {@code (1, c)} and {@code (0, c + 1)} of one level both
     * lead to {@code (1, c + 1)}, and its flips lead back to states of two levels before. The counts stay those of the
     * shared table, which has no repeats to drop, and only a second worker hands anything over.
     */
    @Test
    void aRepeatOfASuccessorLookedUpLatelyIsDroppedBeforeItsLookup() {
        int max = 300;
        Model model = new FlipCountModel(max);
        for (int workers : new int[] {1, 2}) {
            for (boolean partitioned : new boolean[] {false, true}) {
                Explorer explorer = new Explorer(model, config(workers, partitioned, 0));
                ExplorationResult result = explorer.explore();
                String how = workers + " workers, " + (partitioned ? "partitioned" : "shared");
                assertEquals(2 * (max + 1), result.distinctStates(), how);
                assertEquals(4 * max + 2, result.transitions(), how);
                Explorer.Phases phases = explorer.phases();
                if (partitioned) {
                    // Switched off (RecentFingerprints.repeat always false), there are none.
                    assertTrue(phases.repeats() >= max, how + ": " + phases.repeats() + " repeats");
                    assertTrue(phases.repeats() + phases.handedOver() < result.transitions(), how);
                    assertTrue(phases.line().contains(" repeats=" + phases.repeats()), phases.line());
                    assertEquals(workers == 2, phases.handedOver() > 0, how + ": " + phases.handedOver());
                } else {
                    assertEquals(0, phases.repeats(), how);
                    assertEquals(0, phases.handedOver(), how);
                    assertFalse(phases.line().contains("repeats="), phases.line());
                }
            }
        }
    }

    private static ExplorerConfig config(int workers, boolean partitioned, long tracedPrefix) {
        return ExplorerConfig.defaults()
                .withWorkers(workers)
                .withPartitioned(partitioned)
                .withTracedPrefix(tracedPrefix);
    }

    /**
     * When the checking search drops its parent links, every fingerprint of the prefix must reach the 8-byte table (the
     * workers move them together): a state of an earlier level that went missing would be stored again when a step
     * leads back to it, and counted twice. The other toy models never step back, so they cannot tell.
     */
    @Test
    void everyFingerprintOfTheTracedPrefixIsKeptWhenTheParentLinksGo() {
        int max = 300;
        Model model = new FlipCountModel(max);
        for (int workers : new int[] {1, 2, 3}) {
            for (boolean partitioned : new boolean[] {false, true}) {
                for (long prefix : new long[] {0, 5, 200, ExplorerConfig.TRACED_PREFIX}) {
                    ExplorationResult result = new Explorer(model, config(workers, partitioned, prefix)).explore();
                    String how =
                            workers + " workers, " + (partitioned ? "partitioned" : "shared") + ", prefix " + prefix;
                    assertEquals(Outcome.HOLDS, result.outcome(), how);
                    assertEquals(2 * (max + 1), result.distinctStates(), how);
                    assertEquals(4 * max + 2, result.transitions(), how);
                    assertEquals(max + 1, result.depthCompleted(), how);
                }
            }
        }
    }

    /**
     * Explores a space whose shared table grows a dozen times from 16 slots: LostUpdateModel with the fix on and 20
     * increments, 1281 states over 81 levels, at most 2 successors per state. @return the explorer, explored
     */
    private static Explorer growTheSharedTable(int workers) {
        Explorer explorer =
                new Explorer(new LostUpdateModel(true, 20), smallTables(workers).withTracedPrefix(0));
        ExplorationResult result = explorer.explore();
        assertEquals(Outcome.HOLDS, result.outcome());
        assertEquals(21 * 21 + 2 * 20 * 21, result.distinctStates());
        assertEquals(80, result.depthCompleted());
        return explorer;
    }

    /**
     * A round of the shared table ends only at the end of a level or when the table must grow: each chunk reserves the
     * most it can insert and gives back what it did not use, so a round is not cut short by the worst case of every
     * chunk in it (that had the workers wait for each other every few chunks, and in rounds of a single chunk).
     */
    @Test
    void roundsEndOnlyAtTheEndOfALevelOrToGrowTheTable() {
        for (int workers : new int[] {1, 2}) {
            Explorer explorer = growTheSharedTable(workers);
            long levels = 81;
            assertTrue(explorer.growths() >= 10, "the table grew: " + explorer.growths());
            // With one worker exactly so; with more, a round cut short while another chunk's unused
            // reservation was still out may be followed by one more without a growth.
            long bound = workers == 1 ? levels + explorer.growths() : 2 * (levels + explorer.growths());
            assertTrue(
                    explorer.rounds() <= bound,
                    workers + " workers: " + explorer.rounds() + " rounds for " + levels + " levels and "
                            + explorer.growths() + " growths");
        }
    }

    /**
     * With several workers the table a growth moves into is allocated (zeroed) by the coordinator while the workers
     * expand the round before it, not between the rounds with every worker waiting; one worker has no idle coordinator
     * and allocates it at the growth. The same states either way.
     */
    @Test
    void theTableOfAGrowthIsAllocatedWhileTheWorkersExpandTheRoundBeforeIt() {
        for (int workers : new int[] {1, 2}) {
            Explorer explorer = growTheSharedTable(workers);
            if (workers == 1) {
                assertEquals(0, explorer.phases().aheadTables());
                assertEquals(0, explorer.grownIntoAhead());
            } else {
                assertTrue(
                        explorer.grownIntoAhead() * 2 >= explorer.growths(),
                        explorer.grownIntoAhead() + " of " + explorer.growths()
                                + " growths into a table allocated ahead");
                assertTrue(explorer.phases().aheadTables() >= explorer.grownIntoAhead());
            }
        }
    }

    /**
     * A round of one chunk is one worker's whatever happens: the coordinator expands it itself instead of waking the
     * pool (the first levels of every search, and most of a short one with a fix off). The same result as 1 worker.
     */
    @Test
    void aRoundOfOneChunkIsExpandedWithoutWakingTheWorkers() {
        Model model = new LostUpdateModel(false, 3);
        ExplorationResult one = new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
        Explorer two = new Explorer(model, ExplorerConfig.defaults().withWorkers(2));
        ExplorationResult result = two.explore();
        assertEquals(one.counterexample(), result.counterexample());
        assertEquals(one.distinctStates(), result.distinctStates());
        assertTrue(
                two.roundsAlone() > 0 && two.roundsAlone() == two.rounds(), two.roundsAlone() + " of " + two.rounds());
    }

    /** A small level is cut into chunks small enough that every worker gets some; one worker keeps the size given. */
    @Test
    void smallLevelsAreSplitIntoSmallerChunksForSeveralWorkers() {
        assertEquals(1024, Explorer.chunkStatesFor(1500, 1, 1024));
        int small = Explorer.chunkStatesFor(1500, 2, 1024);
        assertTrue(small >= 16 && 1500 / small >= 2 * 16 / 2, small + " states per chunk for a level of 1500");
        assertEquals(16, Explorer.chunkStatesFor(3, 2, 1024));
        assertEquals(1, Explorer.chunkStatesFor(3, 2, 1));
        assertEquals(1024, Explorer.chunkStatesFor(5_000_000, 2, 1024));
    }

    @Test
    void counterexampleReplaysExactly() throws Exception {
        Model model = new LostUpdateModel(false, 2);
        Trace trace = explore(model, 2).counterexample().orElseThrow();
        assertEquals(trace, ModelReplay.replay(model, trace.withoutStates()));
    }

    @Test
    void lockedCounterHoldsWithTheStateCountDerivedByHand() {
        // One incr per task: idle (0,0),(1,0),(0,1),(1,1); t0 busy at (0,0),(0,1); t1 busy at (0,0),(1,0).
        ExplorationResult once = explore(new LostUpdateModel(true, 1), 2);
        assertEquals(Outcome.HOLDS, once.outcome());
        assertEquals(8, once.distinctStates());
        assertEquals(8, once.transitions());
        assertEquals(4, once.depthCompleted());
        assertTrue(once.counterexample().isEmpty());

        // Two incrs per task: 9 idle states (a, b in 0..2), 6 with t0 busy (a < 2), 6 with t1 busy.
        // Transitions: 12 starts (6 idle states with a < 2, 6 with b < 2) and 12 continues; depth 4 incr x 2 steps.
        ExplorationResult twice = explore(new LostUpdateModel(true, 2), 2);
        assertEquals(Outcome.HOLDS, twice.outcome());
        assertEquals(21, twice.distinctStates());
        assertEquals(24, twice.transitions());
        assertEquals(8, twice.depthCompleted());
        // A search this small keeps its parent links throughout (16-byte slots); without them, 8.
        assertEquals(VisitedSet.SLOT_BYTES, twice.bytesPerEntry());
        ExplorationResult untraced = new Explorer(
                        new LostUpdateModel(true, 2), ExplorerConfig.defaults().withTracedPrefix(0))
                .explore();
        assertEquals(FingerprintSet.SLOT_BYTES, untraced.bytesPerEntry());
    }

    @ParameterizedTest(name = "{0} incr per task")
    @ValueSource(ints = {1, 2, 3, 4})
    void lockedCounterStateSpaceFollowsTheFormula(int runs) {
        // Idle states: (a, b) completed incrs, (runs + 1)^2 of them. Busy states: one task inside its
        // (a+1)-th incr holding the lock, 2 * runs * (runs + 1). Each busy state has one continue, each
        // idle state one start per task with runs left: 4 * runs * (runs + 1) transitions.
        ExplorationResult result = explore(new LostUpdateModel(true, runs), 2);
        assertEquals(Outcome.HOLDS, result.outcome());
        assertEquals((runs + 1) * (runs + 1) + 2 * runs * (runs + 1), result.distinctStates());
        assertEquals(4 * runs * (runs + 1), result.transitions());
        assertEquals(4 * runs, result.depthCompleted());
    }

    @Test
    void abbaDeadlockIsFoundAfterTwoSteps() {
        ExplorationResult result = explore(new LockOrderModel(false), 2);
        assertEquals(Outcome.VIOLATED, result.outcome());
        assertEquals(
                new Violation(ViolationKind.DEADLOCK, "t0,t1"),
                result.violation().orElseThrow());
        assertArrayEquals(
                new int[] {0, 2}, result.counterexample().orElseThrow().actions());
    }

    @Test
    void orderedLocksDoNotDeadlock() {
        assertEquals(Outcome.HOLDS, explore(new LockOrderModel(true), 2).outcome());
    }

    @Test
    void modelErrorIsAViolationOnTheStepThatHitsIt() {
        ExplorationResult result = explore(new BumpModel(), 1);
        assertEquals(Outcome.VIOLATED, result.outcome());
        assertEquals(
                new Violation(ViolationKind.MODEL_ERROR, "x := x + 1 is out of bounds 0..1"),
                result.violation().orElseThrow());
        Trace trace = result.counterexample().orElseThrow();
        assertArrayEquals(new int[] {0, 0}, trace.actions());
        assertEquals(-2, trace.steps().get(1).outcome());
    }

    @Test
    void stateBudgetStopsCleanlyWithIncomplete() {
        ExplorationResult result = new Explorer(
                        new LostUpdateModel(true, 2),
                        ExplorerConfig.defaults().withWorkers(1).withMaxStates(3))
                .explore();
        assertEquals(Outcome.INCOMPLETE, result.outcome());
        assertEquals("state budget", result.stopReason());
        // Level 0 expanded (initial state + two successors), stopped before expanding level 1.
        assertEquals(3, result.distinctStates());
        assertEquals(1, result.depthCompleted());
        assertEquals(2, result.queueRemaining());
    }

    @Test
    void memoryBudgetStopsCleanlyWithIncomplete() {
        ExplorationResult result =
                new Explorer(new LostUpdateModel(false, 3), smallTables(2).withMaxMemoryBytes(16 * 16 + 200)).explore();
        assertEquals(Outcome.INCOMPLETE, result.outcome());
        assertEquals("memory budget", result.stopReason());
        assertTrue(result.queueRemaining() >= 0);
    }

    @Test
    void timeBudgetStopsCleanlyAndProgressIsReported() {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        ExplorationResult result = new Explorer(
                        new SlowModel(new LostUpdateModel(true, 3), 5),
                        ExplorerConfig.defaults()
                                .withWorkers(1)
                                .withTimeBudget(Duration.ofMillis(250))
                                .withProgress(Duration.ofMillis(10), reports::add))
                .explore();
        assertEquals(Outcome.INCOMPLETE, result.outcome());
        assertEquals("time budget", result.stopReason());
        assertFalse(reports.isEmpty());
        assertTrue(reports.get(reports.size() - 1).distinctStates() > 0);
    }

    @Test
    void frontierCanBeWrittenOutAndReadBack() throws Exception {
        StateQueue queue = new StateQueue(2, 3);
        for (long i = 0; i < 7; i++) {
            queue.add(new long[] {i, -i});
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        queue.writeTo(new DataOutputStream(bytes));
        StateQueue back = StateQueue.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 4);
        assertEquals(7, back.size());
        long[] state = new long[2];
        back.get(5, state);
        assertArrayEquals(new long[] {5, -5}, state);
    }
}
