package dev.mmspec.engine.sut;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.SchedulingHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link SystemUnderTest} whose operations run as simulated tasks under a {@link ControlledScheduler} that stops them
 * at spec step points (labels without the {@code lock:} or {@link Watch#POINT_PREFIX watch:} prefix). Generated
 * conformance adapters extend it with the spec's operations and abstraction.
 *
 * <p>Two more ways to run the same binding: {@link #stepInterrupted} stops a step at one of its watched primitives'
 * points, so that another task can run in the middle of it; {@link #runFree} runs a whole operation on the calling
 * thread, uncontrolled, for the real-thread stress mode.
 */
public abstract class ScheduledSystemUnderTest implements SystemUnderTest {
    /** Long enough for any single step; a step that takes longer is stuck, not slow. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    /** Watch points still to pass before the stepping task stops at one; 0: never stop at them. */
    private final AtomicInteger watchPointsToPass = new AtomicInteger();

    private final ControlledScheduler scheduler = new ControlledScheduler(this::stopsAt, STEP_TIMEOUT);
    private final List<SpecLockEvent> events = new ArrayList<>();
    private final ThreadLocal<Integer> freeTask = new ThreadLocal<>();
    private final ThreadLocal<Consumer<SpecLockEvent>> freeLockEvents = new ThreadLocal<>();
    private final BindingContext context;

    protected ScheduledSystemUnderTest(Collection<String> fixesOff) {
        this.context = new BindingContext(Set.copyOf(fixesOff), new Hooks(), this::record, this::currentTask);
    }

    /**
     * The scheduler's hooks, except on a thread running {@link #runFree}: there a watched access sometimes yields the
     * processor, so that real threads also get to run between a step's two accesses (a noise maker, as in IBM's
     * ConTest), where otherwise the window is a few instructions.
     */
    private final class Hooks implements SchedulingHooks {
        private final SchedulingHooks controlled = scheduler.hooks();

        @Override
        public void point(String label) {
            if (freeTask.get() != null) {
                if (Watch.isWatchPoint(label) && ThreadLocalRandom.current().nextInt(4) == 0) {
                    Thread.yield();
                }
                return;
            }
            controlled.point(label);
        }

        @Override
        public void waitFor(String resource) {
            controlled.waitFor(resource);
        }

        @Override
        public void released(String resource) {
            controlled.released(resource);
        }

        @Override
        public boolean controlled() {
            return controlled.controlled();
        }
    }

    /** @return the context to hand to the binding's factory. */
    protected final BindingContext context() {
        return context;
    }

    /** @return the body that runs {@code operation(arguments)} through the binding, returning its outcome. */
    protected abstract Callable<String> operation(int operation, int[] arguments);

    private boolean stopsAt(String label) {
        if (label.startsWith("lock:")) {
            return false;
        }
        if (Watch.isWatchPoint(label)) {
            return watchPointsToPass.get() > 0 && watchPointsToPass.decrementAndGet() == 0;
        }
        return true;
    }

    private int currentTask() {
        int task = scheduler.currentTask();
        if (task >= 0) {
            return task;
        }
        Integer free = freeTask.get();
        return free == null ? -1 : free;
    }

    private void record(SpecLockEvent event) {
        Consumer<SpecLockEvent> free = freeLockEvents.get();
        if (free != null) {
            free.accept(event);
            return;
        }
        synchronized (events) {
            events.add(event);
        }
    }

    @Override
    public StepReport start(int task, int operation, int[] arguments) {
        return report(scheduler.start(task, operation(operation, arguments.clone())));
    }

    @Override
    public StepReport step(int task) {
        return report(scheduler.resume(task));
    }

    /**
     * Runs {@code task}'s step, but stops it just before the {@code watchPoint}-th access (1-based) it makes to a
     * watched primitive, in the middle of the step; {@link #step} then runs the rest.
     *
     * @return the report; {@link StepReport#interrupted()} says whether it stopped inside the step (else the step had
     *     fewer accesses and ran to its end)
     */
    public StepReport stepInterrupted(int task, int watchPoint) {
        if (watchPoint < 1) {
            throw new IllegalArgumentException("watchPoint is 1-based: " + watchPoint);
        }
        watchPointsToPass.set(watchPoint);
        try {
            return report(scheduler.resume(task));
        } finally {
            watchPointsToPass.set(0);
        }
    }

    /**
     * Runs {@code operation(arguments)} to its end on the calling thread, as simulated task {@code task} but under no
     * control: step points are no-ops, locks block for real, lock events go to {@code lockEvents}. For stress runs on
     * real threads, one thread per task.
     *
     * @return the operation's outcome ("" for none)
     */
    public String runFree(int task, int operation, int[] arguments, Consumer<SpecLockEvent> lockEvents)
            throws Exception {
        freeTask.set(task);
        freeLockEvents.set(lockEvents);
        try {
            String outcome = operation(operation, arguments.clone()).call();
            return outcome == null ? "" : outcome;
        } finally {
            freeTask.remove();
            freeLockEvents.remove();
        }
    }

    private StepReport report(ControlledScheduler.Stop stop) {
        List<SpecLockEvent> drained;
        synchronized (events) {
            drained = List.copyOf(events);
            events.clear();
        }
        return switch (stop.kind()) {
            case POINT -> new StepReport(stop.label(), "", drained, "");
            case FINISHED -> new StepReport("", stop.outcome() == null ? "" : stop.outcome(), drained, "");
            case BLOCKED ->
                new StepReport(
                        stop.label(), "", drained, "blocked on " + stop.label() + " where the model's step could run");
            case FAILED -> new StepReport("", "", drained, "threw " + describe(stop.failure()));
            case TIMEOUT ->
                new StepReport(
                        "", "", drained, "did not reach its next step point within " + STEP_TIMEOUT.toSeconds() + "s");
        };
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "an unknown failure";
        }
        StringBuilder out = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            out.append("\n        at ").append(trace[i]);
        }
        return out.toString();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
