package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One level-synchronous breadth-first search on Spark, driven from here one level per Spark job: the executors expand
 * level {@code d} partition by partition, the shuffle routes each successor to the partition owning its fingerprint,
 * and each partition keeps those it has not visited as its part of level {@code d + 1}. Nobody starts {@code d + 1}
 * before {@code d} is written and marked complete, so the first level with a violation holds the shortest ones, as in
 * the local explorer.
 *
 * <p>Two of these make an exploration, as in the local explorer: the checking search (partial-order reduction as
 * configured, fingerprints only) and, if it found a violation, the witness search (no reduction, parent links) stopped
 * at the checking search's depth.
 */
final class LevelSearch {
    /** How one search ended; {@code violations} are those of the level it stopped at. */
    record Ending(
            Outcome outcome,
            int depthCompleted,
            long stored,
            long transitions,
            long reduced,
            long remaining,
            String stopReason,
            List<long[]> violations,
            int resumedFrom) {}

    private final JavaSparkContext spark;
    private final Model model;
    private final LevelFiles files;
    private final LevelTasks tasks;
    private final int partitions;
    private final int maxDepth;
    private final long maxStates;
    private final long deadlineNanos;
    private final Consumer<String> log;

    /**
     * @param maxDepth give up (INCOMPLETE) after expanding this level without a violation
     * @param maxStates stop with at most this many states: each level's map tasks stop between two states once their
     *     successors reach their share of what is left ({@link LevelTasks#expand})
     * @param deadlineNanos {@link System#nanoTime} after which the map tasks stop, between two states; 0 for none
     */
    LevelSearch(
            JavaSparkContext spark,
            ShippedModel shipped,
            LevelFiles files,
            int partitions,
            boolean partialOrder,
            boolean tracing,
            int maxDepth,
            long maxStates,
            long deadlineNanos,
            Consumer<String> log) {
        this.spark = spark;
        this.model = shipped.instantiate();
        this.files = files;
        this.tasks = new LevelTasks(shipped, files, partialOrder, tracing);
        this.partitions = partitions;
        this.maxDepth = maxDepth;
        this.maxStates = maxStates;
        this.deadlineNanos = deadlineNanos;
        this.log = log;
    }

