package dev.mmspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * A kernel under a controlled scheduler, stopping at step labels only, with a log of every stop: tests force an
 * interleaving by saying which task runs which step next.
 */
public final class Sim implements AutoCloseable {
    public final ControlledScheduler scheduler;
    public final Kernel kernel;
    public final List<String> log = new ArrayList<>();

    public Sim(KernelConfig config) {
        this(config, Labels::isStep);
    }

    /** @param stopsAt the labels to stop at: the steps, and for a test that needs a window inside one, a lock point */
    public Sim(KernelConfig config, Predicate<String> stopsAt) {
        this.scheduler = new ControlledScheduler(stopsAt, Duration.ofSeconds(10));
        this.kernel = new Kernel(config, scheduler.hooks());
    }

    /** Starts {@code body} on {@code task}; it stops at its first step point (or finishes). */
    public Stop start(int task, Callable<Object> body) {
        return record(task, scheduler.start(task, () -> {
            Object result = body.call();
            return result == null ? "" : result.toString();
        }));
    }

    /** Lets {@code task} run its next step. */
    public Stop step(int task) {
        return record(task, scheduler.resume(task));
    }

    /** Lets {@code task} run until it stops at {@code label} (which it will then run next). */
    public Stop stepTo(int task, String label) {
        Stop stop = step(task);
        while (stop.kind() == Stop.Kind.POINT && !stop.label().equals(label)) {
            stop = step(task);
        }
        assertEquals(label, stop.label(), "task " + task + " did not reach " + label + "; log " + log);
        return stop;
    }

    /** Runs {@code body} on {@code task} from start to end; fails if it blocks or throws. */
    public String run(int task, Callable<Object> body) {
        Stop stop = start(task, body);
        return finish(task, stop);
    }

    /** Lets a started task run to its end. */
    public String finish(int task) {
        return finish(task, step(task));
    }

    private String finish(int task, Stop stop) {
        while (stop.kind() == Stop.Kind.POINT) {
            stop = step(task);
        }
        if (stop.kind() == Stop.Kind.FAILED && stop.failure() instanceof RuntimeException e) {
            throw e;
        }
        assertEquals(Stop.Kind.FINISHED, stop.kind(), "task " + task + ": " + stop + "; log " + log);
        return stop.outcome();
    }

    private Stop record(int task, Stop stop) {
        log.add("t" + task + " " + stop);
        return stop;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
