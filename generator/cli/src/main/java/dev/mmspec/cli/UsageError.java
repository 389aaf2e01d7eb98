package dev.mmspec.cli;

/**
 * A usage error a command finds once its arguments are parsed (no such fix in the spec, no spec files, options that
 * exclude each other): reported as picocli reports its own, the message then the command's usage, exit 2
 * ({@link Main}). Not picocli's {@code ParameterException}, which needs a built command line: {@code explore}'s fast
 * path ({@link ExploreArguments}) builds none unless there is an error to report.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
