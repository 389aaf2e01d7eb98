package dev.mmspec.runtime.lock;

/** A function was entered without the lock its {@code Context:} line requires. */
public final class ContextViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ContextViolation(String message) {
        super(message);
    }
}
