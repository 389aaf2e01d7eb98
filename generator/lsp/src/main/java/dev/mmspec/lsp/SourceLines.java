package dev.mmspec.lsp;

import dev.mmspec.generator.diag.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between the spec compiler's places and the protocol's. A {@link Span} has 1-based lines and 1-based columns
 * counted in code points (ANTLR's), its end the character after the last; an LSP {@link Position} has 0-based lines and
 * 0-based characters counted in UTF-16 units. The two columns differ only past a character outside the Basic
 * Multilingual Plane, which is why the conversion needs the line's text.
 */
final class SourceLines {
    private final String[] lines;

    SourceLines(String text) {
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    Range range(Span span) {
        if (span.line() <= 0) {
            // Span.NONE and Span.at(1, 1) of a file-level problem both land on the first character.
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        return new Range(position(span.line(), span.column()), position(span.endLine(), span.endColumn()));
    }

    /** @return the protocol position of a 1-based line and code-point column, clamped to the text */
    Position position(int line, int column) {
        int index = Math.min(Math.max(line - 1, 0), lines.length - 1);
        String text = lines[index];
        int codePoints = Math.max(column - 1, 0);
        int utf16 = text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        return new Position(index, utf16);
    }

    /** @return the 1-based code-point column of a protocol position on its line */
    int column(Position position) {
        if (position.getLine() < 0 || position.getLine() >= lines.length) {
            return 1;
        }
        String text = lines[position.getLine()];
        int utf16 = Math.min(Math.max(position.getCharacter(), 0), text.length());
        return text.codePointCount(0, utf16) + 1;
    }

    /** @return the text of a 1-based line, or "" past the end */
    String line(int line) {
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
