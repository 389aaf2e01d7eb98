package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * The code writer's last step: lays a generated file out within {@value #LIMIT} columns the way palantir-java-format
 * lays out the tree's own sources, so that generated and hand-written code look alike. A line that fits is left as it
 * is; a longer one is broken, continuation lines eight spaces in:
 *
 * <ul>
 *   <li>a call's or a declaration's argument list after its {@code (}: all arguments on one continuation line if they
 *       fit, else one a line, the {@code )} on the last;
 *   <li>a chain of binary operators (and a {@code ?:}) before each operator of its loosest level;
 *   <li>an assignment after its {@code =} when its value then fits on the next line, or cannot start on the line;
 *   <li>an array initializer after its <code>{</code>, its elements filling lines four spaces in (one a line if one is
 *       ten characters or longer), the closing brace on a line of its own (and an assignment of one is broken there,
 *       not after its {@code =});
 *   <li>a string literal too long for any line into a concatenation of pieces, each ending at a space (the lone
 *       argument of a call starting after its {@code (} when its first piece fits there);
 *   <li>a class header before its {@code extends} or {@code implements};
 *   <li>a {@code //} comment at spaces.
 * </ul>
 *
 * Javadoc is laid out before, by {@link JavadocLayout}, which leaves a line longer than the limit only where one word
 * is (a 300-character name): such a line, and any other line of a comment, is left as it is here.
 *
 * <p>It reads only the generator's own Java, whose spacing is regular (binary operators between spaces, none around a
 * generic's brackets), and never changes a token: the output differs from its input in whitespace only, and in the
 * {@code " + "} joins of a split literal.
 */
public final class JavaLayout {
    /** The column limit of the tree (palantir-java-format's) and of generated code. */
    public static final int LIMIT = 120;

    private static final int CONTINUATION = 8;
    private static final int BLOCK = 4;
    /** A class header with a supertype: broken before its {@code extends} or {@code implements}. */
    private static final java.util.regex.Pattern CLASS_HEADER = java.util.regex.Pattern.compile(
            "((?:[a-z]+ )*(?:class|interface|record|enum) \\S+?) ((?:extends|implements) [^{]*\\{)");
    /** An array initializer broken over lines fills them only with items shorter than this (palantir-java-format). */
    private static final int FILLED_ITEM = 10;

    private final String s;

    private JavaLayout(String body) {
        this.s = body;
    }

    /** @return {@code text} (a whole file), every line within {@link #LIMIT} where the rules above can break it */
    public static String file(String text) {
        text = JavadocLayout.file(Imports.file(text));
        StringBuilder out = new StringBuilder(text.length() + 256);
        int start = 0;
        boolean inComment = false;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            List<String> lines = lines(line, inComment);
            String code = line.strip();
            if (code.startsWith("/*")) {
                inComment = !code.contains("*/");
            } else if (inComment && code.contains("*/")) {
                inComment = false;
            }
            for (int i = 0; i < lines.size(); i++) {
                out.append(lines.get(i));
                if (i < lines.size() - 1 || nl >= 0) {
                    out.append('\n');
                }
            }
            start = end + 1;
        }
        return out.toString();
    }

    /**
     * @param inComment whether {@code line} is inside a block comment or a Javadoc
     * @return {@code line} laid out on as many lines as it needs
     */
    static List<String> lines(String line, boolean inComment) {
        if (line.length() <= LIMIT) {
            return List.of(line);
        }
        int indent = indentOf(line);
        String pad = line.substring(0, indent);
        String body = line.substring(indent);
        if (inComment || body.startsWith("/*")) {
            return List.of(line); // JavadocLayout's, or a comment the generator does not write: not code to break
        }
        if (body.startsWith("//")) {
            return fill(pad + "// ", words(body.substring(2).strip()));
        }
        java.util.regex.Matcher header = CLASS_HEADER.matcher(body);
        if (header.matches()) {
            return List.of(pad + header.group(1), pad + spaces(CONTINUATION) + header.group(2));
        }
        JavaLayout layout = new JavaLayout(body);
        int comment = layout.trailingComment();
        if (comment >= 0) {
            String code = body.substring(0, comment).stripTrailing();
            String text = body.substring(comment);
            List<String> out = new ArrayList<>(new JavaLayout(code).code(pad));
            String last = out.get(out.size() - 1) + " " + text;
            if (last.length() <= LIMIT) {
                out.set(out.size() - 1, last);
                return out;
            }
            List<String> above = new ArrayList<>(lines(pad + text, false));
            above.addAll(out);
            return above;
        }
        return layout.code(pad);
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String spaces(int n) {
        return " ".repeat(n);
    }

    // ---------------------------------------------------------------- prose

    /** @return the words of {@code text}, which are separated by spaces */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** @return {@code words} filling lines, each after {@code lead} */
    private static List<String> fill(String lead, List<String> words) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(lead);
        boolean empty = true;
        for (String w : words) {
            if (!empty && line.length() + 1 + w.length() > LIMIT) {
                out.add(line.toString());
                line = new StringBuilder(lead);
                empty = true;
            }
            line.append(empty ? "" : " ").append(w);
            empty = false;
        }
        out.add(line.toString().stripTrailing());
        return out;
    }

    // ---------------------------------------------------------------- code: the parse

    private enum Kind {
        WORD,
        STRING,
        PUNCT,
        /** a binary operator, between spaces */
        OP,
        /** {@code =} and the compound assignments, between spaces */
        ASSIGN,
        /** {@code ->} */
        ARROW,
        GROUP
    }

    /** A token, or a bracketed group whose items are the comma-separated sequences inside it. */
    private record Part(int start, int end, Kind kind, char open, List<Seq> items, boolean closed) {
        String text(String s) {
            return s.substring(start, end);
        }
    }

    /** Parts side by side, from {@code start} to {@code end} of the line (both ends without spaces). */
    private record Seq(int start, int end, List<Part> parts) {}

    private int pos;

    /** @return the offset of a {@code //} comment outside literals, or -1 */
    private int trailingComment() {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(i) - 1;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                return i;
            }
        }
        return -1;
    }

    private int skipLiteral(int i) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(j + 1, s.length());
    }

    /** @return the comma-separated sequences up to {@code closer} (consumed) or the end of the line */
    private List<Seq> items(char closer, boolean[] closed) {
        List<Seq> items = new ArrayList<>();
        while (true) {
            Seq item = seq();
            items.add(item);
            skipSpaces();
            if (pos >= s.length()) {
                return items;
            }
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == closer) {
                pos++;
                closed[0] = true;
                return items;
            } else {
                // a closer of another kind: not ours to consume
                return items;
            }
        }
    }

    private void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
    }

    /** @return the parts up to a comma, a closer or the end of the line */
    private Seq seq() {
        List<Part> parts = new ArrayList<>();
        skipSpaces();
        int start = pos;
        int end = pos;
        while (true) {
            skipSpaces();
            if (pos >= s.length()) {
                break;
            }
            char c = s.charAt(pos);
            if (c == ',' || c == ')' || c == ']' || c == '}') {
                if (depth > 0) {
                    break;
                }
                // an unmatched closer or a comma of a line that continues a list: a token of its own
                parts.add(new Part(pos, pos + 1, Kind.PUNCT, c, null, false));
                pos++;
            } else if (c == '(' || c == '[' || c == '{') {
                int at = pos++;
                char closer = c == '(' ? ')' : c == '[' ? ']' : '}';
                boolean[] closed = {false};
                depth++;
                List<Seq> items = items(closer, closed);
                depth--;
                parts.add(new Part(at, pos, Kind.GROUP, c, items, closed[0]));
            } else if (c == '"' || c == '\'') {
                int at = pos;
                pos = skipLiteral(pos);
                parts.add(new Part(at, pos, Kind.STRING, c, null, false));
            } else if (isWord(c)) {
                int at = pos;
                while (pos < s.length() && isWord(s.charAt(pos))) {
                    pos++;
                }
                parts.add(new Part(at, pos, Kind.WORD, c, null, false));
            } else {
                parts.add(operator());
            }
            end = pos;
        }
        return new Seq(start, end, parts);
    }

    private int depth;

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '.';
    }

    private Part operator() {
        int at = pos;
        while (pos < s.length() && "|&^=!<>+-*/%?:~".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos == at) {
            pos++; // any other character: ";", a lone "."
        }
        String op = s.substring(at, pos);
        boolean spacedBefore = at == 0 || s.charAt(at - 1) == ' ';
        boolean spacedAfter = pos < s.length() && s.charAt(pos) == ' ';
        Kind kind = Kind.PUNCT;
        if (spacedBefore && spacedAfter) {
            if (op.equals("->")) {
                kind = Kind.ARROW;
            } else if (op.equals("=") || op.length() >= 2 && op.endsWith("=") && !isComparison(op)) {
                kind = Kind.ASSIGN;
            } else if (precedence(op) >= 0) {
                kind = Kind.OP;
            }
        }
        return new Part(at, pos, kind, op.charAt(0), null, false);
    }

    private static boolean isComparison(String op) {
        return op.equals("==") || op.equals("!=") || op.equals("<=") || op.equals(">=");
    }

    /** @return how tightly {@code op} binds, from the ternary's 0; -1 for no binary operator */
    private static int precedence(String op) {
        return switch (op) {
            case "?", ":" -> 0;
            case "||" -> 1;
            case "&&" -> 2;
            case "|" -> 3;
            case "^" -> 4;
            case "&" -> 5;
            case "==", "!=" -> 6;
            case "<", ">", "<=", ">=" -> 7;
            case "<<", ">>", ">>>" -> 8;
            case "+", "-" -> 9;
            case "*", "/", "%" -> 10;
            default -> -1;
        };
    }

    // ---------------------------------------------------------------- code: the layout

    private List<String> code(String pad) {
        pos = 0;
        depth = 0;
        Seq top = seq();
        return layout(top, pad, pad.length() + CONTINUATION, "");
    }

    private String text(Seq seq) {
        return s.substring(seq.start, seq.end);
    }

    private String text(List<Part> parts) {
        return parts.isEmpty() ? "" : s.substring(parts.get(0).start, parts.get(parts.size() - 1).end);
    }

    private Seq sub(List<Part> parts) {
        return parts.isEmpty()
                ? new Seq(0, 0, parts)
                : new Seq(parts.get(0).start, parts.get(parts.size() - 1).end, parts);
    }

    /**
     * @param lead what the first line holds before {@code seq}: indentation and text
     * @param cont the column of the lines {@code seq} breaks onto
     * @param tail what follows {@code seq} on its last line
     */
    private List<String> layout(Seq seq, String lead, int cont, String tail) {
        String flat = lead + text(seq) + tail;
        if (flat.length() <= LIMIT || seq.parts.isEmpty()) {
            return List.of(flat);
        }
        List<Part> parts = seq.parts;
        if (parts.get(0).kind == Kind.OP) { // a continuation line: "|| term"
            return layout(
                    sub(parts.subList(1, parts.size())), lead + parts.get(0).text(s) + " ", cont, tail);
        }
        List<String> out = topLevelCommas(seq, lead, cont, tail);
        if (out != null) {
            return out;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).kind == Kind.ASSIGN) {
                return assignment(parts, i, lead, cont, tail);
            }
        }
        out = operators(parts, lead, cont, tail);
        if (out != null) {
            return out;
        }
        out = group(seq, lead, cont, tail);
        if (out != null) {
            return out;
        }
        if (parts.size() == 1 && parts.get(0).kind == Kind.STRING && parts.get(0).open == '"') {
            return literal(parts.get(0).text(s), lead, cont, tail);
        }
        return List.of(flat);
    }

    /** A line that continues a list: its items one a line. */
    private List<String> topLevelCommas(Seq seq, String lead, int cont, String tail) {
        List<List<Part>> items = new ArrayList<>();
        List<Part> item = new ArrayList<>();
        for (Part p : seq.parts) {
            if (p.kind == Kind.PUNCT && p.open == ',') {
                items.add(item);
                item = new ArrayList<>();
            } else {
                item.add(p);
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        boolean trailingComma = item.isEmpty();
        if (!trailingComma) {
            items.add(item);
        }
        List<String> out = new ArrayList<>();
        String pad = spaces(indentOf(lead));
        for (int k = 0; k < items.size(); k++) {
            boolean last = k == items.size() - 1;
            String itemTail = (last && !trailingComma ? "" : ",") + (last ? tail : "");
            out.addAll(layout(sub(items.get(k)), k == 0 ? lead : pad, cont, itemTail));
        }
        return out;
    }

    /** {@code lhs = value}: the value laid out after the {@code =}, or on the next line when it cannot start there. */
    private List<String> assignment(List<Part> parts, int at, String lead, int cont, String tail) {
        String head = lead + text(parts.subList(0, at)) + " " + parts.get(at).text(s);
        Seq value = sub(parts.subList(at + 1, parts.size()));
        List<String> broken = new ArrayList<>();
        broken.add(head);
        boolean initializer = !value.parts.isEmpty()
                && value.parts.get(0).kind == Kind.GROUP
                && value.parts.get(0).open == '{'
                && value.parts.subList(1, value.parts.size()).stream()
                        .allMatch(p -> p.text(s).equals(";"));
        if (!initializer && spaces(cont).length() + text(value).length() + tail.length() <= LIMIT) {
            // the value whole on the next line, as palantir-java-format prefers to breaking it (not an array
            // initializer, which it breaks inside its braces)
            broken.add(spaces(cont) + text(value) + tail);
            return broken;
        }
        List<String> out = layout(value, head + " ", cont, tail);
        if (out.get(0).length() <= LIMIT) {
            return out;
        }
        broken.addAll(layout(value, spaces(cont), cont + CONTINUATION, tail));
        return broken;
    }

    /** Operands of the loosest binary operator, each after the first on a line of its own behind its operator. */
    private List<String> operators(List<Part> parts, String lead, int cont, String tail) {
        int loosest = Integer.MAX_VALUE;
        for (Part p : parts) {
            if (p.kind == Kind.OP) {
                loosest = Math.min(loosest, precedence(p.text(s)));
            }
        }
        if (loosest == Integer.MAX_VALUE) {
            return null;
        }
        List<List<Part>> operands = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<Part> operand = new ArrayList<>();
        for (Part p : parts) {
            if (p.kind == Kind.OP && precedence(p.text(s)) == loosest) {
                operands.add(operand);
                ops.add(p.text(s));
                operand = new ArrayList<>();
            } else {
                operand.add(p);
            }
        }
        operands.add(operand);
        List<String> out = new ArrayList<>(layout(sub(operands.get(0)), lead, cont + CONTINUATION, ""));
        for (int i = 1; i < operands.size(); i++) {
            String opLead = spaces(cont) + ops.get(i - 1) + " ";
            out.addAll(layout(sub(operands.get(i)), opLead, cont + CONTINUATION, i == operands.size() - 1 ? tail : ""));
        }
        return out;
    }

    /** The last bracketed group of {@code seq} broken open, or null when it has none that breaks. */
    private List<String> group(Seq seq, String lead, int cont, String tail) {
        List<Part> parts = seq.parts;
        for (int i = parts.size() - 1; i >= 0; i--) {
            Part g = parts.get(i);
            if (g.kind != Kind.GROUP || g.open == '[' || !g.closed || emptyGroup(g)) {
                continue;
            }
            String head = lead + s.substring(seq.start, g.start + 1);
            String rest = s.substring(g.end - 1, seq.end) + tail; // from the closer on
            if (g.open == '{') {
                return array(g, head, rest, indentOf(lead));
            }
            boolean call = i > 0 && isCallee(parts.get(i - 1));
            if (!call) { // a condition or a parenthesized expression: broken inside, not after its "("
                if (g.items.size() != 1) {
                    continue;
                }
                return layout(g.items.get(0), head, cont, rest);
            }
            String oneLine = spaces(cont) + itemsText(g) + rest;
            List<String> out = new ArrayList<>();
            out.add(head);
            if (oneLine.length() <= LIMIT) {
                out.add(oneLine);
                return out;
            }
            if (g.items.size() == 1 && (endsInCall(g.items.get(0)) || isStringLiteral(g.items.get(0)))) {
                // a lone argument that is a call itself stays after the "(" and breaks inside: f(g(\n a,\n b)); so
                // does a lone string literal, split: f("a "\n + "b")
                List<String> inlined = layout(g.items.get(0), head, cont, rest);
                if (inlined.get(0).length() <= LIMIT) {
                    return inlined;
                }
            }
            for (int k = 0; k < g.items.size(); k++) {
                boolean last = k == g.items.size() - 1;
                out.addAll(layout(g.items.get(k), spaces(cont), cont + CONTINUATION, last ? rest : ","));
            }
            return out;
        }
        return null;
    }

    /** @return whether {@code item} is one string literal and nothing else */
    private static boolean isStringLiteral(Seq item) {
        return item.parts.size() == 1 && item.parts.get(0).kind == Kind.STRING && item.parts.get(0).open == '"';
    }

    /** @return whether {@code item} is a call or a {@code new} with arguments, and nothing after them */
    private boolean endsInCall(Seq item) {
        List<Part> parts = item.parts;
        int n = parts.size();
        return n >= 2
                && parts.get(n - 1).kind == Kind.GROUP
                && parts.get(n - 1).open == '('
                && !emptyGroup(parts.get(n - 1))
                && isCallee(parts.get(n - 2))
                && parts.subList(0, n - 1).stream()
                        .allMatch(p -> p.kind == Kind.WORD
                                || p.kind == Kind.PUNCT && p.text(s).matches("[<>]+"));
    }

    private static boolean emptyGroup(Part g) {
        return g.items.size() == 1 && g.items.get(0).parts.isEmpty();
    }

    private boolean isCallee(Part before) {
        if (before.kind == Kind.WORD) {
            String w = before.text(s);
            return !List.of("if", "while", "for", "switch", "catch", "synchronized", "return", "throw", "case")
                    .contains(w);
        }
        return before.kind == Kind.PUNCT && before.text(s).endsWith(">"); // a generic type's constructor
    }

    private String itemsText(Part g) {
        List<String> texts = new ArrayList<>();
        for (Seq item : g.items) {
            texts.add(text(item));
        }
        return String.join(", ", texts);
    }

    /**
     * An array initializer: its elements filling lines a block in (one a line when one of them is {@value #FILLED_ITEM}
     * characters or longer, as palantir-java-format fills only short elements), the closing brace on a line of its own.
     */
    private List<String> array(Part g, String head, String rest, int indent) {
        List<String> out = new ArrayList<>();
        out.add(head);
        int in = indent + BLOCK;
        boolean onePerLine = g.items.stream().anyMatch(item -> text(item).length() >= FILLED_ITEM);
        StringBuilder line = new StringBuilder(spaces(in));
        for (int k = 0; k < g.items.size(); k++) {
            String item = text(g.items.get(k)) + (k == g.items.size() - 1 ? "" : ",");
            boolean empty = line.length() == in;
            if (!empty && (onePerLine || line.length() + 1 + item.length() > LIMIT)) {
                out.add(line.toString());
                line = new StringBuilder(spaces(in));
                empty = true;
            }
            if (empty && in + item.length() > LIMIT) {
                out.addAll(layout(g.items.get(k), spaces(in), in + CONTINUATION, k == g.items.size() - 1 ? "" : ","));
                continue;
            }
            line.append(empty ? "" : " ").append(item);
        }
        if (line.length() > in) {
            out.add(line.toString());
        }
        out.add(spaces(indent) + rest);
        return out;
    }

    /** A string literal too long for a line: pieces joined by {@code +}, each but the last ending at a space. */
    private static List<String> literal(String literal, String lead, int cont, String tail) {
        String content = literal.substring(1, literal.length() - 1);
        List<String> out = new ArrayList<>();
        String prefix = lead;
        int from = 0;
        while (true) {
            int room = LIMIT - prefix.length() - 2; // the quotes
            int restLength = content.length() - from;
            if (restLength <= room - tail.length()) {
                out.add(prefix + "\"" + content.substring(from) + "\"" + tail);
                return out;
            }
            int cut = content.lastIndexOf(' ', from + room - 1);
            if (cut < from) {
                cut = content.indexOf(' ', from + room - 1);
            }
            if (cut < 0 || cut + 1 >= content.length()) {
                out.add(prefix + "\"" + content.substring(from) + "\"" + tail);
                return out;
            }
            out.add(prefix + "\"" + content.substring(from, cut + 1) + "\"");
            from = cut + 1;
            prefix = spaces(cont) + "+ ";
        }
    }
}
