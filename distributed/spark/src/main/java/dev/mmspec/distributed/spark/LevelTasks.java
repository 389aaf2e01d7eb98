package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.engine.trace.ViolationKind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * What the executors do for one level: expand their part of the frontier, and merge the successors that the shuffle
 * routed to their partition against its visited fingerprints (delayed duplicate detection: sort the arrivals, then one
 * merge pass over the sorted visited array).
 *
 * <p>An arrival is {@code [fingerprint, parent fingerprint, action << 32 | switches, state words...]}; a shuffled
 * record is a batch of them for one owner, {@code [ARRIVALS, arrival, arrival, ...]}, keyed by the owning partition.
 * The map side's violations and transition counts travel the same way to partition 0 ({@code [VIOLATION, ...]},
 * {@code [TALLY, ...]}), not in an accumulator, so that a retried task is counted once.
 */
final class LevelTasks implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Tags of the key-0 records. */
    private static final long VIOLATION = 1;

    private static final long TALLY = 2;
    private static final long ARRIVALS = 3;
    /** Arrivals per shuffled record. */
    static final int BATCH = 4096;

    static final String FRONTIER = "frontier";
    static final String VISITED = "visited";
    static final String PARENTS = "parents";

    private final ShippedModel shipped;
    private final LevelFiles files;
    private final boolean partialOrder;
    private final boolean tracing;

    LevelTasks(ShippedModel shipped, LevelFiles files, boolean partialOrder, boolean tracing) {
        this.shipped = shipped;
        this.files = files;
        this.partialOrder = partialOrder;
        this.tracing = tracing;
    }

    /**
     * What one partition's merge found: its new states, its visited count, violations and (partition 0) the level's
     * tallies.
     */
    record Part(
            int partition,
            long newStates,
            long visited,
            List<long[]> violations,
            long transitions,
            long reduced,
            long unexpanded,
            String stopReason)
            implements Serializable {}

    /** Why a map task stopped before the end of its part of the level, as its tally says: not at all, or a limit. */
    private static final String[] STOPS = {null, "state budget", "time budget"};

    /** How often (in states) a map task reads the clock. */
    private static final int CLOCK_EVERY = 64;

    /**
     * Map side: expands the frontier part of {@code partition} at {@code depth}. The successors go out in batches, one
     * per owning partition ({@link Fingerprint#partition} of their fingerprint) of up to {@link #BATCH} arrivals, keyed
     * by the owner: a record per successor cost a tuple, a boxed key and a serialized array each, most of the time of a
     * level.
     *
     * <p>Limits stop a task inside the level, between two states: once the successors it has sent reach
     * {@code successorBudget} (its share of the states the search may still store: a successor is at most one new
     * state, so the level cannot pass the budget), or once the clock passes {@code deadlineMillis}
     * ({@link System#currentTimeMillis}, 0 for none). The states it did not expand are counted in its tally.
     */
    Iterator<Tuple2<Integer, long[]>> expand(
            int partition, int depth, int partitions, long successorBudget, long deadlineMillis) {
        Model model = shipped.instantiate();
        Expander expander = new Expander(model, partialOrder);
        int width = 3 + model.info().stateWords();
        long[][] batches = new long[partitions][];
        int[] filled = new int[partitions];
        List<Tuple2<Integer, long[]>> out = new ArrayList<>();
        List<long[]> violations = new ArrayList<>();
        long sent = 0;
        long transitions = 0;
        long reduced = 0;
        long unexpanded = 0;
        int stop = 0;
        long seen = 0;
        for (long[] record : files.readFrontier(depth, partition)) {
            if (stop == 0
                    && deadlineMillis != 0
                    && seen++ % CLOCK_EVERY == 0
                    && System.currentTimeMillis() > deadlineMillis) {
                stop = 2;
            }
            if (stop != 0) {
                unexpanded++;
                continue;
            }
            int switches = (int) record[0];
            int lastAction = (int) record[1];
            long[] state = Arrays.copyOfRange(record, 2, record.length);
            long parent = Fingerprint.of(state);
            int lastTask = lastAction < 0 ? -1 : expander.taskOf(lastAction);
            long transitionsBefore = expander.transitions();
            long reducedBefore = expander.reduced();
            expander.expand(state, depth);
            if (sent + expander.successorStates.size() > successorBudget) {
                stop = 1;
                unexpanded++;
                continue;
            }
            sent += expander.successorStates.size();
            transitions += expander.transitions() - transitionsBefore;
            reduced += expander.reduced() - reducedBefore;
            for (int k = 0; k < expander.successorStates.size(); k++) {
                long[] next = expander.successorStates.get(k);
                int action = expander.successorActions.get(k);
                long fp = Fingerprint.of(next);
                int owner = Fingerprint.partition(fp, partitions);
                if (batches[owner] == null) {
                    batches[owner] = new long[1 + BATCH * width];
                    batches[owner][0] = ARRIVALS;
                }
                long[] b = batches[owner];
                int at = 1 + filled[owner]++ * width;
                b[at] = fp;
                b[at + 1] = parent;
                b[at + 2] = ((long) action << 32)
                        | (switches + (lastTask >= 0 && lastTask != expander.taskOf(action) ? 1 : 0));
                System.arraycopy(next, 0, b, at + 3, next.length);
                if (filled[owner] == BATCH) {
                    out.add(new Tuple2<>(owner, b));
                    batches[owner] = null;
                    filled[owner] = 0;
                }
            }
            violations.addAll(expander.violations);
        }
        for (int owner = 0; owner < partitions; owner++) {
            if (filled[owner] > 0) {
                out.add(new Tuple2<>(owner, Arrays.copyOf(batches[owner], 1 + filled[owner] * width)));
            }
        }
        for (long[] v : violations) {
            out.add(new Tuple2<>(0, tagged(VIOLATION, v)));
        }
        out.add(new Tuple2<>(0, new long[] {TALLY, transitions, reduced, unexpanded, stop}));
        return out.iterator();
    }

    /**
     * Among arrivals at one state, the best way to reach it, as the local witness search keeps it: fewer context
     * switches, then the larger last action, then the parent with the smaller fingerprint (unsigned). A total order, so
     * the partition count and arrival order do not matter.
     */
    static final Comparator<long[]> BEST_FIRST = Comparator.<long[]>comparingLong(a -> a[0])
            .thenComparingInt(a -> (int) a[2])
            .thenComparing(
                    Comparator.<long[]>comparingInt(a -> (int) (a[2] >>> 32)).reversed())
            .thenComparing((a, b) -> Long.compareUnsigned(a[1], b[1]));

    /** Reduce side: keeps the arrivals at {@code partition} not yet visited as its part of level {@code depth + 1}. */
    Iterator<Part> merge(int partition, int depth, Iterator<Tuple2<Integer, long[]>> routed) {
        List<long[]> arrivals = new ArrayList<>();
        List<long[]> violations = new ArrayList<>();
        long transitions = 0;
        long reduced = 0;
        long unexpanded = 0;
        String stopReason = null;
        int width = 3 + shipped.instantiate().info().stateWords();
        while (routed.hasNext()) {
            long[] v = routed.next()._2();
            if (v[0] == TALLY) {
                transitions += v[1];
                reduced += v[2];
                unexpanded += v[3];
                // The time budget, if any task met it, else the state budget: as the local explorer, the first to stop.
                stopReason = v[4] == 0 ? stopReason : stopReason == null || v[4] == 2 ? STOPS[(int) v[4]] : stopReason;
            } else if (v[0] == VIOLATION) {
                violations.add(Arrays.copyOfRange(v, 1, v.length));
            } else {
                for (int at = 1; at < v.length; at += width) {
                    arrivals.add(Arrays.copyOfRange(v, at, at + width));
                }
            }
        }
        arrivals.sort(BEST_FIRST);
        long[] visited = files.readLongs(depth, partition, VISITED);
        Model model = shipped.instantiate();
        List<long[]> frontier = new ArrayList<>();
        long[] fresh = new long[arrivals.size()];
        long[] parents = new long[tracing ? 3 * arrivals.size() : 0];
        int n = 0;
        int i = 0;
        long previous = 0;
        for (long[] a : arrivals) {
            long fp = a[0];
            if (fp == previous) {
                continue;
            }
            previous = fp;
            while (i < visited.length && visited[i] < fp) {
                i++;
            }
            if (i < visited.length && visited[i] == fp) {
                continue;
            }
            long[] state = Arrays.copyOfRange(a, 3, a.length);
            long[] record = new long[2 + state.length];
            record[0] = (int) a[2];
            record[1] = (int) (a[2] >>> 32);
            System.arraycopy(state, 0, record, 2, state.length);
            frontier.add(record);
            if (tracing) {
                parents[3 * n] = fp;
                parents[3 * n + 1] = a[1];
                parents[3 * n + 2] = a[2] >>> 32;
            }
            fresh[n++] = fp;
            int invariant = model.violatedInvariant(state);
            if (invariant >= 0) {
                violations.add(Violations.of(ViolationKind.INVARIANT, fp, -1, depth + 1, invariant));
            }
        }
        long[] merged = mergeSorted(visited, fresh, n);
        files.writeFrontier(depth + 1, partition, frontier);
        files.writeLongs(depth + 1, partition, VISITED, merged);
        if (tracing) {
            files.writeLongs(depth + 1, partition, PARENTS, Arrays.copyOf(parents, 3 * n));
        }
        return List.of(new Part(partition, n, merged.length, violations, transitions, reduced, unexpanded, stopReason))
                .iterator();
    }

    /** Deadlock check only, for the states of {@code depth} (the level after the one with a violation). */
    Iterator<long[]> deadlocks(int partition, int depth) {
        Expander expander = new Expander(shipped.instantiate(), false);
        List<long[]> found = new ArrayList<>();
        for (long[] record : files.readFrontier(depth, partition)) {
            long[] state = Arrays.copyOfRange(record, 2, record.length);
            long busy = expander.deadlockedTasks(state);
            if (busy != 0) {
                found.add(Violations.of(ViolationKind.DEADLOCK, Fingerprint.of(state), -1, depth, busy));
            }
        }
        return found.iterator();
    }

    /** A record whose first word says what it is. */
    private static long[] tagged(long tag, long[] v) {
        long[] t = new long[v.length + 1];
        t[0] = tag;
        System.arraycopy(v, 0, t, 1, v.length);
        return t;
    }

    private static long[] mergeSorted(long[] a, long[] b, int bLength) {
        long[] out = new long[a.length + bLength];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < bLength) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < bLength) {
            out[k++] = b[j++];
        }
        return out;
    }
}
