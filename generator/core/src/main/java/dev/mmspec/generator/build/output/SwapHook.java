package dev.mmspec.generator.build.output;

/**
 * Called at each {@link SwapPoint} of an output swap. Production code passes {@link #NONE}; the crash tests pass a hook
 * that throws an {@link Error} (a simulated death: no cleanup runs) or parks the thread until the test kills the JVM.
 */
@FunctionalInterface
public interface SwapHook {
    SwapHook NONE = point -> {};

    void reached(SwapPoint point);
}
