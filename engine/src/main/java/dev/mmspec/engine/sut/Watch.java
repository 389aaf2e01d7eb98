package dev.mmspec.engine.sut;

import dev.mmspec.contract.sched.SchedulingHooks;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Where an implementation's watched primitives report: the scheduling hooks of the test try and the lock-event sink of
 * its binding. An implementation that takes its locks and atomics from a {@code Watch} ({@link #lock},
 * {@link #atomicInteger}, ...) instead of {@code java.util.concurrent} gets a scheduling point before every access for
 * free, so that the controlled scheduler can interleave other tasks <em>inside</em> a spec step (between a {@code get}
 * and the {@code set} that should have been a compare-and-swap), and its locks report the spec's lock events without a
 * line of binding code.
 *
 * <p>In production pass {@link #NONE}: every point is a no-op and the primitives are the plain
 * {@code java.util.concurrent} ones underneath. Under test, the binding passes {@link BindingContext#watch()}.
 */
public final class Watch {
    /**
     * Labels of the points watched primitives make: never a spec step, passed through unless a check interrupts a step
     * there.
     */
    public static final String POINT_PREFIX = "watch:";

    /** No scheduling, no lock events: production. */
    public static final Watch NONE = new Watch(SchedulingHooks.NONE, event -> {}, () -> -1);

    private final SchedulingHooks hooks;
    private final Consumer<SpecLockEvent> lockEvents;
    private final IntSupplier currentTask;

    /**
     * @param hooks the scheduling hooks of the test try
     * @param lockEvents where lock events go, named as the spec names the locks
     * @param currentTask the simulated task of the calling thread, -1 outside tasks (no event is reported then)
     */
    public Watch(SchedulingHooks hooks, Consumer<SpecLockEvent> lockEvents, IntSupplier currentTask) {
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.lockEvents = Objects.requireNonNull(lockEvents, "lockEvents");
        this.currentTask = Objects.requireNonNull(currentTask, "currentTask");
    }

    /** @return whether {@code label} is a watched primitive's point rather than a spec step's. */
    public static boolean isWatchPoint(String label) {
        return label.startsWith(POINT_PREFIX);
    }

    /** @return a lock without a domain, reported as the spec's {@code name} ({@code cache_lock}). */
    public WatchedLock lock(String name) {
        return new WatchedLock(this, name, -1);
    }

    /** @return instance {@code index} of the spec's lock {@code name} ({@code bucket_lock[2]}). */
    public WatchedLock lock(String name, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("lock " + name + ": index must be >= 0, got " + index);
        }
        return new WatchedLock(this, name, index);
    }

    /** @param name what the points of this atomic are called in reports ({@code entry[0].ref}) */
    public WatchedAtomicInteger atomicInteger(String name, int initial) {
        return new WatchedAtomicInteger(this, name, initial);
    }

    /** @param name what the points of this atomic are called in reports */
    public WatchedAtomicLong atomicLong(String name, long initial) {
        return new WatchedAtomicLong(this, name, initial);
    }

    /** @param name what the points of this atomic are called in reports */
    public <V> WatchedAtomicReference<V> atomicReference(String name, V initial) {
        return new WatchedAtomicReference<>(this, name, initial);
    }

    SchedulingHooks hooks() {
        return hooks;
    }

    /** A scheduling point before access {@code what} ({@code entry[0].ref.get}). */
    void point(String what) {
        hooks.point(POINT_PREFIX + what);
    }

    /** Reports a lock event of the calling task; events outside simulated tasks (set-up) are not reported. */
    void lockEvent(SpecLockEvent.Kind kind, String lock, int index, boolean trylock) {
        int task = currentTask.getAsInt();
        if (task < 0) {
            return;
        }
        String site = StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(Watch.class.getName())
                                && !f.getClassName().equals(WatchedLock.class.getName()))
                        .findFirst()
                        .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName())
                        .orElse("?"));
        lockEvents.accept(new SpecLockEvent(task, kind, lock, index, false, site, trylock));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
