package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one random run from one seed: at each step, the actions the model enables (an idle task's start actions while
 * the operation budget lasts, a busy task's continue action), one of them chosen by the {@link Schedule}. Everything it
 * chooses comes from its {@link SplittableRandom}, so a seed is a run.
 */
final class RunGenerator {
    private final Model model;
    private final ModelInfo info;
    private final PropertyConfig config;

    RunGenerator(Model model, PropertyConfig config) {
        this.model = model;
        this.info = model.info();
        this.config = config;
    }

    /** Runs one try on {@code execution}; it holds the steps and the failure, if any, afterwards. */
    void run(Execution execution, long seed) {
        if (execution.failure() != null) {
            return;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int tasks = info.tasks().size();
        Priorities priorities = config.schedule() instanceof Schedule.Pct pct
                ? new Priorities(random, tasks, pct.depth(), config.maxSteps())
                : null;
        long[] scratch = new long[info.stateWords()];
        List<List<Integer>> enabledByTask = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            enabledByTask.add(new ArrayList<>());
        }
        int operations = 0;
        for (int step = 0; step < config.maxSteps(); step++) {
            int enabledCount = 0;
            for (int t = 0; t < tasks; t++) {
                enabledByTask.get(t).clear();
            }
            for (int a = 0; a < info.actions().size(); a++) {
                boolean start = !info.actions().get(a).isContinue();
                if ((!start || operations < config.maxOperations()) && execution.enabled(a, scratch)) {
                    enabledByTask.get(info.actions().get(a).task()).add(a);
                    enabledCount++;
                }
            }
            if (enabledCount == 0) {
                execution.checkDeadlock();
                return;
            }
            int action = priorities == null
                    ? pickUniform(random, enabledByTask, enabledCount)
                    : priorities.pick(random, enabledByTask, step);
            if (!info.actions().get(action).isContinue()) {
                operations++;
            }
            if (execution.step(action) == Execution.Result.FAILED) {
                return;
            }
        }
    }

    private static int pickUniform(SplittableRandom random, List<List<Integer>> enabledByTask, int count) {
        int choice = random.nextInt(count);
        for (List<Integer> actions : enabledByTask) {
            if (choice < actions.size()) {
                return actions.get(choice);
            }
            choice -= actions.size();
        }
        throw new AssertionError(choice);
    }

    /** PCT's priorities: distinct and random at the start, the running task demoted at each change point. */
    private static final class Priorities {
        private final int[] priority;
        private final int[] changeAt;

        Priorities(SplittableRandom random, int tasks, int depth, int maxSteps) {
            priority = new int[tasks];
            for (int t = 0; t < tasks; t++) {
                priority[t] = depth + t;
            }
            for (int t = tasks - 1; t > 0; t--) {
                int j = random.nextInt(t + 1);
                int swap = priority[t];
                priority[t] = priority[j];
                priority[j] = swap;
            }
            changeAt = new int[depth - 1];
            for (int i = 0; i < changeAt.length; i++) {
                changeAt[i] = random.nextInt(maxSteps);
            }
        }

        int pick(SplittableRandom random, List<List<Integer>> enabledByTask, int step) {
            int task = highest(enabledByTask);
            for (int i = 0; i < changeAt.length; i++) {
                if (changeAt[i] == step) {
                    priority[task] = i;
                    task = highest(enabledByTask);
                }
            }
            List<Integer> actions = enabledByTask.get(task);
            return actions.get(random.nextInt(actions.size()));
        }

        private int highest(List<List<Integer>> enabledByTask) {
            int best = -1;
            for (int t = 0; t < priority.length; t++) {
                if (!enabledByTask.get(t).isEmpty() && (best < 0 || priority[t] > priority[best])) {
                    best = t;
                }
            }
            return best;
        }
    }
}
