package dev.mmspec.generator.diag;

import java.util.Objects;

/**
 * One finding about a spec file: a stable code ({@code MM0301}), where, what to do, and a hint when one is known.
 * Printed as {@code path:line:col: error[MM0301]: message} plus an indented hint line.
 *
 * @param file the spec file as the user named it
 * @param span where
 * @param severity error or warning
 * @param code stable code; see {@link Codes}
 * @param message what is wrong, quoting the offending name
 * @param hint how to fix it, or "" when none is known
 */
public record Diagnostic(String file, Span span, Severity severity, String code, String message, String hint) {

    public enum Severity {
        ERROR,
        WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    public static Diagnostic error(String file, Span span, String code, String message, String hint) {
        return new Diagnostic(file, span, Severity.ERROR, code, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** @return the diagnostic as the CLI and the Maven goal print it (one or two lines). */
    public String render() {
        String head =
                file + ":" + span.line() + ":" + span.column() + ": " + severity.label() + "[" + code + "]: " + message;
        return hint.isEmpty() ? head : head + "\n    hint: " + hint;
    }
}
