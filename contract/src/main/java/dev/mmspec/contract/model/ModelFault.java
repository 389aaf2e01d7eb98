package dev.mmspec.contract.model;

/**
 * Thrown inside generated transition code when a step hits a model error (a value out of bounds, a {@code none}
 * dereferenced, a guard or the lock order broken, a failed {@code assert}); {@link Model#apply} turns it into its error
 * result. It carries no stack trace: it is a result, not a bug in mmspec.
 */
public final class ModelFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int error;

    public ModelFault(int error) {
        super("model error " + error, null, false, false);
        this.error = error;
    }

    /** @return the index into {@code ModelInfo.errors()}. */
    public int error() {
        return error;
    }
}
