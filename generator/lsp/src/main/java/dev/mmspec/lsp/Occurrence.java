package dev.mmspec.lsp;

import dev.mmspec.generator.diag.Span;

/** One place a symbol's name is written: its declaration or a use. */
record Occurrence(Span span, Symbol symbol, boolean declaration) {

    /**
     * @return whether the 1-based {@code line:column} falls on the name, or just after it (a cursor at a word's end)
     */
    boolean covers(int line, int column) {
        return span.line() == line && span.column() <= column && column <= span.endColumn();
    }
}
