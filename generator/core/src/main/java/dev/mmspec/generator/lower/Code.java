package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of Java under construction, indented by the writer so that output is formatted by
 * construction. {@link #line(String)} takes the generator's own Java; spec text goes in only through
 * {@link #comment}, {@link #doc} and the comment of {@link #line(String, String)}, or as a literal
 * from {@link JavaText#literal}.
 */
final class Code {
    private final List<String> lines = new ArrayList<>();
    private int depth;

    Code line(String text) {
        lines.add(text.isEmpty() ? "" : "    ".repeat(depth) + text);
        return this;
    }

    /** A {@code //} comment line; {@code text} may hold anything (see {@link JavaText}). */
    Code comment(String text) {
        return line("// " + JavaText.lineComment(text));
    }

    /** A line of Java, {@code java} (the generator's own text), ending in a comment that may hold anything. */
    Code line(String java, String comment) {
        return line(java + " // " + JavaText.lineComment(comment));
    }

    /** A one-line Javadoc comment; {@code text} may hold anything. */
    Code doc(String text) {
        return line("/** " + JavaText.javadoc(text) + " */");
    }

    Code open(String text) {
        line(text + " {");
        depth++;
        return this;
    }

    Code close() {
        depth--;
        line("}");
        return this;
    }

    /** Closes a block and opens the next on the same line: {@code } else {}. */
    Code reopen(String text) {
        depth--;
        line("} " + text + " {");
        depth++;
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
