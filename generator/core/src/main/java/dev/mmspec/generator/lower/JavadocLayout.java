package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * The code writer's Javadoc step: fills every Javadoc comment of a generated file to {@value JavaLayout#LIMIT} columns
 * the way palantir-java-format (with its Javadoc formatting on, as the build runs it) lays Javadoc out, so that the
 * generated file is already what the formatter would write. Templates and lowering may therefore break their Javadoc
 * text anywhere; spec text of any length (a title, a path) lands on the lines the formatter would give it.
 *
 * <p>The layout, for the Javadoc the generator writes:
 *
 * <ul>
 *   <li>words fill lines after {@code " * "}, broken at any space, inside an inline tag too, but not right after its
 *       opening ({@code {@code a} stays whole);
 *   <li>{@code <p>} starts a paragraph after a blank line, glued to its first word, and so does a blank line;
 *   <li>{@code <ul>} comes after a blank line, each {@code <li>} two spaces in on a line of its own, its continuation
 *       lines four further in, and {@code </ul>} on a line of its own with a blank line after it;
 *   <li>the block tags ({@code @param}, {@code @return}, ...) come after a blank line, each on a line of its own, their
 *       continuation lines four spaces in;
 *   <li>a Javadoc whose text then fits on one line becomes {@code /** text *}{@code /}.
 * </ul>
 *
 * A Javadoc with any other HTML block ({@code <pre>}, {@code <table>}, headings) is left as it is.
 */
final class JavadocLayout {
    private static final int LIST_INDENT = 2;
    private static final int CONTINUATION = 4;
    private static final java.util.regex.Pattern INLINE_TAG_OPENER = java.util.regex.Pattern.compile("\\{@\\w+");

    private JavadocLayout() {}

    /** @return {@code text} (a whole file) with every Javadoc comment laid out as above */
    static String file(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 256);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int indent = line.indexOf("/**");
            int end = i;
            if (indent >= 0 && line.substring(0, indent).isBlank() && !line.startsWith("/***", indent)) {
                while (end < lines.length && !lines[end].contains("*/")) {
                    end++;
                }
            }
            if (indent < 0 || end == lines.length || !line.substring(0, indent).isBlank()) {
                out.append(line);
            } else {
                List<String> block = new ArrayList<>(List.of(lines).subList(i, end + 1));
                String laidOut = String.join("\n", javadoc(line.substring(0, indent), block));
                out.append(laidOut);
                i = end;
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * @param pad the spaces before {@code /**}
     * @param block the comment's lines, from the one with {@code /**} to the one with its end
     * @return the comment laid out, or {@code block} itself when it holds what this layout does not know
     */
    static List<String> javadoc(String pad, List<String> block) {
        String last = block.get(block.size() - 1);
        if (!last.strip().endsWith("*/")
                || !last.substring(last.indexOf("*/") + 2).isBlank()) {
            return block;
        }
        List<String> content = content(block);
        String all = String.join("\n", content);
        for (String unknown :
                List.of("<pre", "<table", "<h1", "<h2", "<h3", "<h4", "<ol", "<br", "<!--", "<blockquote")) {
            if (all.contains(unknown)) {
                return block;
            }
        }
        return new Writer(pad).write(content);
    }

    /**
     * @return the text lines of a Javadoc comment, without {@code /**}, the leading {@code *} and {@code *}{@code /}
     */
    private static List<String> content(List<String> block) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < block.size(); k++) {
            String line = block.get(k).strip();
            if (k == 0) {
                line = line.substring(3);
            }
            if (k == block.size() - 1) {
                line = line.substring(0, line.lastIndexOf("*/"));
            }
            line = line.strip();
            if (k > 0 && line.startsWith("*")) {
                line = line.substring(1).strip();
            }
            out.add(line);
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Writes the words of one Javadoc comment, as a formatter writes its tokens: requested breaks, then filling. */
    private static final class Writer {
        private final String pad;
        private final List<String> lines = new ArrayList<>();
        private StringBuilder line;
        /** 0: none, 1: a new line, 2: a blank line before the next word. */
        private int requested;

        private int lists;
        private boolean inItem;
        private boolean inBlockTag;
        private boolean wroteText;

        Writer(String pad) {
            this.pad = pad;
        }

        List<String> write(List<String> content) {
            String glue = "";
            for (Token token : tokens(content)) {
                String word = token.text();
                if (token.startsLine() && word.matches("@[a-zA-Z].*")) {
                    blockTag();
                    word(word);
                    inBlockTag = true;
                    continue;
                }
                if (word.startsWith("<p>")) {
                    paragraph();
                } else if (token.afterBlankLine() && wroteText && !inBlockTag && !startsTag(word)) {
                    paragraph();
                    word = "<p>" + word;
                }
                if (word.equals("<p>")) {
                    glue = word;
                    continue;
                }
                write(glue + word);
                glue = "";
            }
            if (!glue.isEmpty()) {
                write(glue);
            }
            flush();
            return finish();
        }

        private static boolean startsTag(String word) {
            return word.startsWith("<ul>") || word.startsWith("</ul>") || word.startsWith("<li>");
        }

        private void write(String word) {
            if (word.equals("<ul>")) {
                request(2);
                word(word);
                lists++;
                inItem = false;
                request(1);
            } else if (word.equals("</ul>")) {
                request(1);
                inItem = false;
                lists = Math.max(0, lists - 1);
                word(word);
                request(2);
            } else if (word.startsWith("<li>")) {
                request(1);
                inItem = false;
                word(word);
                inItem = true;
            } else {
                word(word);
            }
        }

        private void paragraph() {
            if (wroteText) {
                request(2);
            }
        }

        private void blockTag() {
            inItem = false;
            lists = 0;
            if (!wroteText) {
                // a Javadoc of tags only
            } else if (!inBlockTag) {
                request(2);
            } else {
                request(1);
            }
            inBlockTag = false;
        }

        private void request(int kind) {
            requested = Math.max(requested, kind);
        }

        private String indent() {
            return " ".repeat(lists * LIST_INDENT + (inItem ? CONTINUATION : 0) + (inBlockTag ? CONTINUATION : 0));
        }

        private void word(String word) {
            if (line != null && requested == 0 && line.length() + 1 + word.length() <= JavaLayout.LIMIT) {
                line.append(' ').append(word);
            } else {
                boolean blank = requested == 2 && line != null;
                flush();
                if (blank) {
                    lines.add(pad + " *");
                }
                line = new StringBuilder(pad).append(" * ").append(indent()).append(word);
            }
            requested = 0;
            wroteText = true;
        }

        private void flush() {
            if (line != null) {
                lines.add(line.toString());
                line = null;
            }
        }

        private List<String> finish() {
            List<String> out = new ArrayList<>();
            if (lines.isEmpty()) {
                out.add(pad + "/** */");
                return out;
            }
            if (lines.size() == 1) {
                String text = lines.get(0).substring(pad.length() + 3);
                String one = pad + "/** " + text + " */";
                if (one.length() <= JavaLayout.LIMIT) {
                    out.add(one);
                    return out;
                }
            }
            out.add(pad + "/**");
            out.addAll(lines);
            out.add(pad + " */");
            return out;
        }
    }

    /**
     * A word of Javadoc text.
     *
     * @param startsLine whether it is the first word of its source line (where a block tag may start)
     * @param afterBlankLine whether a blank line comes before it
     */
    private record Token(String text, boolean startsLine, boolean afterBlankLine) {}

    /**
     * @return the words of Javadoc text lines, split at every space: the formatter breaks inside an inline tag too
     *     ({@code {@code a b}} may end a line after {@code a})
     */
    private static List<Token> tokens(List<String> content) {
        List<Token> tokens = new ArrayList<>();
        boolean blank = false;
        for (String line : content) {
            if (line.isEmpty()) {
                blank = true;
                continue;
            }
            boolean first = true;
            String opener = null;
            for (String word : line.split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (opener == null && INLINE_TAG_OPENER.matcher(word).matches()) {
                    opener = word; // "{@code" stays with the word after it
                    continue;
                }
                tokens.add(new Token(opener == null ? word : opener + " " + word, first, blank));
                opener = null;
                first = false;
                blank = false;
            }
            if (opener != null) {
                tokens.add(new Token(opener, first, blank));
            }
        }
        return tokens;
    }
}
