package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ConcretePath;
import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rebuilds the counterexample at the end, on the driver, from the parent links the witness search wrote per level: for
 * each shortest violation, its state's parent in its level's part (found by binary search in the sorted part), that
 * one's in the level above, and so on to the initial state. Then it chooses as the local explorer does: the fewest
 * context switches among the concrete paths, then the smallest action sequence.
 */
final class Counterexample {
    /** The chosen trace and what it shows. */
    record Chosen(Violation violation, Trace trace) {}

    private final Model model;
    private final LevelFiles files;
    private final int partitions;
    private final Map<Long, long[]> parts = new HashMap<>();

    Counterexample(Model model, LevelFiles files, int partitions) {
        this.model = model;
        this.files = files;
        this.partitions = partitions;
    }

    Chosen choose(List<long[]> violations) {
        int shortest = violations.stream().mapToInt(Violations::length).min().getAsInt();
        ConcretePath concrete = new ConcretePath(model);
        long[] best = null;
        int[] bestPath = null;
        int bestSwitches = Integer.MAX_VALUE;
        for (long[] v : violations) {
            if (Violations.length(v) != shortest) {
                continue;
            }
            int stateDepth = Violations.extraAction(v) >= 0 ? shortest - 1 : shortest;
            int[] path = pathTo(Violations.fingerprint(v), stateDepth);
            if (Violations.extraAction(v) >= 0) {
                path = Arrays.copyOf(path, path.length + 1);
                path[path.length - 1] = Violations.extraAction(v);
            }
            path = concrete.actions(path);
            int switches = ModelText.contextSwitches(model.info(), path);
            if (best == null
                    || switches < bestSwitches
                    || (switches == bestSwitches && Arrays.compare(path, bestPath) < 0)) {
                best = v;
                bestPath = path;
                bestSwitches = switches;
            }
        }
        Violation named = Violations.named(best, model.info());
        Violation violation = concrete.violation(named.kind(), named.name(), bestPath);
        return new Chosen(violation, ModelReplay.record(model, bestPath, Optional.of(violation), OptionalLong.empty()));
    }

    /** @return the actions from the initial state to the state {@code fingerprint} of level {@code depth} */
    private int[] pathTo(long fingerprint, int depth) {
        int[] actions = new int[depth];
        long fp = fingerprint;
        for (int d = depth; d > 0; d--) {
            long[] links = links(d, Fingerprint.partition(fp, partitions));
            int i = find(links, fp);
            if (i < 0) {
                throw new IllegalStateException(
                        "checkpoint " + files.root() + ": no parent link for a state of level " + d);
            }
            actions[d - 1] = (int) links[3 * i + 2];
            fp = links[3 * i + 1];
        }
        return actions;
    }

    private long[] links(int depth, int partition) {
        return parts.computeIfAbsent(
                (long) depth * partitions + partition, k -> files.readLongs(depth, partition, LevelTasks.PARENTS));
    }

    /** Binary search over the triples {@code fingerprint, parent, action}, sorted by fingerprint. */
    private static int find(long[] links, long fp) {
        int lo = 0;
        int hi = links.length / 3 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = links[3 * mid];
            if (key < fp) {
                lo = mid + 1;
            } else if (key > fp) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
