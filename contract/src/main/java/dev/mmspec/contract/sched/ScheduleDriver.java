package dev.mmspec.contract.sched;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Drives a {@link ControlledScheduler} without a model: each task runs a fixed program (a list of operations, one after
 * another) and a strategy chooses, at every stop, which task runs next. The choices are recorded, so that any run can
 * be replayed exactly with {@link #replay}.
 *
 * <p>Strategies: uniform random choice among the runnable tasks, or PCT (probabilistic concurrency testing: random task
 * priorities with {@code depth - 1} random priority drops), which finds bugs needing few ordering constraints with a
 * known probability.
 */
public final class ScheduleDriver {

    /** How the next task is chosen. */
    public enum Strategy {
        RANDOM,
        PCT
    }

    /** One stop of one task, in run order. */
    public record Event(int task, Stop stop) {
        @Override
        public String toString() {
            return "t" + task + ": " + stop;
        }
    }

    /**
     * @param choices the task chosen at each turn (replayable)
     * @param events every stop, in order
     * @param deadlock whether the run ended with every unfinished task blocked
     * @param exhausted whether the run hit the turn limit
     */
    public record Result(List<Integer> choices, List<Event> events, boolean deadlock, boolean exhausted) {
        public Result {
            choices = List.copyOf(choices);
            events = List.copyOf(events);
        }

        /** @return the stops where a task failed or timed out. */
        public List<Event> failures() {
            return events.stream()
                    .filter(e -> e.stop().kind() == Stop.Kind.FAILED || e.stop().kind() == Stop.Kind.TIMEOUT)
                    .toList();
        }

        /** @return the outcomes of the finished operations of {@code task}, in order. */
        public List<String> outcomes(int task) {
            return events.stream()
                    .filter(e -> e.task() == task && e.stop().kind() == Stop.Kind.FINISHED)
                    .map(e -> e.stop().outcome())
                    .toList();
        }
    }

    private final ControlledScheduler scheduler;
    private final List<List<Callable<String>>> programs;
    private final int[] next;
    private final boolean[] dead;
    private final List<Integer> choices = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    private ScheduleDriver(ControlledScheduler scheduler, List<List<Callable<String>>> programs) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.programs = List.copyOf(programs);
        this.next = new int[programs.size()];
        this.dead = new boolean[programs.size()];
    }

    /**
     * Runs {@code programs} (task i runs {@code programs.get(i)}) under {@code strategy} from {@code seed}, for at most
     * {@code maxTurns} turns.
     *
     * @param depth PCT's bug depth (number of priority drops + 1); ignored for {@link Strategy#RANDOM}
     */
    public static Result run(
            ControlledScheduler scheduler,
            List<List<Callable<String>>> programs,
            Strategy strategy,
            long seed,
            int depth,
            int maxTurns) {
        ScheduleDriver driver = new ScheduleDriver(scheduler, programs);
        Random random = new Random(seed);
        int n = programs.size();
        int[] priority = new int[n];
        int[] dropAt = new int[Math.max(0, depth - 1)];
        if (strategy == Strategy.PCT) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            for (int i = 0; i < n; i++) {
                priority[order.get(i)] = dropAt.length + 1 + i;
            }
            for (int i = 0; i < dropAt.length; i++) {
                dropAt[i] = 1 + random.nextInt(Math.max(1, maxTurns));
            }
        }
        for (int turn = 0; turn < maxTurns; turn++) {
            List<Integer> runnable = driver.runnable();
            if (runnable.isEmpty()) {
                return driver.result(driver.unfinished(), false);
            }
            int chosen;
            if (strategy == Strategy.RANDOM) {
                chosen = runnable.get(random.nextInt(runnable.size()));
            } else {
                chosen = runnable.get(0);
                for (int t : runnable) {
                    if (priority[t] > priority[chosen]) {
                        chosen = t;
                    }
                }
                for (int i = 0; i < dropAt.length; i++) {
                    if (dropAt[i] == turn + 1) {
                        priority[chosen] = i + 1;
                    }
                }
            }
            driver.advance(chosen);
        }
        return driver.result(false, true);
    }

    /** Replays a recorded run: the same programs and the same choices give the same events. */
    public static Result replay(
            ControlledScheduler scheduler, List<List<Callable<String>>> programs, List<Integer> choices) {
        ScheduleDriver driver = new ScheduleDriver(scheduler, programs);
        for (int i = 0; i < choices.size(); i++) {
            int task = choices.get(i);
            if (!driver.runnable().contains(task)) {
                throw new IllegalStateException("replay diverged at turn " + i + ": task " + task
                        + " is not runnable; events so far " + driver.events);
            }
            driver.advance(task);
        }
        return driver.result(driver.runnable().isEmpty() && driver.unfinished(), false);
    }

    private List<Integer> runnable() {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < programs.size(); t++) {
            if (dead[t]) {
                continue;
            }
            boolean busy = scheduler.busy(t);
            if (busy
                    ? scheduler.blockedOn(t) == null
                    : next[t] < programs.get(t).size()) {
                out.add(t);
            }
        }
        return out;
    }

    private boolean unfinished() {
        for (int t = 0; t < programs.size(); t++) {
            if (!dead[t] && (scheduler.busy(t) || next[t] < programs.get(t).size())) {
                return true;
            }
        }
        return false;
    }

    private void advance(int task) {
        choices.add(task);
        Stop stop = scheduler.busy(task)
                ? scheduler.resume(task)
                : scheduler.start(task, programs.get(task).get(next[task]++));
        events.add(new Event(task, stop));
        if (stop.kind() == Stop.Kind.FAILED || stop.kind() == Stop.Kind.TIMEOUT) {
            dead[task] = true;
        }
    }

    private Result result(boolean deadlock, boolean exhausted) {
        return new Result(choices, events, deadlock, exhausted);
    }
}
