package dev.mmspec.engine.explore;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Exhaustive breadth-first search over every interleaving of a {@link Model}.
 *
 * <p>Level-synchronous: all workers expand level {@code d} (claiming chunks of it) while building level {@code d + 1};
 * nobody starts {@code d + 1} before {@code d} is done. So the first level with a violation gives the shortest
 * counterexample, and every way of reaching each state of that level has been seen before one is chosen: among the
 * shortest violations the explorer reports the one with the fewest context switches (each state keeps its best parent
 * by switches, then a fixed local order; see {@link VisitedSet}), then the smallest action sequence. That choice is a
 * total order, so 1 worker and N workers report the same trace, run after run.
 *
 * <p>With {@link ExplorerConfig#partitioned()} the checking search is partitioned ({@link Partition}): the fingerprints
 * are split by {@link Fingerprint#partition}, one partition per worker, and only its owner reads or writes a
 * partition's table (plain loads and stores). The workers still claim chunks of one level, so a descheduled worker
 * holds up no fixed share of it; a successor owned elsewhere is asked of its owner ({@link Exchange}): its fingerprint
 * goes in a batch of {@link Lookups#SIZE}, one bit comes back, and the sender keeps the state if it was new. Each table
 * grows on its own while the other workers go on. The set of states of each level, and so every count and the depth of
 * the shortest violation, do not depend on the order in which batches arrive.
 *
 * <p>By default, and always in the witness search, the traced prefix and with sleep sets, the workers share one table
 * instead, with compare-and-swap inserts: a level is expanded in rounds so that the visited set never passes its load
 * factor. Each chunk reserves the most it can insert from the round's free slots when a worker claims it and gives back
 * what it did not use when done ({@link Level#claim}); a round ends with the level, or once a chunk cannot reserve, and
 * then, with the workers stopped, the set grows. So a run has about as many rounds as levels and growths (62 on the
 * 18M-state bench spec, where sizing each round for the worst case of all its chunks took 1156). Before every growth
 * and every new queue chunk the bytes are reserved from a {@link MemoryBudget}, so a search too big for the heap ends
 * INCOMPLETE with what it found, not with an OutOfMemoryError.
 *
 * <p>Violations: an invariant false in a reached state, a model error in a step, and a deadlock (no action enabled
 * while some task is in the middle of an operation).
 *
 * <p>Two searches at most, so that the big one stores only fingerprints. The <em>checking</em> search keeps a parent
 * link per state ({@link VisitedSet}, 16 bytes) for its first {@link ExplorerConfig#tracedPrefix()} states, then,
 * between two levels, moves the fingerprints to an 8-byte table ({@link FingerprintSet}, or the partitions) and goes on
 * without them. A violation found within the prefix (the catalogue's all are, within a few levels) is traced at once,
 * the shortest with the fewest context switches, from the parent links. Only one found later needs the <em>witness</em>
 * search: the same breadth-first search with parent links throughout, stopped at the violation's depth, and started
 * from the checking search's prefix (its parent links and the level it was about to expand, kept when the budget
 * allows) rather than from the initial state. A search that holds pays for parent links once, for the prefix.
 */
public final class Explorer {
    /** Fill the visited set to at most this fraction: linear probing stays at a few probes per lookup. */
    static final double MAX_LOAD = 0.75;
    /** Slots below which the coordinator grows the 8-byte table alone (about 0.1 ms of moving). */
    static final int SMALL_TABLE = 1 << 15;

    private final Model model;
    private final ExplorerConfig config;
    /** Breadth-first searches the last {@link #explore} ran: 1, or 2 when a witness search traced the violation. */
    private int searches;
    /**
     * The depth the last witness search started from: the level where the checking search dropped its parent links (see
     * {@link Resume}), or 0 when it had to start from the initial state.
     */
    private int witnessFrom;
    /**
     * Rounds of the shared table's levels that the last {@link #explore} ran, and growths of that table between them
     * (both searches): each round ends with every worker waiting for the last one.
     */
    private long rounds;

    private long growths;
    /** Nanoseconds of the last {@link #explore}, as {@link Phases} reports them. */
    private long searchNanos;

    private long parallelNanos;
    private long waitNanos;
    private long growNanos;
    private long allocNanos;
    private long aheadNanos;
    private long aheadTables;
    /** Growths of the 8-byte table into a table allocated ahead of time. */
    private long grownIntoAhead;
    /** Rounds of one chunk that the coordinator expanded without waking the workers. */
    private long roundsAlone;
    /** The partitioned search's repeats dropped before their lookup, and its hand-overs. */
    private long repeats;

    private long handedOver;

    /**
     * Where the wall time of the last {@link #explore} went, besides expanding states: what limits how much a second
     * worker can gain. Wall time the coordinator spends with no worker running ({@link #aloneNanos}) is lost to every
     * worker but one; time a worker waits for the others at the end of a round is lost to it.
     *
     * @param rounds rounds of the shared table's levels (each ends with every worker waiting for the last one)
     * @param growths growths of the visited set between rounds (the traced prefix's doublings included)
     * @param searchNanos the whole search, both searches when a witness search ran
     * @param parallelNanos wall time with the workers set going (from the first one's start to the last one's end)
     * @param waitNanos summed over the workers: time each had finished its share while another had not
     * @param growNanos wall time of the growths, moving the entries included
     * @param allocNanos of that and of building the 8-byte table at the end of the traced prefix: allocating (zeroing)
     *     the new tables, which the coordinator does alone
     * @param aheadTables tables the coordinator allocated ahead of their growth while the workers ran
     * @param aheadNanos the time that took (not waited for by any worker)
     * @param repeats the partitioned search: successors dropped as repeats of one their worker had just looked up or
     *     handed over (see RecentFingerprints)
     * @param handedOver the partitioned search: successors a worker asked their owner about (copied into a batch, sent,
     *     looked up by the owner, answered)
     */
    public record Phases(
            long rounds,
            long growths,
            long searchNanos,
            long parallelNanos,
            long waitNanos,
            long growNanos,
            long allocNanos,
            long aheadTables,
            long aheadNanos,
            long repeats,
            long handedOver) {
        /** @return wall time with no worker running: the coordinator alone, between rounds */
        public long aloneNanos() {
            return Math.max(0, searchNanos - parallelNanos);
        }

        /** @return a short line for {@code --stats}: counts, then milliseconds */
        public String line() {
            String line = String.format(
                    java.util.Locale.ROOT,
                    "rounds=%d growths=%d coordinator-alone=%dms (tables allocated=%dms) waiting-at-round-ends=%dms"
                            + " growing=%dms tables-allocated-ahead=%d (%dms)",
                    rounds,
                    growths,
                    aloneNanos() / 1_000_000,
                    allocNanos / 1_000_000,
                    waitNanos / 1_000_000,
                    growNanos / 1_000_000,
                    aheadTables,
                    aheadNanos / 1_000_000);
            // The partitioned search's only: the shared table has neither.
            return repeats + handedOver == 0 ? line : line + " repeats=" + repeats + " handed-over=" + handedOver;
        }
    }

    public Explorer(Model model, ExplorerConfig config) {
        this.model = model;
        this.config = config;
        if (model.info().actions().size() >= VisitedSet.NO_ACTION) {
            throw new IllegalArgumentException(model.info().spec() + " has "
                    + model.info().actions().size() + " actions; the explorer packs an action in 15 bits (at most "
                    + (VisitedSet.NO_ACTION - 1) + ")");
        }
    }

    /** @return the result of exploring {@code model} on every core, with no limit but the heap. */
    public static ExplorationResult explore(Model model) {
        return new Explorer(model, ExplorerConfig.defaults()).explore();
    }

    public ExplorationResult explore() {
        long startNanos = System.nanoTime();
        rounds = 0;
        growths = 0;
        parallelNanos = 0;
        waitNanos = 0;
        growNanos = 0;
        allocNanos = 0;
        aheadNanos = 0;
        aheadTables = 0;
        grownIntoAhead = 0;
        roundsAlone = 0;
        repeats = 0;
        handedOver = 0;
        try {
            return search(startNanos);
        } finally {
            searchNanos = System.nanoTime() - startNanos;
        }
    }

    private ExplorationResult search(long startNanos) {
        Run check = new Run(false, startNanos, config.maxStates(), deadline(startNanos), Integer.MAX_VALUE);
        ExplorationResult checked = check.run();
        searches = 1;
        if (checked.outcome() != Outcome.VIOLATED || checked.counterexample().isPresent()) {
            return checked;
        }
        // The witness search is bounded by the depth the check reached, not by the state and time
        // budgets: those were already spent deciding that there is a violation.
        Run witness = new Run(true, startNanos, Long.MAX_VALUE, 0, check.shortestViolation);
        witness.resume = check.kept;
        check.kept = null;
        witnessFrom = witness.resume == null ? 0 : witness.resume.depth();
        searches = 2;
        ExplorationResult traced = witness.run();
        // The figures are the checking search's; the verdict, trace and time are the witness's.
        boolean found =
                traced.outcome() == Outcome.VIOLATED && traced.counterexample().isPresent();
        ExplorationResult shown = found ? traced : checked;
        return new ExplorationResult(
                Outcome.VIOLATED,
                shown.violation(),
                traced.counterexample(),
                found && traced.minimal(),
                checked.distinctStates(),
                checked.transitions(),
                shown.depthCompleted(),
                traced.elapsedMillis(),
                checked.bytesPerEntry(),
                checked.visitedBytes(),
                checked.statesPerSecond(),
                checked.queueRemaining(),
                found ? traced.stopReason() : "no counterexample: rebuilding it stopped (" + traced.stopReason() + ")",
                checked.reducedStates(),
                checked.sleptTransitions());
    }

    /** @return the searches the last {@link #explore} ran: 2 when the violation needed a witness search */
    int searches() {
        return searches;
    }

    /** @return the depth the last witness search started from: 0 if it started from the initial state */
    int witnessFrom() {
        return witnessFrom;
    }

    /** @return the rounds the last {@link #explore} expanded the shared table's levels in */
    long rounds() {
        return rounds;
    }

    /** @return growths of the last {@link #explore}'s 8-byte table into a table allocated while the workers ran */
    long grownIntoAhead() {
        return grownIntoAhead;
    }

    /** @return rounds of one chunk the last {@link #explore}'s coordinator expanded itself */
    long roundsAlone() {
        return roundsAlone;
    }

    /** @return where the last {@link #explore}'s time went, besides expanding states */
    public Phases phases() {
        return new Phases(
                rounds,
                growths,
                searchNanos,
                parallelNanos,
                waitNanos,
                growNanos,
                allocNanos,
                aheadTables,
                aheadNanos,
                repeats,
                handedOver);
    }

    /** @return how often the last {@link #explore} grew the shared table (or the witness search's visited set) */
    long growths() {
        return growths;
    }

    /**
     * Where a witness search can start instead of the initial state: the checking search's parent links at the end of
     * its traced prefix and a copy of the level it was about to expand. The witness search would rebuild exactly these
     * (the same expansion rules: the prefix is traced only where no reduction applies; each state's parent is the best
     * by a total order, whichever worker got there first), so starting from them gives the same counts, depth and
     * trace, and a violation found just past the prefix costs a few levels to trace, not the whole search again.
     *
     * @param visited the parent links of every state up to {@code depth}; those of level {@code depth} not settled
     * @param frontier the states of level {@code depth}
     * @param stored the states in {@code visited}
     * @param bytes what the two hold, reserved from the checking search's budget while it runs
     */
    private record Resume(VisitedSet visited, StateQueue frontier, int depth, long stored, long bytes) {}

    private long deadline(long startNanos) {
        if (config.timeBudget().isZero()) {
            return 0;
        }
        long deadline = startNanos + config.timeBudget().toNanos();
        return deadline == 0 ? 1 : deadline;
    }

    /**
     * One breadth-first search: the checking one (parent links for a {@linkplain ExplorerConfig#tracedPrefix() prefix},
     * then fingerprints only) or the witness one (parent links throughout).
     */
    private final class Run {
        private final ModelInfo info = model.info();
        private final Successors successors = new Successors(info);
        private final ConcretePath concrete = new ConcretePath(model);
        private final MemoryBudget budget = MemoryBudget.of(config.maxMemoryBytes());
        /** Whether this search keeps parent links now: the witness search, or the checking search's prefix. */
        private boolean tracing;
        /** The witness search: parent links throughout, no progress reports. */
        private final boolean witness;
        /**
         * The checking search drops its parent links at the end of the level that stores this many states; 0: never.
         */
        private final long handOverAt;

        private final long startNanos;
        private final int maxDepth;
        private final Level level;
        /** The checking search's table; null in the witness search. */
        private FingerprintSet seen;
        /** The witness search's table; null in the checking search. */
        private VisitedSet visited;
        /**
         * The checking search without sleep sets: the visited set and the levels split by fingerprint, one partition
         * per worker; null otherwise (then {@link #seen} is shared).
         */
        private Partition[] partitions;
        /** The partitioned search: what its workers share beyond the partitions. */
        private final Exchange.Shared exchange = new Exchange.Shared(config.workers());
        /** The checking search: length of the shortest violation it found. */
        int shortestViolation = -1;
        /** The checking search: what it kept of its traced prefix for a witness search; null if nothing. */
        Resume kept;
        /** The witness search: where to start instead of the initial state; null for the initial state. */
        Resume resume;

        private LevelWorker[] workers;
        private ExecutorService executor;
        private volatile int depth;
        private volatile StateQueue frontier;
        private volatile StateQueue next;
        private long transitions;
        /** Transitions counted by the workers of the traced prefix, who are gone once it ends. */
        private long prefixTransitions;
        /** Sleep sets (checking search only): on, and the tables of the level expanded and the level built. */
        private final boolean sleepSets;

        private SleepTable sleepNow;
        private SleepTable sleepNext;
        /**
         * The 8-byte table the next growth will move into, allocated (and so zeroed) by the coordinator while the
         * workers expand the round before it ({@link #allocateSpare}), instead of alone between the rounds with every
         * worker waiting; null when none is ready. Its bytes are reserved from the budget.
         */
        private long[] spare;
        /** New states per state expanded, in the last complete level: what the rounds' growths are predicted by. */
        private double lastGrowthRatio = 1;
        /** The states stored when the level being expanded started, and how many states the level holds. */
        private long storedAtLevelStart;

        private long levelStates;

        /**
         * @param tracing whether to keep parent links (the witness search)
         * @param maxDepth the witness search gives up after expanding this level without a violation
         */
        Run(boolean witness, long startNanos, long maxStates, long deadlineNanos, int maxDepth) {
            this.witness = witness;
            this.startNanos = startNanos;
            this.maxDepth = maxDepth;
            this.level = new Level(maxStates, deadlineNanos, budget);
            this.sleepSets = !witness && sleepSetsApply();
            // A reducing checking search expands less than the witness search: tracing its prefix
            // would change what it counts, so it never does.
            this.handOverAt = witness || sleepSets || independentSteps() != null ? 0 : config.tracedPrefix();
            this.tracing = witness || handOverAt > 0;
        }

        ExplorationResult run() {
            if (resume != null) {
                return resumed();
            }
            boolean partitioned = !tracing && !sleepSets && config.partitioned();
            long tableSlots = partitioned ? (long) config.workers() * partitionCapacity() : config.initialCapacity();

            if (!budget.tryReserve(tableSlots * slotBytes())) {
                return result(Outcome.INCOMPLETE, null, false, 0, 0, "memory budget");
            }
            long[] initial = new long[info.stateWords()];
            model.initialState(initial);
            model.canonicalize(initial);
            if (tracing) {
                visited = new VisitedSet(config.initialCapacity());
                int marker = VisitedSet.newMarker(0);
                visited.insert(
                        Fingerprint.of(initial),
                        VisitedSet.meta(VisitedSet.NO_PARENT, VisitedSet.NO_ACTION, 0, marker),
                        marker);
            } else if (partitioned) {
                partitions = new Partition[config.workers()];
                for (int p = 0; p < partitions.length; p++) {
                    partitions[p] = new Partition(p, partitionCapacity());
                }
                Partition owner = partitions[Fingerprint.partition(Fingerprint.of(initial), partitions.length)];
                owner.insert(Fingerprint.of(initial), budget);
            } else {
                seen = new FingerprintSet(config.initialCapacity());
                seen.insert(Fingerprint.of(initial));
                if (sleepSets) {
                    budget.tryReserve(16L * SleepTable.SLOT_BYTES);
                    sleepNow = new SleepTable(16);
                    sleepNow.arrive(Fingerprint.of(initial), 0L);
                }
            }
            level.addStored(1);
            int invariant = model.violatedInvariant(initial);
            if (invariant >= 0) {
                Candidate c = new Candidate(
                        dev.mmspec.engine.trace.ViolationKind.INVARIANT,
                        info.invariants().get(invariant).name(),
                        Fingerprint.of(initial),
                        -1,
                        0);
                return violated(List.of(c), 0, true, 0);
            }
            frontier = new StateQueue(info.stateWords(), config.chunkStates());
            StateQueue.Appender first = new StateQueue.Appender(frontier, budget);
            if (!first.add(initial)) {
                return result(Outcome.INCOMPLETE, null, false, 0, 1, "memory budget");
            }
            first.flush();
            return search();
        }

        /** The witness search from where the checking search dropped its parent links ({@link Resume}). */
        private ExplorationResult resumed() {
            // Already allocated: the checking search, now gone, had reserved these bytes.
            budget.tryReserve(resume.bytes());
            visited = resume.visited();
            frontier = resume.frontier();
            depth = resume.depth();
            level.addStored(resume.stored());
            resume = null;
            return search();
        }

        /** Starts the workers on {@link #frontier} at {@link #depth}, and runs the levels from there. */
        private ExplorationResult search() {
            createWorkers();
            executor =
                    workers.length > 1 ? Executors.newFixedThreadPool(workers.length, daemon("mmspec-explorer")) : null;
            ScheduledExecutorService reporter = witness ? null : startProgress();
            try {
                return levels();
            } finally {
                handedOver += sumOverWorkers(worker -> worker.handedOver);
                repeats += sumOverWorkers(worker -> worker.repeats);
                dropSpare();
                if (executor != null) {
                    executor.shutdownNow();
                }
                if (reporter != null) {
                    reporter.shutdownNow();
                }
            }
        }

        private void createWorkers() {
            workers = new LevelWorker[config.workers()];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = tracing
                        ? new LevelWorker(model, successors, visited, level)
                        : partitions != null
                                ? new LevelWorker(
                                        model, successors, partitions, w, exchange, level, independentSteps(), budget)
                                : new LevelWorker(
                                        model,
                                        successors,
                                        seen,
                                        level,
                                        sleepSets ? null : independentSteps(),
                                        sleepSets);
            }
        }

        /**
         * The end of the checking search's traced prefix, between two levels: every fingerprint of the visited set
         * moves to the checking search's table (shared or partitioned) and the parent links go. The frontier is
         * untouched, so the search goes on from the next level as if it had stored fingerprints only from the
         * start. @return null, or why the table could not be built
         */
        private String dropParentLinks() {
            long traced = visited.bytes();
            boolean partitioned = config.partitioned();
            // Each partition is sized for its share of the prefix at once, as the shared table is,
            // instead of growing by half from the initial capacity a dozen times while it is filled.
            long share = Math.max(partitionCapacity(), (long) (level.stored() / MAX_LOAD / config.workers()) + 16);
            long slots = partitioned
                    ? (long) config.workers() * share
                    : Math.max(config.initialCapacity(), (long) (level.stored() / MAX_LOAD) + 16);
            if ((partitioned ? share : slots) > FingerprintSet.MAX_CAPACITY
                    || !budget.tryReserve(slots * FingerprintSet.SLOT_BYTES)) {
                return "memory budget";
            }
            long allocating = System.nanoTime();
            if (partitioned) {
                partitions = new Partition[config.workers()];
                for (int p = 0; p < partitions.length; p++) {
                    partitions[p] = new Partition(p, (int) share);
                }
            } else {
                seen = new FingerprintSet((int) slots);
            }
            allocNanos += System.nanoTime() - allocating;
            // The workers move the fingerprints together, as they grow the table: with 2 workers a
            // pass over the prefix on one thread is time both cores wait for.
            String refused = moveFingerprints();
            if (refused != null) {
                return refused;
            }
            keepForWitness(traced);
            visited = null;
            prefixTransitions = transitions;
            tracing = false;
            createWorkers();
            return null;
        }

        /**
         * Moves every fingerprint of {@link #visited} to the new table: into the shared one, each worker a stretch of
         * the visited slots (compare-and-swap inserts, as in a round; the table is sized for all of them); into the
         * partitions, each worker the fingerprints of its own partition (only its owner writes one). @return null, or
         * why a partition could not grow
         */
        private String moveFingerprints() {
            VisitedSet traced = visited;
            int parts = workers.length;
            boolean[] refused = new boolean[parts];
            runWorkers(w -> {
                boolean own = partitions != null;
                int from = own ? 0 : (int) ((long) traced.capacity() * w / parts);
                int to = own ? traced.capacity() : (int) ((long) traced.capacity() * (w + 1) / parts);
                for (int slot = from; slot < to; slot++) {
                    long key = traced.keyAt(slot);
                    if (key == 0) {
                        continue;
                    }
                    if (own) {
                        if (Fingerprint.partition(key, parts) == w && partitions[w].insert(key, budget) < 0) {
                            refused[w] = true;
                            return;
                        }
                    } else if (parts == 1) {
                        seen.insertUnshared(key);
                    } else {
                        seen.insert(key);
                    }
                }
            });
            for (boolean r : refused) {
                if (r) {
                    return "memory budget";
                }
            }
            return level.stopReason();
        }

        /**
         * At the end of the traced prefix: keeps its parent links and a copy of the level about to be expanded, so that
         * a witness search can start there ({@link Resume}) if the budget allows; else lets them go.
         *
         * @param traced the bytes of the parent links
         */
        private void keepForWitness(long traced) {
            long copy = next.chunkCount() * next.chunkBytes();
            if (witness || !budget.tryReserve(copy)) {
                budget.release(traced);
                return;
            }
            kept = new Resume(visited, next.copy(), depth + 1, level.stored(), traced + copy);
        }

        private ExplorationResult levels() {
            while (true) {
                next = new StateQueue(info.stateWords(), nextChunkStates());
                storedAtLevelStart = level.stored();
                levelStates = frontier.size();
                StateQueue.Appender[] outs = new StateQueue.Appender[workers.length];
                for (int w = 0; w < workers.length; w++) {
                    outs[w] = new StateQueue.Appender(next, budget);
                }
                if (sleepSets && !startSleepTable()) {
                    return result(Outcome.INCOMPLETE, null, false, depth, frontier.size(), "memory budget");
                }
                if (partitions != null) {
                    expandPartitions(outs);
                } else {
                    expandLevel(outs);
                }
                for (StateQueue.Appender out : outs) {
                    out.flush();
                }
                if (sleepSets) {
                    budget.release(sleepNow.bytes());
                    sleepNow = sleepNext;
                    sleepNext = null;
                }
                transitions = prefixTransitions;
                List<Candidate> candidates = new ArrayList<>();
                for (LevelWorker worker : workers) {
                    transitions += worker.transitions();
                    candidates.addAll(worker.candidates);
                    worker.candidates.clear();
                }
                if (level.stopReason() != null) {
                    long remaining = frontier.size() - level.partiallyProcessed() + next.size();
                    if (!candidates.isEmpty()) {
                        return violated(candidates, depth, false, remaining);
                    }
                    return result(Outcome.INCOMPLETE, null, false, depth, remaining, level.stopReason());
                }
                if (!candidates.isEmpty()) {
                    int shortest = candidates.stream()
                            .mapToInt(Candidate::length)
                            .min()
                            .getAsInt();
                    if (shortest == depth + 1) {
                        // Deadlocks one level down are as short as the violations found while building it.
                        scanNextLevelForDeadlocks();
                        for (LevelWorker worker : workers) {
                            candidates.addAll(worker.candidates);
                            worker.candidates.clear();
                        }
                    }
                    return violated(candidates, depth + 1, true, 0);
                }
                if (next.size() == 0) {
                    return result(Outcome.HOLDS, null, true, depth, 0, "");
                }
                lastGrowthRatio = (double) next.size() / Math.max(1, levelStates);
                if (depth >= maxDepth) {
                    return result(
                            Outcome.INCOMPLETE,
                            null,
                            false,
                            depth,
                            next.size(),
                            "no violation within depth " + maxDepth + ", where the checking search found one");
                }
                if (tracing && handOverAt > 0 && level.stored() >= handOverAt) {
                    String refused = dropParentLinks();
                    if (refused != null) {
                        return result(Outcome.INCOMPLETE, null, false, depth, next.size(), refused);
                    }
                }
                frontier = next;
                depth++;
            }
        }

        /**
         * States per chunk of the level about to be built: {@link ExplorerConfig#chunkStates()}, or fewer when the
         * level is expected to be small, so that every worker gets a dozen chunks of it. With chunks of 1024 states a
         * level of 1,500 is two chunks, one worker's at most, and the first small levels run before the JIT has
         * compiled the step code, where a state costs the most; with 2 workers they are split too. One worker keeps the
         * configured size.
         */
        private int nextChunkStates() {
            return chunkStatesFor(frontier.size() * lastGrowthRatio, workers.length, config.chunkStates());
        }

        /** The initial slots of each partition: together, the configured initial capacity. */
        private int partitionCapacity() {
            return Math.max(16, config.initialCapacity() / config.workers());
        }

        /**
         * The partitioned checking search, one level: the workers claim chunks of the level as in the shared search,
         * but each looks up only the successors it owns and asks the owners about the others ({@link Exchange}); the
         * level is done when every worker has settled.
         */
        private void expandPartitions(StateQueue.Appender[] outs) {
            level.startRound(frontier, 0, frontier.chunkCount(), true);
            exchange.startLevel(workers.length);
            int d = depth;
            StateQueue current = frontier;
            runWorkers(w -> workers[w].expandShare(current, d, outs[w]));
        }

        /** Expands the whole frontier in rounds, growing the visited set between rounds. */
        private void expandLevel(StateQueue.Appender[] outs) {
            int chunks = frontier.chunkCount();
            int from = 0;
            // The most new states one chunk can insert: what it reserves of the free slots while it is expanded.
            long perChunk = (long) successors.maxPerState * frontier.chunkStates();
            while (from < chunks && level.stopReason() == null) {
                long free = (long) (capacity() * MAX_LOAD) - level.stored();
                // Grow once not every worker can reserve a chunk: a round that only some can work in
                // leaves the others waiting at its end.
                if (free < perChunk * Math.min(workers.length, chunks - from)) {
                    String refused = grow();
                    if (refused != null) {
                        level.stop(refused);
                    }
                    continue;
                }
                int roundChunks = chunks - from;
                if (sleepSets) {
                    long sleepFree = (long) (sleepNext.capacity() * MAX_LOAD) - sleepNext.size();
                    int sleepChunks = (int) (Math.max(0, sleepFree) / successors.maxPerState / frontier.chunkStates());
                    if (sleepChunks == 0) {
                        String refused = growSleepTable();
                        if (refused != null) {
                            level.stop(refused);
                        }
                        continue;
                    }
                    roundChunks = Math.min(roundChunks, sleepChunks);
                }
                level.startRound(frontier, from, from + roundChunks, true, free, perChunk);
                int d = depth;
                StateQueue current = frontier;
                boolean growthAhead = growthLikely(free - perChunk * workers.length);
                if (roundChunks == 1) {
                    // One chunk is one worker's anyway: the coordinator expands it instead of waking the pool,
                    // which on a loaded machine can cost more than the few states of an early level.
                    alone(() -> workers[0].expand(current, d, outs[0]));
                    roundsAlone++;
                } else {
                    runWorkers(w -> workers[w].expand(current, d, outs[w]), growthAhead ? this::allocateSpare : null);
                }
                rounds++;
                from = level.claimedEnd();
            }
        }

        /**
         * Whether the round about to start is expected to end in a growth of the 8-byte table: the states the rest of
         * the level should insert (at the rate of this level so far, else of the last one) pass {@code room}. Only with
         * several workers, where the coordinator would otherwise sit idle while they expand the round.
         */
        private boolean growthLikely(long room) {
            if (tracing || executor == null || spare != null || seen.nextCapacity() <= seen.capacity()) {
                return false;
            }
            long left = frontier.size();
            long expanded = levelStates - left;
            double ratio = expanded > 0 ? (double) (level.stored() - storedAtLevelStart) / expanded : lastGrowthRatio;
            return left * ratio > room;
        }

        /**
         * Allocates the table of the next growth ({@link #spare}) on the coordinator while the workers run, if the
         * budget keeps as much again free after it (so that the queues the round builds are never refused for a table
         * allocated early); otherwise the growth allocates it as before.
         */
        private void allocateSpare() {
            int slots = seen.nextCapacity();
            long bytes = (long) slots * FingerprintSet.SLOT_BYTES;
            if (budget.limit() - budget.reserved() < 2 * bytes || !budget.tryReserve(bytes)) {
                return;
            }
            long began = System.nanoTime();
            try {
                spare = new long[slots];
                aheadTables++;
                aheadNanos += System.nanoTime() - began;
            } catch (OutOfMemoryError e) {
                // Only an allocation ahead of time: the growth will try again, within its budget, and stop cleanly.
                budget.release(bytes);
            }
        }

        /** Drops a {@link #spare} the search did not grow into, with its reservation. */
        private void dropSpare() {
            if (spare != null) {
                budget.release((long) spare.length * FingerprintSet.SLOT_BYTES);
                spare = null;
            }
        }

        /**
         * Whether the checking search uses sleep sets: asked for, a model that records footprints, at most 64 actions
         * (a sleep set is one {@code long}), and no symmetry (a canonical state's sleep set would have to be renamed
         * with its tasks or elements; not done yet).
         */
        private boolean sleepSetsApply() {
            return config.sleepSets()
                    && model.recordsFootprints()
                    && info.actions().size() <= Long.SIZE
                    && !info.symmetric();
        }

        /** Sets up the sleep table of the level about to be built. @return false if the budget refuses it */
        private boolean startSleepTable() {
            int slots =
                    (int) Math.min(FingerprintSet.MAX_CAPACITY / 2, Math.max(1 << 12, frontier.size() * 2 / MAX_LOAD));
            if (!budget.tryReserve((long) slots * SleepTable.SLOT_BYTES)) {
                return false;
            }
            sleepNext = new SleepTable(slots);
            for (LevelWorker worker : workers) {
                worker.sleepTables(sleepNow, sleepNext);
            }
            return true;
        }

        /** @return null if the sleep table of the level being built grew, else why it could not. */
        private String growSleepTable() {
            int slots = sleepNext.capacity();
            long next = Math.min(FingerprintSet.MAX_CAPACITY / 2, (long) slots * 2);
            if (next <= slots) {
                return "sleep table at its maximum of " + slots + " slots";
            }
            if (!budget.tryReserve(next * SleepTable.SLOT_BYTES)) {
                return "memory budget";
            }
            sleepNext.grow((int) next);
            budget.release((long) slots * SleepTable.SLOT_BYTES);
            return null;
        }

        private void scanNextLevelForDeadlocks() {
            StateQueue level1 = next;
            level.startRound(level1, 0, level1.chunkCount(), false);
            int d = depth + 1;
            runWorkers(w -> workers[w].scanForDeadlocks(level1, d));
        }

        /**
         * @return which steps each task may run alone, or null for no partial-order reduction: not asked for, nothing
         *     independent, or symmetry reduction on (combining the two needs an ample choice that is itself symmetric;
         *     not done yet)
         */
        private boolean[][] independentSteps() {
            return StateExpander.independentSteps(info, config.partialOrder());
        }

        private long reduced() {
            return sumOverWorkers(LevelWorker::reduced);
        }

        private long slept() {
            return sumOverWorkers(worker -> worker.slept);
        }

        private long sumOverWorkers(java.util.function.ToLongFunction<LevelWorker> count) {
            long n = 0;
            for (LevelWorker worker : workers == null ? new LevelWorker[0] : workers) {
                n += count.applyAsLong(worker);
            }
            return n;
        }

        private int capacity() {
            return tracing ? visited.capacity() : seen.capacity();
        }

        private long tableBytes() {
            if (partitions != null) {
                long bytes = 0;
                for (Partition p : partitions) {
                    bytes += p.bytes();
                }
                return bytes;
            }
            return tracing ? (visited == null ? 0 : visited.bytes()) : (seen == null ? 0 : seen.bytes());
        }

        private int slotBytes() {
            return tracing ? VisitedSet.SLOT_BYTES : FingerprintSet.SLOT_BYTES;
        }

        /** @return null if the table grew, else why it could not. */
        private String grow() {
            long began = System.nanoTime();
            try {
                return growTable();
            } finally {
                growNanos += System.nanoTime() - began;
            }
        }

        private String growTable() {
            growths++;
            long bytes = tableBytes();
            if (tracing) {
                if (visited.capacity() >= VisitedSet.MAX_CAPACITY) {
                    return "visited set at its maximum of " + VisitedSet.MAX_CAPACITY + " slots";
                }
                if (!budget.tryReserve(bytes * 2)) {
                    return "memory budget";
                }
                long allocating = System.nanoTime();
                visited.grow();
                // The traced prefix's doubling is on the coordinator alone, moving included.
                allocNanos += System.nanoTime() - allocating;
            } else {
                int next = seen.nextCapacity();
                if (next <= seen.capacity()) {
                    return "fingerprint set at its maximum of " + FingerprintSet.MAX_CAPACITY + " slots";
                }
                int parts = workers.length;
                if (spare != null && spare.length == next) {
                    // Allocated and reserved while the workers expanded the last round.
                    seen.beginGrow(spare, parts);
                    spare = null;
                    grownIntoAhead++;
                } else {
                    dropSpare();
                    if (!budget.tryReserve((long) next * FingerprintSet.SLOT_BYTES)) {
                        return "memory budget";
                    }
                    long allocating = System.nanoTime();
                    seen.beginGrow(new long[next], parts);
                    allocNanos += System.nanoTime() - allocating;
                }
                // Growing is a pass over the whole table: the workers share it instead of waiting.
                if (seen.capacity() < SMALL_TABLE) {
                    // A small table moves faster on one thread than the pool wakes up; the parts are independent.
                    alone(() -> {
                        for (int w = 0; w < parts; w++) {
                            seen.moveEntries(w);
                        }
                    });
                } else {
                    runWorkers(w -> seen.moveEntries(w));
                }
                if (level.stopReason() != null) {
                    // Interrupted while moving: keep the old table, which is whole.
                    return level.stopReason();
                }
                seen.endGrow();
            }
            budget.release(bytes);
            return null;
        }

        private void runWorkers(IntConsumer work) {
            runWorkers(work, null);
        }

        /**
         * Runs a worker's share of the work on the coordinator: counted as the workers' time, not the coordinator's.
         */
        private void alone(Runnable work) {
            long began = System.nanoTime();
            work.run();
            parallelNanos += System.nanoTime() - began;
        }

        /**
         * Runs {@code work} on every worker and waits for all of them; the coordinator runs {@code meanwhile} (if not
         * null) after it has set them going, instead of only waiting.
         */
        private void runWorkers(IntConsumer work, Runnable meanwhile) {
            long began = System.nanoTime();
            if (executor == null) {
                work.accept(0);
                parallelNanos += System.nanoTime() - began;
                return;
            }
            List<Callable<Void>> tasks = new ArrayList<>();
            long[] started = new long[workers.length];
            long[] finished = new long[workers.length];
            for (int w = 0; w < workers.length; w++) {
                int worker = w;
                tasks.add(() -> {
                    started[worker] = System.nanoTime();
                    work.accept(worker);
                    finished[worker] = System.nanoTime();
                    return null;
                });
            }
            try {
                List<Future<Void>> running = new ArrayList<>();
                for (Callable<Void> task : tasks) {
                    running.add(executor.submit(task));
                }
                if (meanwhile != null) {
                    meanwhile.run();
                }
                ExecutionException failed = null;
                for (Future<Void> done : running) {
                    try {
                        done.get();
                    } catch (ExecutionException e) {
                        failed = failed == null ? e : failed;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
                // The futures make the workers' writes visible here.
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (int w = 0; w < workers.length; w++) {
                    first = Math.min(first, started[w]);
                    last = Math.max(last, finished[w]);
                }
                for (int w = 0; w < workers.length; w++) {
                    waitNanos += last - finished[w];
                }
                parallelNanos += last - first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                level.stop("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "explorer worker failed on " + info.spec() + ": " + e.getCause(), e.getCause());
            }
        }

        /** Chooses among the violations of the shortest length: fewest context switches, then smallest actions. */
        private ExplorationResult violated(
                List<Candidate> candidates, int depthCompleted, boolean minimal, long remaining) {
            int shortest = candidates.stream().mapToInt(Candidate::length).min().getAsInt();
            if (!tracing) {
                // The checking search has no parent links: it says how deep, the witness search says how.
                shortestViolation = shortest;
                Candidate any = candidates.stream()
                        .filter(c -> c.length() == shortest)
                        .findFirst()
                        .orElseThrow();
                return new ExplorationResult(
                        Outcome.VIOLATED,
                        Optional.of(new Violation(any.kind(), any.name())),
                        Optional.empty(),
                        minimal,
                        level.stored(),
                        transitions,
                        depthCompleted,
                        elapsedMillis(),
                        slotBytes(),
                        tableBytes(),
                        statesPerSecond(),
                        remaining,
                        minimal ? "" : String.valueOf(level.stopReason()),
                        reduced(),
                        slept());
            }
            Candidate best = null;
            int[] bestPath = null;
            int bestSwitches = Integer.MAX_VALUE;
            for (Candidate c : candidates) {
                if (c.length() != shortest) {
                    continue;
                }
                int[] path = visited.path(visited.find(c.fingerprint()));
                if (c.extraAction() >= 0) {
                    path = Arrays.copyOf(path, path.length + 1);
                    path[path.length - 1] = c.extraAction();
                }
                path = concrete.actions(path);
                int switches = ModelText.contextSwitches(info, path);
                if (best == null
                        || switches < bestSwitches
                        || (switches == bestSwitches && Arrays.compare(path, bestPath) < 0)) {
                    best = c;
                    bestPath = path;
                    bestSwitches = switches;
                }
            }
            Violation violation = concrete.violation(best.kind(), best.name(), bestPath);
            Trace trace = ModelReplay.record(model, bestPath, Optional.of(violation), OptionalLong.empty());
            return new ExplorationResult(
                    Outcome.VIOLATED,
                    Optional.of(violation),
                    Optional.of(trace),
                    minimal,
                    level.stored(),
                    transitions,
                    depthCompleted,
                    elapsedMillis(),
                    slotBytes(),
                    tableBytes(),
                    statesPerSecond(),
                    remaining,
                    minimal ? "" : String.valueOf(level.stopReason()),
                    reduced(),
                    slept());
        }

        private ExplorationResult result(
                Outcome outcome,
                Violation violation,
                boolean minimal,
                int depthCompleted,
                long remaining,
                String reason) {
            return new ExplorationResult(
                    outcome,
                    Optional.ofNullable(violation),
                    Optional.empty(),
                    minimal,
                    level.stored(),
                    transitions,
                    depthCompleted,
                    elapsedMillis(),
                    slotBytes(),
                    tableBytes(),
                    statesPerSecond(),
                    remaining,
                    reason,
                    reduced(),
                    slept());
        }

        private long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        private long statesPerSecond() {
            long nanos = Math.max(1, System.nanoTime() - startNanos);
            return (long) (level.stored() * 1e9 / nanos);
        }

        private ScheduledExecutorService startProgress() {
            if (config.progress() == null) {
                return null;
            }
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(daemon("mmspec-progress"));
            long every = Math.max(1, config.progressInterval().toMillis());
            reporter.scheduleAtFixedRate(
                    () -> {
                        StateQueue current = frontier;
                        StateQueue building = next;
                        long queued = (current == null ? 0 : current.size()) + (building == null ? 0 : building.size());
                        config.progress()
                                .accept(new Progress(
                                        depth, level.stored(), queued, statesPerSecond(), elapsedMillis()));
                    },
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
            return reporter;
        }
    }

    /**
     * @param expected the states a level is expected to hold
     * @param most the configured chunk size
     * @return states per chunk for that level: {@code most}, or for a small level with several workers a power of two
     *     (at least 16) that gives each worker about 16 chunks
     */
    static int chunkStatesFor(double expected, int workers, int most) {
        if (workers == 1) {
            return most;
        }
        long share = (long) (expected / (16.0 * workers));
        return (int) Math.max(Math.min(16, most), Math.min(most, Long.highestOneBit(Math.max(1, share))));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
