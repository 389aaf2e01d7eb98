package dev.mmspec.runtime;

import dev.mmspec.contract.sched.SchedulingHooks;
import java.util.function.Consumer;

/**
 * Uncontrolled hooks, as {@link SchedulingHooks#NONE} (real threads, locks that spin), that also tell a test each
 * scheduling point passed: for tests that watch which steps and lock points an operation passes, or act at one.
 */
public final class WatchedHooks implements SchedulingHooks {
    private final Consumer<String> onPoint;

    /** @param onPoint called with each point's label, on the thread that passes it */
    public WatchedHooks(Consumer<String> onPoint) {
        this.onPoint = onPoint;
    }

    @Override
    public void point(String label) {
        onPoint.accept(label);
    }

    @Override
    public void waitFor(String resource) {
        SchedulingHooks.NONE.waitFor(resource);
    }

    @Override
    public void released(String resource) {
        SchedulingHooks.NONE.released(resource);
    }

    @Override
    public boolean controlled() {
        return false;
    }
}
