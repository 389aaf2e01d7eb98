package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/** Lines of Java under construction, indented by the writer so that output is formatted by construction. */
final class Code {
    private final List<String> lines = new ArrayList<>();
    private int depth;

    Code line(String text) {
        lines.add(text.isEmpty() ? "" : "    ".repeat(depth) + text);
        return this;
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
