package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shrinks a failing run to a minimal valid one: every action enabled where it is taken, and the same failure (kind and
 * name) at the end. Candidates are tried from the coarsest to the finest, and one is kept only if it is shorter, or as
 * short with fewer context switches, so shrinking ends:
 *
 * <ol>
 *   <li>remove a whole operation invocation (its start and every continue of it);
 *   <li>remove a task (every step it takes);
 *   <li>reduce context switches: move a stretch of one task's steps up to just after that task's previous step, or swap
 *       two neighbouring steps of different tasks;
 *   <li>remove single steps.
 * </ol>
 *
 * A candidate that fails the same way earlier is cut there. The budget is a count of replays, so the result does not
 * depend on the machine; the wall-clock limit is only a safety net.
 */
final class Shrinker {
    private final Model model;
    private final ModelInfo info;
    private final Supplier<SystemUnderTest> sut;
    private final Violation target;
    private final int maxRuns;
    private final long deadlineNanos;
    private int runs;

    Shrinker(Model model, Supplier<SystemUnderTest> sut, Violation target, int maxRuns, long timeNanos) {
        this.model = model;
        this.info = model.info();
        this.sut = sut;
        this.target = target;
        this.maxRuns = maxRuns;
        this.deadlineNanos = System.nanoTime() + timeNanos;
    }

    int runs() {
        return runs;
    }

    int[] shrink(int[] failing) {
        int[] current = failing;
        boolean progress = true;
        while (progress && !exhausted()) {
            progress = false;
            for (int pass = 0; pass < 4 && !progress && !exhausted(); pass++) {
                int[] better = switch (pass) {
                    case 0 -> firstAccepted(current, removeInvocations(current));
                    case 1 -> firstAccepted(current, removeTasks(current));
                    case 2 -> firstAccepted(current, reduceSwitches(current));
                    default -> firstAccepted(current, removeSingleSteps(current));
                };
                if (better != null) {
                    current = better;
                    progress = true;
                }
            }
        }
        return current;
    }

    private boolean exhausted() {
        return runs >= maxRuns || System.nanoTime() - deadlineNanos > 0;
    }

    private int[] firstAccepted(int[] current, List<int[]> candidates) {
        for (int[] candidate : candidates) {
            if (exhausted()) {
                return null;
            }
            if (!smaller(candidate, current)) {
                continue;
            }
            int[] kept = failsTheSameWay(candidate);
            if (kept != null && smaller(kept, current)) {
                return kept;
            }
        }
        return null;
    }

    private boolean smaller(int[] a, int[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return ModelText.contextSwitches(info, a) < ModelText.contextSwitches(info, b);
    }

    /** @return the candidate cut at its failure if it is valid and fails the same way, else null. */
    int[] failsTheSameWay(int[] candidate) {
        runs++;
        try (Execution execution = new Execution(model, sut == null ? null : sut.get(), null)) {
            for (int i = 0; i < candidate.length && execution.failure() == null; i++) {
                if (execution.step(candidate[i]) == Execution.Result.DISABLED) {
                    return null;
                }
            }
            if (execution.failure() == null) {
                execution.checkDeadlock();
            }
            Failure failure = execution.failure();
            if (failure == null || !failure.violation().equals(target)) {
                return null;
            }
            return Arrays.copyOf(candidate, execution.steps().size());
        }
    }

    /** Each invocation as the indices of its steps: a start action and the continues of that task after it. */
    private List<List<Integer>> invocations(int[] actions) {
        List<List<Integer>> invocations = new ArrayList<>();
        List<Integer>[] open = newOpen();
        for (int i = 0; i < actions.length; i++) {
            ModelInfo.Action a = info.actions().get(actions[i]);
            if (!a.isContinue() || open[a.task()] == null) {
                open[a.task()] = new ArrayList<>();
                invocations.add(open[a.task()]);
            }
            open[a.task()].add(i);
        }
        return invocations;
    }

    @SuppressWarnings("unchecked")
    private List<Integer>[] newOpen() {
        return new List[info.tasks().size()];
    }

    private List<int[]> removeInvocations(int[] actions) {
        List<int[]> candidates = new ArrayList<>();
        for (List<Integer> invocation : invocations(actions)) {
            candidates.add(without(actions, invocation));
        }
        return candidates;
    }

    private List<int[]> removeTasks(int[] actions) {
        List<int[]> candidates = new ArrayList<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            List<Integer> steps = new ArrayList<>();
            for (int i = 0; i < actions.length; i++) {
                if (info.actions().get(actions[i]).task() == t) {
                    steps.add(i);
                }
            }
            if (!steps.isEmpty() && steps.size() < actions.length) {
                candidates.add(without(actions, steps));
            }
        }
        return candidates;
    }

    private List<int[]> reduceSwitches(int[] actions) {
        List<int[]> candidates = new ArrayList<>();
        for (int i = 1; i < actions.length; i++) {
            int task = taskAt(actions, i);
            if (task == taskAt(actions, i - 1)) {
                continue;
            }
            int end = i;
            while (end + 1 < actions.length && taskAt(actions, end + 1) == task) {
                end++;
            }
            int previous = i - 1;
            while (previous >= 0 && taskAt(actions, previous) != task) {
                previous--;
            }
            if (previous >= 0) {
                candidates.add(move(actions, i, end, previous + 1));
            }
            int[] swapped = actions.clone();
            swapped[i - 1] = actions[i];
            swapped[i] = actions[i - 1];
            candidates.add(swapped);
        }
        return candidates;
    }

    private List<int[]> removeSingleSteps(int[] actions) {
        List<int[]> candidates = new ArrayList<>();
        for (int i = actions.length - 1; i >= 0; i--) {
            candidates.add(without(actions, List.of(i)));
        }
        return candidates;
    }

    private int taskAt(int[] actions, int i) {
        return info.actions().get(actions[i]).task();
    }

    private static int[] without(int[] actions, List<Integer> indices) {
        int[] result = new int[actions.length - indices.size()];
        int n = 0;
        for (int i = 0; i < actions.length; i++) {
            if (!indices.contains(i)) {
                result[n++] = actions[i];
            }
        }
        return result;
    }

    /** Moves {@code actions[from..to]} to position {@code at} (at <= from). */
    private static int[] move(int[] actions, int from, int to, int at) {
        int[] result = new int[actions.length];
        int n = 0;
        for (int i = 0; i < at; i++) {
            result[n++] = actions[i];
        }
        for (int i = from; i <= to; i++) {
            result[n++] = actions[i];
        }
        for (int i = at; i < from; i++) {
            result[n++] = actions[i];
        }
        for (int i = to + 1; i < actions.length; i++) {
            result[n++] = actions[i];
        }
        return result;
    }
}
