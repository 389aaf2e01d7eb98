package dev.mmspec.engine.trace.json;

/** JSON text that does not parse, with the 1-based line and column of the problem. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public JsonException(int line, int column, String problem) {
        super(line + ":" + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
