package dev.mmspec.support.sut;

import dev.mmspec.support.sched.ControlledScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A {@link SystemUnderTest} whose operations run as simulated tasks under a {@link
 * ControlledScheduler} that stops them at spec step points (labels without the {@code lock:}
 * prefix). Generated conformance adapters extend it with the spec's operations and abstraction.
 */
public abstract class ScheduledSystemUnderTest implements SystemUnderTest {
    /** Long enough for any single step; a step that takes longer is stuck, not slow. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private final ControlledScheduler scheduler = new ControlledScheduler(label -> !label.startsWith("lock:"), STEP_TIMEOUT);
    private final List<LockEvent> events = new ArrayList<>();
    private final BindingContext context;

    protected ScheduledSystemUnderTest(Collection<String> fixesOff) {
        this.context = new BindingContext(Set.copyOf(fixesOff), scheduler.hooks(), this::record, scheduler::currentTask);
    }

    /** @return the context to hand to the binding's factory. */
    protected final BindingContext context() {
        return context;
    }

    /** @return the body that runs {@code operation(arguments)} through the binding, returning its outcome. */
    protected abstract Callable<String> operation(int operation, int[] arguments);

    private void record(LockEvent event) {
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

    private StepReport report(ControlledScheduler.Stop stop) {
        List<LockEvent> drained;
        synchronized (events) {
            drained = List.copyOf(events);
            events.clear();
        }
        return switch (stop.kind()) {
            case POINT -> new StepReport(stop.label(), "", drained, "");
            case FINISHED -> new StepReport("", stop.outcome() == null ? "" : stop.outcome(), drained, "");
            case BLOCKED -> new StepReport(stop.label(), "", drained,
                    "blocked on " + stop.label() + " where the model's step could run");
            case FAILED -> new StepReport("", "", drained, "threw " + describe(stop.failure()));
            case TIMEOUT -> new StepReport("", "", drained, "did not reach its next step point within " + STEP_TIMEOUT.toSeconds() + "s");
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
