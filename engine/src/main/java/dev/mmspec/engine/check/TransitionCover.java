package dev.mmspec.engine.check;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every distinct transition of a model within its bounds, as a small set of action sequences from the initial state
 * that together take each of them at least once: for each transition not yet covered, the shortest path to its source
 * state followed by it. Replaying them on the implementation in lockstep exercises each model transition on the runtime
 * (DESIGN.md, "Replay").
 *
 * <p>States are kept whole here (not fingerprints), so this is for the shipped bounds, not for benchmark-sized state
 * spaces; {@code maxStates} guards against the latter.
 */
final class TransitionCover {
    /** @param runs action sequences; @param transitions distinct transitions; @param states distinct states */
    record Cover(List<int[]> runs, long transitions, long states) {}

    private record Key(long[] state) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(state, k.state);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(state);
        }
    }

    private record Node(int parent, int action) {}

    private TransitionCover() {}

    /** @throws IllegalStateException if the model has more than {@code maxStates} states */
    static Cover of(Model model, int maxStates) {
        ModelInfo info = model.info();
        int actions = info.actions().size();
        List<long[]> states = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Map<Key, Integer> index = new HashMap<>();
        long[] initial = new long[info.stateWords()];
        model.initialState(initial);
        states.add(initial);
        nodes.add(new Node(-1, -1));
        index.put(new Key(initial), 0);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        List<int[]> runs = new ArrayList<>();
        long transitions = 0;
        long[] next = new long[info.stateWords()];
        while (!queue.isEmpty()) {
            int s = queue.poll();
            long[] state = states.get(s);
            // A violating state ends its runs, as it ends a lockstep run.
            if (model.violatedInvariant(state) >= 0) {
                continue;
            }
            for (int a = 0; a < actions; a++) {
                int result = model.apply(state, a, next);
                if (result == Model.DISABLED) {
                    continue;
                }
                transitions++;
                Key key = new Key(next.clone());
                Integer known = index.get(key);
                if (known == null && result >= 0) {
                    if (states.size() >= maxStates) {
                        throw new IllegalStateException(info.spec() + " has more than " + maxStates
                                + " states: too many to replay every transition");
                    }
                    index.put(key, states.size());
                    states.add(key.state());
                    nodes.add(new Node(s, a));
                    queue.add(states.size() - 1);
                    if (model.violatedInvariant(next) >= 0) {
                        runs.add(pathThen(nodes, s, a)); // nothing continues from it: replay the edge itself
                    }
                    continue; // otherwise covered by the runs that go on from the new state
                }
                runs.add(pathThen(nodes, s, a));
            }
            if (isLeaf(model, state, actions, next)) {
                runs.add(pathThen(nodes, s, -1));
            }
        }
        return new Cover(runs, transitions, states.size());
    }

    /** A state with no enabled action: the path to it still has to be replayed once. */
    private static boolean isLeaf(Model model, long[] state, int actions, long[] next) {
        for (int a = 0; a < actions; a++) {
            if (model.apply(state, a, next) != Model.DISABLED) {
                return false;
            }
        }
        return true;
    }

    private static int[] pathThen(List<Node> nodes, int state, int action) {
        List<Integer> path = new ArrayList<>();
        for (int n = state; nodes.get(n).parent() >= 0; n = nodes.get(n).parent()) {
            path.add(nodes.get(n).action());
        }
        int[] out = new int[path.size() + (action >= 0 ? 1 : 0)];
        for (int i = 0; i < path.size(); i++) {
            out[i] = path.get(path.size() - 1 - i);
        }
        if (action >= 0) {
            out[out.length - 1] = action;
        }
        return out;
    }
}
