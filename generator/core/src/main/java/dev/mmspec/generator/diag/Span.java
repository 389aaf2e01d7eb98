package dev.mmspec.generator.diag;

/**
 * Where a construct sits in its spec file: 1-based line and column of its first character, and of the character after
 * its last one.
 */
public record Span(int line, int column, int endLine, int endColumn) {

    /** A span for constructs that have no place in a file (built-in names). */
    public static final Span NONE = new Span(0, 0, 0, 0);

    public static Span at(int line, int column) {
        return new Span(line, column, line, column + 1);
    }

    /** @return whether {@code other} starts at or after this span's start and before its end. */
    public boolean contains(Span other) {
        boolean afterStart = other.line > line || other.line == line && other.column >= column;
        boolean beforeEnd = other.line < endLine || other.line == endLine && other.column < endColumn;
        return afterStart && beforeEnd;
    }

    /** @return whether this span starts before {@code other} does. */
    public boolean startsBefore(Span other) {
        return line < other.line || line == other.line && column < other.column;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
