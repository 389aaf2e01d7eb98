package dev.mmspec.engine.trace;

/**
 * A trace that does not replay on a model: an action that is not enabled, a different step or outcome, fixes that do
 * not match, or a violation that does not reappear.
 */
public final class ReplayException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int step;

    public ReplayException(int step, String message) {
        super(step > 0 ? "step " + step + ": " + message : message);
        this.step = step;
    }

    /** @return the 1-based step that diverged, or 0 if the trace as a whole does not match. */
    public int step() {
        return step;
    }
}
