package dev.mmspec.engine.sut;

/**
 * The implementation a model is checked against, seen through its binding: one instance per test try, with the spec's
 * tasks as simulated tasks under a controlled scheduler. The generated adapter implements this over the spec's typed
 * binding interface.
 */
public interface SystemUnderTest extends AutoCloseable {

    /**
     * Starts {@code operation(arguments)} (indices as in the model's {@code ModelInfo}) on {@code task}, which must be
     * idle. The task runs up to its first step point and stops there.
     *
     * @return the label of the step it stopped at (its first step), or "" if it finished at once, with any failure
     */
    StepReport start(int task, int operation, int[] arguments);

    /** Lets {@code task} run its next step, up to its next step point or the end of its operation. */
    StepReport step(int task);

    /**
     * The abstraction function: writes the implementation's state into {@code out}, laid out as the model's packed
     * state. Only {@code STATE} slots are written; the caller fills the rest.
     */
    void abstractState(long[] out);

    /** Ends every simulated task; the instance is unusable afterwards. */
    @Override
    void close();
}
