package dev.mmspec.engine.trace;

import java.io.IOException;

/** A trace file that cannot be read: says which file, which line and what is wrong with it. */
public final class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String problem;

    public TraceFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** @return the file (or other source) being read. */
    public String source() {
        return source;
    }

    /** @return the 1-based line of the problem (0 if it concerns the whole file). */
    public int line() {
        return line;
    }

    /** @return the problem without the location. */
    public String problem() {
        return problem;
    }
}
