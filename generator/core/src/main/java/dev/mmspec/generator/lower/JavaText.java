package dev.mmspec.generator.lower;

/**
 * The only way a spec's text (its title, descriptions, fix sources, {@code source}, assertion messages, its file path)
 * reaches generated Java: one escaper per context it lands in. A spec is data, and a build that checks a spec from an
 * untrusted pull request must not run it, so each escaper guarantees that its output cannot leave its context:
 *
 * <ul>
 *   <li>javac decodes Unicode escapes (a backslash, {@code u}, four hex digits: {@code 002a 002f} is a comment's end)
 *       before it lexes, even inside comments and string literals, so no output ever holds a backslash that could start
 *       a Unicode escape: every escaper writes a spec's backslash so that it is preceded by another (or, in Javadoc, as
 *       the entity {@code &#92;});
 *   <li>no output holds a line terminator, so a line comment ends where the generator ends it;
 *   <li>no comment output holds a comment's end: {@code *}{@code /} is broken up.
 * </ul>
 *
 * Every output is printable ASCII, so the generated file means the same in any encoding. Velocity prints what a view
 * holds and never evaluates it, so {@code $} and {@code #} need no escape there.
 */
public final class JavaText {
    private JavaText() {}

    /** @return a Java string literal, quotes included, whose value is {@code text}. */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(unicodeInLiteral(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * A character outside printable ASCII inside a string literal, as a Unicode escape. javac decodes it before lexing,
     * into the character itself inside the literal: harmless for every character but the line terminators, the quote
     * and the backslash, which never get here.
     */
    private static String unicodeInLiteral(char c) {
        return String.format("\\u%04x", (int) c);
    }

    /**
     * @return {@code text} on one line, its line breaks written {@code \n} and {@code \r}: a model error's message
     *     names a violation, and a trace file holds it on one line
     */
    public static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** @return {@code text} for the rest of a {@code //} comment: one line, no Unicode escape. */
    public static String lineComment(String text) {
        return comment(text, false);
    }

    /** @return {@code text} for the inside of a {@code /* *}{@code /} comment. */
    public static String blockComment(String text) {
        return comment(text, false);
    }

    /**
     * @return {@code text} for Javadoc prose: as {@link #blockComment}, and HTML and inline tags written as entities,
     *     so that what the reader sees is the spec's text
     */
    public static String javadoc(String text) {
        return comment(text, true);
    }

    /** @return {@code text} as Javadoc code: an inline {@code {@code ...}} tag of {@link #javadoc} text */
    public static String javadocCode(String text) {
        return "{@code " + javadoc(text) + "}";
    }

    private static String comment(String text, boolean html) {
        StringBuilder out = new StringBuilder(text.length());
        char previous = 0;
        for (char c : text.toCharArray()) {
            if (c == '/' && previous == '*') {
                out.append(html ? "&#47;" : " /"); // "*/" would end the comment
            } else if (c == '\\') {
                out.append(html ? "&#92;" : "\\\\"); // never the start of a Unicode escape
            } else if (c == '\n' || c == '\r' || c == '\t' || c == '\f') {
                out.append(' ');
            } else if (c < 0x20 || c == 0x7f) {
                out.append(html ? "&#" + (int) c + ";" : "?");
            } else if (c > 0x7e) {
                out.append(html ? "&#" + (int) c + ";" : String.format("U+%04X", (int) c));
            } else if (html && (c == '<' || c == '>' || c == '&' || c == '@' || c == '{' || c == '}')) {
                out.append("&#").append((int) c).append(';');
            } else {
                out.append(c);
            }
            previous = c;
        }
        return out.toString();
    }
}
