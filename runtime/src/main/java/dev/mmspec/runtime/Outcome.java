package dev.mmspec.runtime;

/** What an operation returned to its caller, as the spec names observable outcomes. */
public enum Outcome {
    /** Success, or nothing observable: the spec's "no outcome". */
    OK(""),
    /** The operation must be retried (GUP without faulting in, a raced fault). */
    EAGAIN("EAGAIN"),
    /** Bad address or refused access (GUP). */
    EFAULT("EFAULT"),
    /** Refused because the page may be pinned. */
    EBUSY("EBUSY"),
    /** No memory for a new folio. */
    ENOMEM("ENOMEM"),
    /** No free swap slot. */
    ENOSPC("ENOSPC"),
    /** Access beyond the end of the file. */
    SIGBUS("SIGBUS"),
    /** Access outside any VMA or against its protection. */
    SIGSEGV("SIGSEGV");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** @return the spec's outcome name, "" for {@link #OK}. */
    public String label() {
        return label;
    }
}
