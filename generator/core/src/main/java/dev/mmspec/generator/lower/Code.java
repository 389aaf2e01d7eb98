package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * Java statements and blocks under construction, indented by the writer so that output is
 * formatted by construction: {@code if}, {@code else}, loops, methods, declarations, assignments,
 * returns and throws are spelled here, and their expressions come from {@link JavaExpr}. {@link
 * #line(String)} takes the generator's own Java; spec text goes in only through {@link #comment},
 * {@link #doc} and the comment of {@link #line(String, String)}, or as a literal from {@link
 * JavaExpr#str}.
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

    /** Opens a method: {@code modifiers returns name(params) {}; each parameter from {@link #param}. */
    Code method(String modifiers, String returns, String name, List<String> params) {
        return open(modifiers + " " + returns + " " + JavaExpr.call(name, params));
    }

    /** @return a parameter or local declaration, {@code type name}. */
    static String param(String type, String name) {
        return type + " " + name;
    }

    /** Opens {@code if (cond) {}. */
    Code ifThen(String cond) {
        return open("if (" + cond + ")");
    }

    /** Closes the open {@code if} and opens {@code else if (cond) {}. */
    Code elseIf(String cond) {
        return reopen("else if (" + cond + ")");
    }

    /** Closes the open {@code if} and opens its {@code else}. */
    Code orElse() {
        return reopen("else");
    }

    /** Opens {@code for (int v = low; v <= high; v++) {}. */
    Code forRange(String v, String low, String high) {
        return forLoop(v, low, JavaExpr.infix(v, "<=", high));
    }

    /** Opens {@code for (int v = from; v < bound; v++) {}. */
    Code forBelow(String v, String from, String bound) {
        return forLoop(v, from, JavaExpr.infix(v, "<", bound));
    }

    private Code forLoop(String v, String from, String cond) {
        return open("for (int " + v + " = " + from + "; " + cond + "; " + v + "++)");
    }

    /** {@code expr;}: a call or an increment as a statement. */
    Code stmt(String expr) {
        return line(expr + ";");
    }

    /** {@code lhs = rhs;}. */
    Code assign(String lhs, String rhs) {
        return stmt(lhs + " = " + rhs);
    }

    /** {@code type name = value;}. */
    Code declare(String type, String name, String value) {
        return assign(param(type, name), value);
    }

    /** {@code final type name = value;}. */
    Code declareFinal(String type, String name, String value) {
        return declare("final " + type, name, value);
    }

    /** {@code return value;}. */
    Code returns(String value) {
        return stmt("return " + value);
    }

    /** {@code return value; // comment}, the comment any text. */
    Code returns(String value, String comment) {
        return line("return " + value + ";", comment);
    }

    /** {@code throw value;}. */
    Code throwsIt(String value) {
        return stmt("throw " + value);
    }

    /** {@code break;}. */
    Code breaks() {
        return stmt("break");
    }

    /**
     * {@code head terms[0]}, then one continuation line per further term, {@code op term}, indented
     * eight spaces, and the {@code ;}: a long {@code return a || b || c;} or {@code long bits = a | b;}.
     */
    Code wrapped(String head, String op, List<String> terms) {
        for (int i = 0; i < terms.size(); i++) {
            line((i == 0 ? head : "        " + op + " ") + terms.get(i) + (i == terms.size() - 1 ? ";" : ""));
        }
        return this;
    }

    /** The lines of {@code other}, indented to this writer's depth. */
    Code lines(List<String> other) {
        other.forEach(this::line);
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
