package dev.mmspec.runtime;

/**
 * A kernel-side BUG condition was reached (the kernel would oops): the runtime reports it with the state that shows it,
 * records it on the {@link Kernel}, and unwinds the offending operation.
 */
public final class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String condition;

    public KernelBug(String condition, String dump) {
        super("BUG: " + condition + (dump.isEmpty() ? "" : "\n  " + dump));
        this.condition = condition;
    }

    /** @return the condition alone, without the dump ({@code migration entry for an unlocked folio}). */
    public String condition() {
        return condition;
    }
}
