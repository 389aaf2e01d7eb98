package dev.mmspec.engine.explore;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions worth trying from a state, by task: an idle task's start actions, a busy task's continue action. Only
 * those can be enabled, so the explorer never calls {@code apply} on the rest.
 */
final class Successors {
    final int tasks;
    final int[] taskOf;
    final int[] continueAction;
    final int[][] startActions;
    /** An upper bound on the successors of one state: what sizes the rounds between table growths. */
    final int maxPerState;

    Successors(ModelInfo info) {
        tasks = info.tasks().size();
        taskOf = new int[info.actions().size()];
        continueAction = new int[tasks];
        java.util.Arrays.fill(continueAction, -1);
        List<List<Integer>> starts = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            starts.add(new ArrayList<>());
        }
        for (int a = 0; a < taskOf.length; a++) {
            Action action = info.actions().get(a);
            taskOf[a] = action.task();
            if (action.isContinue()) {
                continueAction[action.task()] = a;
            } else {
                starts.get(action.task()).add(a);
            }
        }
        startActions = new int[tasks][];
        int bound = 0;
        for (int t = 0; t < tasks; t++) {
            startActions[t] = starts.get(t).stream().mapToInt(Integer::intValue).toArray();
            bound += Math.max(startActions[t].length, continueAction[t] >= 0 ? 1 : 0);
        }
        maxPerState = Math.max(1, bound);
    }
}
