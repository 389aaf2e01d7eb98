package dev.mmspec.runtime.lock;

import dev.mmspec.contract.sched.SchedulingHooks;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What every watched lock of one kernel shares: the scheduling hooks, the lockdep checker and the listeners that
 * receive lock events. One per {@code Kernel}.
 */
public final class LockEnv {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final SchedulingHooks hooks;
    private final Lockdep lockdep = new Lockdep();
    private final List<Consumer<LockEvent>> listeners = new CopyOnWriteArrayList<>();

    public LockEnv(SchedulingHooks hooks) {
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    public SchedulingHooks hooks() {
        return hooks;
    }

    public Lockdep lockdep() {
        return lockdep;
    }

    /** Adds a listener; it runs on the thread (simulated task) that took or released the lock. */
    public void addListener(Consumer<LockEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void emit(LockEvent event) {
        for (Consumer<LockEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    /** @return the first caller outside this package, as {@code Class.method:line}. */
    static String site() {
        return sites(1);
    }

    /**
     * @return the first {@code depth} callers outside this package, innermost first, joined by " < " (a stack walk:
     *     only for events someone listens to and for new lockdep edges)
     */
    static String sites(int depth) {
        return WALKER.walk(frames -> frames.filter(f -> !f.getClassName().startsWith("dev.mmspec.runtime.lock."))
                .limit(depth)
                .map(f -> {
                    String cls = f.getClassName();
                    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
                })
                .reduce((a, b) -> a + " < " + b)
                .orElse("?"));
    }
}
