package dev.mmspec.generator.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one spec file. Checkers report; only the driver decides whether to stop ("checkers
 * collect, drivers decide").
 */
public final class Reporter {
    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public Reporter(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Reports with the code's own severity. */
    public void report(Codes code, Span span, String message, String hint) {
        diagnostics.add(
                new Diagnostic(file, span == null ? Span.NONE : span, code.severity(), code.code(), message, hint));
    }

    public void report(Codes code, Span span, String message) {
        report(code, span, message, "");
    }

    /** @return whether an error was reported inside {@code span} (a construct an earlier pass rejected). */
    public boolean hasErrorWithin(Span span) {
        return diagnostics.stream().anyMatch(d -> d.isError() && span.contains(d.span()));
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) diagnostics.stream().filter(Diagnostic::isError).count();
    }

    /** @return the diagnostics by position, then code; stable for equal positions. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line())
                .thenComparingInt(d -> d.span().column())
                .thenComparing(Diagnostic::code));
        return List.copyOf(copy);
    }
}
