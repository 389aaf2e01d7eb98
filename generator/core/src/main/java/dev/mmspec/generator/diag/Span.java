package dev.mmspec.generator.diag;

/**
 * Where a construct sits in its spec file: 1-based line and column of its first character, and of
 * the character after its last one.
 */
public record Span(int line, int column, int endLine, int endColumn) {

    /** A span for constructs that have no place in a file (built-in names). */
    public static final Span NONE = new Span(0, 0, 0, 0);

    public static Span at(int line, int column) {
        return new Span(line, column, line, column + 1);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
