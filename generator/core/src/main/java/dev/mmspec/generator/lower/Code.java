package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * Java statements and blocks under construction, indented by the writer so that output is formatted by construction:
 * {@code if}, {@code else}, loops, methods, declarations, assignments, returns and throws are spelled here, and their
 * expressions come from {@link JavaExpr}. {@link #line(String)} takes the generator's own Java; spec text goes in only
 * through {@link #comment}, {@link #doc} and the comment of {@link #line(String, String)}, or as a literal from
 * {@link JavaExpr#str}.
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

    /** A one-line Javadoc comment of the generator's own text, which may use Javadoc tags; no spec text. */
    Code ownDoc(String javadoc) {
        return line("/** " + javadoc + " */");
    }

    /** Opens a constructor: {@code modifiers name(params) {}. */
    Code constructor(String modifiers, String name, List<String> params) {
        return open(modifiers + " " + JavaExpr.call(name, params));
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

    /** An empty line. */
    Code blank() {
        return line("");
    }

    /** {@code @Override}. */
    Code override() {
        return line("@Override");
    }

    /** {@code modifiers type name = value;}: a field. */
    Code field(String modifiers, String type, String name, String value) {
        return declare(modifiers + " " + type, name, value);
    }

    /** Opens {@code try {}. */
    Code tryBlock() {
        return open("try");
    }

    /** Closes the open block and opens {@code catch (type name) {}. */
    Code catches(String type, String name) {
        return reopen("catch (" + param(type, name) + ")");
    }

    /**
     * Opens a {@code switch} on {@code value}; its labels come from {@link #caseLabel}, each case's statements between
     * {@link #in} and {@link #out}.
     */
    Code switchOn(String value) {
        return open("switch (" + value + ")");
    }

    /** {@code case value:}. */
    Code caseLabel(String value) {
        return line("case " + value + ":");
    }

    /** {@code case value: // comment}, the comment any text. */
    Code caseLabel(String value, String comment) {
        return line("case " + value + ":", comment);
    }

    /** {@code default:}. */
    Code defaultLabel() {
        return line("default:");
    }

    /** Indents what follows one level more: a case's statements. */
    Code in() {
        depth++;
        return this;
    }

    /** Ends {@link #in}. */
    Code out() {
        depth--;
        return this;
    }

    /** {@code return start}, without the {@code ;}: a builder chain follows ({@link #chained}, {@link #chainEnd}). */
    Code returnsChain(String start) {
        return line("return " + start);
    }

    /** {@code .last;} on a continuation line: the end of the chain that {@link #returnsChain} began. */
    Code chainEnd(String last) {
        return line("        ." + last + ";");
    }

    /**
     * {@code .name(value)} on a continuation line (eight spaces in): one call of a builder chain that a {@code return}
     * began.
     */
    Code chained(String name, String value) {
        return line("        ." + JavaExpr.call(name, value));
    }

    /** A chain's {@code .name(args...)}, on one line: the file's layout breaks it when it is too long. */
    Code chained(String name, List<String> args) {
        return line("        ." + JavaExpr.call(name, args));
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
