package dev.mmspec.distributed.spark;

import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The successors of one state, exactly as the local explorer's level worker computes them, so that
 * the Spark search stores the same states: an idle task's start actions and a busy task's continue
 * action; with partial-order reduction the first busy task's enabled independent step alone; a step
 * back to the same state counted but not kept; successors canonicalized under symmetry; a deadlock
 * where a task is busy and nothing is enabled; a model error where a step fails.
 *
 * <p>The local worker is not reused because it is bound to the in-JVM tables; this copies its three
 * decisions ({@code trySuccessors}, {@code tryIndependentStep}, {@code tryAction}), not its storage.
 * {@code SparkExplorerTest} keeps the two in step: every shipped spec, every fix, the same counts.
 */
final class Expander {
    private final Model model;
    private final ModelInfo info;
    private final int words;
    private final int tasks;
    private final int[] taskOf;
    private final int[] continueAction;
    private final int[][] startActions;
    /** {@code independent[t][step]}: task t may run {@code step} alone; null for no reduction. */
    private final boolean[][] independent;
    private final boolean symmetric;
    private final long[] target;
    /** What one expansion produced: successors (state, action) and violations. */
    final List<long[]> successorStates = new ArrayList<>();
    final List<Integer> successorActions = new ArrayList<>();
    final List<long[]> violations = new ArrayList<>();
    long transitions;
    long reduced;

    Expander(Model model, boolean partialOrder) {
        this.model = model;
        this.info = model.info();
        this.words = info.stateWords();
        this.tasks = info.tasks().size();
        this.taskOf = new int[info.actions().size()];
        this.continueAction = new int[tasks];
        Arrays.fill(continueAction, -1);
        List<List<Integer>> starts = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            starts.add(new ArrayList<>());
        }
        for (int a = 0; a < taskOf.length; a++) {
            ModelInfo.Action action = info.actions().get(a);
            taskOf[a] = action.task();
            if (action.isContinue()) {
                continueAction[action.task()] = a;
            } else {
                starts.get(action.task()).add(a);
            }
        }
        this.startActions = new int[tasks][];
        for (int t = 0; t < tasks; t++) {
            startActions[t] = starts.get(t).stream().mapToInt(Integer::intValue).toArray();
        }
        this.independent = partialOrder ? independentSteps(info) : null;
        this.symmetric = info.symmetric();
        this.target = new long[words];
    }

    /** As the local explorer decides it: asked for, no symmetry, and some step declared independent. */
    private static boolean[][] independentSteps(ModelInfo info) {
        if (info.symmetric() || info.independentSteps().stream().allMatch(List::isEmpty)) {
            return null;
        }
        boolean[][] independent = new boolean[info.tasks().size()][info.steps().size()];
        for (int t = 0; t < independent.length; t++) {
            for (int step : info.independentSteps().get(t)) {
                independent[t][step] = true;
            }
        }
        return independent;
    }

    int taskOf(int action) {
        return taskOf[action];
    }

    /**
     * Expands {@code state} (at {@code depth}); the successors and violations are in the lists until
     * the next call. Violations are {@link Violations} records.
     */
    void expand(long[] state, int depth) {
        successorStates.clear();
        successorActions.clear();
        violations.clear();
        if (independent != null && tryIndependentStep(state, depth)) {
            reduced++;
            return;
        }
        long enabledBefore = transitions;
        long busy = 0;
        for (int t = 0; t < tasks; t++) {
            if (model.idle(state, t)) {
                for (int action : startActions[t]) {
                    tryAction(state, action, depth);
                }
            } else {
                busy |= 1L << t;
                if (continueAction[t] >= 0) {
                    tryAction(state, continueAction[t], depth);
                }
            }
        }
        if (busy != 0 && transitions == enabledBefore) {
            violations.add(Violations.of(ViolationKind.DEADLOCK, Fingerprint.of(state), -1, depth, busy));
        }
    }

    /** @return whether the first busy task's independent next step ran alone (and left the state) */
    private boolean tryIndependentStep(long[] state, int depth) {
        for (int t = 0; t < tasks; t++) {
            if (!model.idle(state, t) && independent[t][model.nextStep(state, t)]) {
                int before = successorStates.size() + violations.size();
                tryAction(state, continueAction[t], depth);
                if (successorStates.size() + violations.size() > before) {
                    return true;
                }
            }
        }
        return false;
    }

    private void tryAction(long[] state, int action, int depth) {
        int result = model.apply(state, action, target);
        if (result == Model.DISABLED) {
            return;
        }
        transitions++;
        if (result <= -2) {
            violations.add(Violations.of(ViolationKind.MODEL_ERROR, Fingerprint.of(state), action, depth + 1, result));
            return;
        }
        if (symmetric) {
            model.canonicalize(target);
        }
        if (!Arrays.equals(target, state)) {
            successorStates.add(target.clone());
            successorActions.add(action);
        }
    }

    /** @return whether {@code state} is a deadlock (a task busy, nothing enabled), as a busy-task mask, or 0 */
    long deadlockedTasks(long[] state) {
        long busy = 0;
        for (int t = 0; t < tasks; t++) {
            if (model.idle(state, t)) {
                for (int action : startActions[t]) {
                    if (model.apply(state, action, target) != Model.DISABLED) {
                        return 0;
                    }
                }
            } else {
                busy |= 1L << t;
                if (continueAction[t] >= 0 && model.apply(state, continueAction[t], target) != Model.DISABLED) {
                    return 0;
                }
            }
        }
        return busy;
    }
}
