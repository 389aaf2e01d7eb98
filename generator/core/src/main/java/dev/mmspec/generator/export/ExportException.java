package dev.mmspec.generator.export;

import dev.mmspec.generator.diag.Span;

/**
 * A construct of a checked spec that the translation does not carry over faithfully; the export command reports it at
 * its span instead of writing a file that would check something else.
 */
public final class ExportException extends RuntimeException {
    private final transient Span span;

    public ExportException(String message, Span span) {
        super(message);
        this.span = span;
    }

    public Span span() {
        return span;
    }
}
