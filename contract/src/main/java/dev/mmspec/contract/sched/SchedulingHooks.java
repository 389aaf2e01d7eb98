package dev.mmspec.contract.sched;

/**
 * What instrumented code (the runtime) calls so that a scheduler can interleave it. In production every call is a no-op
 * ({@link #NONE}); under test a {@link ControlledScheduler} parks the calling simulated task at each point until it is
 * chosen to run again.
 */
public interface SchedulingHooks {

    /** Hooks that do nothing: real threads, real parallelism, no control. */
    SchedulingHooks NONE = new SchedulingHooks() {
        @Override
        public void point(String label) {}

        @Override
        public void waitFor(String resource) {
            Thread.onSpinWait();
        }

        @Override
        public void released(String resource) {}

        @Override
        public boolean controlled() {
            return false;
        }
    };

    /**
     * A scheduling point. {@code label} is either a spec step label ({@code swap_out.unmap}: the task is about to run
     * that step) or a lock label ({@code lock:ptl}: the task is about to take a lock). The controlled scheduler may
     * switch tasks here.
     */
    void point(String label);

    /**
     * Called in a retry loop by a task that cannot proceed until {@code resource} (a lock) is released by another task:
     * parks it as blocked; it runs again after {@link #released}.
     */
    void waitFor(String resource);

    /** Called after {@code resource} was released, so that tasks waiting for it may retry. */
    void released(String resource);

    /** @return whether a controlled scheduler is deciding who runs (locks then never spin). */
    boolean controlled();
}