    Ending run(boolean resume) {
        OptionalInt last = resume ? files.lastComplete() : OptionalInt.empty();
        int depth;
        long stored;
        long transitions;
        long reduced;
        int resumedFrom = -1;
        if (last.isPresent()) {
            depth = last.getAsInt();
            Properties totals = files.totals(depth);
            String ended = totals.getProperty("outcome");
            if (ended != null) {
                return ending(totals);
            }
            stored = Long.parseLong(totals.getProperty("stored"));
            transitions = Long.parseLong(totals.getProperty("transitions"));
            reduced = Long.parseLong(totals.getProperty("reduced"));
            files.dropFrom(depth + 1);
            resumedFrom = depth;
            log.accept(files.phase() + ": resuming at level " + depth + " (" + stored + " states stored)");
        } else {
            files.dropFrom(0);
            Ending initial = writeInitialLevel();
            if (initial != null) {
                return initial;
            }
            depth = 0;
            stored = 1;
            transitions = 0;
            reduced = 0;
        }
        List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
        FingerprintPartitioner owner = new FingerprintPartitioner(partitions);
        while (true) {
            long start = System.nanoTime();
            int d = depth;
            LevelTasks t = tasks;
            int n = partitions;
            // Each map task's share of the states the search may still store, and the deadline by the clock the
            // executors share.
            long share = maxStates == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, maxStates - stored) / partitions;
            long deadlineMillis = deadlineNanos == 0
                    ? 0
                    : Math.max(1, System.currentTimeMillis() + (deadlineNanos - System.nanoTime()) / 1_000_000);
            List<LevelTasks.Part> parts = spark.parallelize(ids, partitions)
                    .flatMapToPair(p -> t.expand(p, d, n, share, deadlineMillis))
                    .partitionBy(owner)
                    .mapPartitionsWithIndex((p, routed) -> t.merge(p, d, routed), true)
                    .collect();
            long fresh = 0;
            stored = 0;
            List<long[]> violations = new ArrayList<>();
            long unexpanded = 0;
            String stopped = null;
            for (LevelTasks.Part part : parts) {
                fresh += part.newStates();
                stored += part.visited();
                transitions += part.transitions();
                reduced += part.reduced();
                violations.addAll(part.violations());
                unexpanded += part.unexpanded();
                stopped = part.stopReason() != null ? part.stopReason() : stopped;
            }
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "%s level %d: %d new states, %d stored, %d ms",
                    files.phase(),
                    d + 1,
                    fresh,
                    stored,
                    (System.nanoTime() - start) / 1_000_000));
            Properties totals = new Properties();
            totals.setProperty("stored", Long.toString(stored));
            totals.setProperty("transitions", Long.toString(transitions));
            totals.setProperty("reduced", Long.toString(reduced));
            totals.setProperty("fresh", Long.toString(fresh));
            totals.setProperty("resumedFrom", Integer.toString(resumedFrom));
            Ending ending = null;
            if (!violations.isEmpty()) {
                int shortest =
                        violations.stream().mapToInt(Violations::length).min().getAsInt();
                if (shortest == d + 1) {
                    // Deadlocks one level down are as short as the violations found while building it.
                    violations.addAll(spark.parallelize(ids, partitions)
                            .flatMap(p -> t.deadlocks(p, d + 1))
                            .collect());
                }
                ending = new Ending(
                        Outcome.VIOLATED, d + 1, stored, transitions, reduced, 0, "", violations, resumedFrom);
            } else if (stopped != null) {
                // Stopped inside level d: level d + 1 is partial, so it is not marked complete, and a
                // resumed search expands level d again.
                log.accept(files.phase() + " level " + (d + 1) + ": stopped (" + stopped + ") with " + unexpanded
                        + " states of level " + d + " not expanded");
                return new Ending(
                        Outcome.INCOMPLETE,
                        d,
                        stored,
                        transitions,
                        reduced,
                        unexpanded + fresh,
                        stopped,
                        List.of(),
                        resumedFrom);
            } else if (fresh == 0) {
                ending = new Ending(Outcome.HOLDS, d, stored, transitions, reduced, 0, "", List.of(), resumedFrom);
            } else if (d >= maxDepth) {
                ending = new Ending(
                        Outcome.INCOMPLETE,
                        d,
                        stored,
                        transitions,
                        reduced,
                        fresh,
                        "no violation within depth " + maxDepth + ", where the checking search found one",
                        List.of(),
                        resumedFrom);
            } else if (stored >= maxStates) {
                ending = new Ending(
                        Outcome.INCOMPLETE,
                        d + 1,
                        stored,
                        transitions,
                        reduced,
                        fresh,
                        "state budget",
                        List.of(),
                        resumedFrom);
            } else if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
                ending = new Ending(
                        Outcome.INCOMPLETE,
                        d + 1,
                        stored,
                        transitions,
                        reduced,
                        fresh,
                        "time budget",
                        List.of(),
                        resumedFrom);
            }
            // A stop at a limit is not an ending to resume into: the level is complete, the search goes on from it.
            if (ending != null && ending.outcome() != Outcome.INCOMPLETE || ending != null && d >= maxDepth) {
                record(totals, ending);
            }
            files.complete(d + 1, totals);
            files.dropStates(d, partitions);
            if (ending != null) {
                return ending;
            }
            depth++;
        }
    }

    /**
     * Writes level 0, the canonical initial state in the partition that owns it. @return an ending if it violates an
     * invariant
     */
    private Ending writeInitialLevel() {
        long[] initial = new long[model.info().stateWords()];
        model.initialState(initial);
        model.canonicalize(initial);
        long fp = Fingerprint.of(initial);
        int invariant = model.violatedInvariant(initial);
        if (invariant >= 0) {
            return new Ending(
                    Outcome.VIOLATED,
                    0,
                    1,
                    0,
                    0,
                    0,
                    "",
                    List.of(Violations.of(ViolationKind.INVARIANT, fp, -1, 0, invariant)),
                    -1);
        }
        int home = Fingerprint.partition(fp, partitions);
        long[] record = new long[2 + initial.length];
        record[1] = -1;
        System.arraycopy(initial, 0, record, 2, initial.length);
        for (int p = 0; p < partitions; p++) {
            files.writeFrontier(0, p, p == home ? List.of(record) : List.of());
            files.writeLongs(0, p, LevelTasks.VISITED, p == home ? new long[] {fp} : new long[0]);
            files.writeLongs(0, p, LevelTasks.PARENTS, new long[0]);
        }
        Properties totals = new Properties();
        totals.setProperty("stored", "1");
        totals.setProperty("transitions", "0");
        totals.setProperty("reduced", "0");
        totals.setProperty("fresh", "1");
        files.complete(0, totals);
        return null;
    }

    /** Keeps how the search ended in the level's marker, so that resuming a finished search only reads it. */
    private static void record(Properties totals, Ending ending) {
        totals.setProperty("outcome", ending.outcome().name());
        totals.setProperty("depthCompleted", Integer.toString(ending.depthCompleted()));
        totals.setProperty("remaining", Long.toString(ending.remaining()));
        totals.setProperty("stopReason", ending.stopReason());
        totals.setProperty(
                "violations",
                ending.violations().stream()
                        .map(v -> Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(",")))
                        .collect(Collectors.joining(";")));
    }

    private static Ending ending(Properties totals) {
        List<long[]> violations = new ArrayList<>();
        for (String v : totals.getProperty("violations").split(";")) {
            if (!v.isEmpty()) {
                violations.add(
                        Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray());
            }
        }
        return new Ending(
                Outcome.valueOf(totals.getProperty("outcome")),
                Integer.parseInt(totals.getProperty("depthCompleted")),
                Long.parseLong(totals.getProperty("stored")),
                Long.parseLong(totals.getProperty("transitions")),
                Long.parseLong(totals.getProperty("reduced")),
                Long.parseLong(totals.getProperty("remaining")),
                totals.getProperty("stopReason"),
                violations,
                Integer.parseInt(totals.getProperty("resumedFrom", "-1")));
    }
}
