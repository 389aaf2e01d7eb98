package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.engine.explore.StateExpander;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The successors of one state for the executors: the local explorer's own successor rules ({@link StateExpander}: which
 * actions are tried, partial-order reduction, steps back to the same state, symmetry, model errors, deadlocks), with
 * the successors as states and the violations as {@link Violations} records. The rules are not copied here, so a change
 * to the explorer's reductions changes the Spark search alike; {@code SparkExplorerTest} checks the counts and traces
 * of every shipped spec against the local explorer.
 */
final class Expander {
    private final StateExpander rules;
    private final int words;
    /** What one expansion produced: successors (state, action) and violations. */
    final List<long[]> successorStates = new ArrayList<>();

    final List<Integer> successorActions = new ArrayList<>();
    final List<long[]> violations = new ArrayList<>();

    Expander(Model model, boolean partialOrder) {
        this.rules = new StateExpander(model, partialOrder);
        this.words = model.info().stateWords();
    }

    int taskOf(int action) {
        return rules.taskOf(action);
    }

    long transitions() {
        return rules.transitions();
    }

    long reduced() {
        return rules.reduced();
    }

    /** Expands {@code state} (at {@code depth}); the successors and violations are in the lists until the next call. */
    void expand(long[] state, int depth) {
        successorStates.clear();
        successorActions.clear();
        violations.clear();
        int count = rules.expand(state);
        for (int k = 0; k < count; k++) {
            int result = rules.result(k);
            if (result <= -2) {
                violations.add(Violations.of(
                        ViolationKind.MODEL_ERROR, Fingerprint.of(state), rules.action(k), depth + 1, result));
                continue;
            }
            long[] next = new long[words];
            rules.state(k, next);
            successorStates.add(next);
            successorActions.add(rules.action(k));
        }
        long busy = rules.deadlocked();
        if (busy != 0) {
            violations.add(Violations.of(ViolationKind.DEADLOCK, Fingerprint.of(state), -1, depth, busy));
        }
    }

    /** @return whether {@code state} is a deadlock (a task busy, nothing enabled), as a busy-task mask, or 0 */
    long deadlockedTasks(long[] state) {
        return rules.deadlockedTasks(state);
    }
}
