package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * Java expressions, built from parts rather than spelled by the emitters: calls, operators, parentheses and literals
 * are written here and only here, so an emitter composes {@code not(call(name, s, e))} instead of concatenating
 * {@code "!" + name + "(s, " + e + ")"}. An expression is its Java text; its parts are the generator's own names and
 * expressions, and a spec's text enters only as a literal through {@link #str} (that is, {@link JavaText#literal}).
 */
final class JavaExpr {
    private JavaExpr() {}

    /** @return {@code name(args...)}. */
    static String call(String name, String... args) {
        return call(name, List.of(args));
    }

    /** @return {@code name(args...)}. */
    static String call(String name, List<String> args) {
        return name + "(" + String.join(", ", args) + ")";
    }

    /** @return {@code name(first, rest...)}: a call whose leading arguments are fixed and whose others vary. */
    static String call(String name, List<String> first, List<String> rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(rest);
        return call(name, all);
    }

    /** @return {@code target.name(args...)}. */
    static String method(String target, String name, String... args) {
        return call(target + "." + name, args);
    }

    /** @return {@code new type(args...)}. */
    static String newObject(String type, String... args) {
        return "new " + call(type, args);
    }

    /** @return {@code new type(args...)}. */
    static String newObject(String type, List<String> args) {
        return "new " + call(type, args);
    }

    /** @return {@code array[index]}. */
    static String at(String array, String index) {
        return array + "[" + index + "]";
    }

    /** @return {@code (e)}. */
    static String paren(String e) {
        return "(" + e + ")";
    }

    /** @return {@code !e}; {@code e} must be a primary (a call, a name or parenthesized). */
    static String not(String e) {
        return "!" + e;
    }

    /** @return {@code ~e}; {@code e} must be a primary. */
    static String complement(String e) {
        return "~" + e;
    }

    /** @return {@code (-e)}. */
    static String negate(String e) {
        return paren("-" + e);
    }

    /** @return {@code a op b}, unparenthesized: the caller knows the precedence it needs. */
    static String infix(String a, String op, String b) {
        return a + " " + op + " " + b;
    }

    /** @return {@code (a op b)}. */
    static String binary(String a, String op, String b) {
        return paren(infix(a, op, b));
    }

    /** @return {@code a == b}. */
    static String eq(String a, String b) {
        return infix(a, "==", b);
    }

    /** @return {@code a != b}. */
    static String ne(String a, String b) {
        return infix(a, "!=", b);
    }

    /** @return {@code a op b op ...}, unparenthesized: the caller knows the precedence it needs. */
    static String infix(String op, List<String> terms) {
        return String.join(" " + op + " ", terms);
    }

    /** @return {@code a + b + ...}, unparenthesized; {@code 0} when there is none. */
    static String sum(List<String> terms) {
        return terms.isEmpty() ? "0" : infix("+", terms);
    }

    /** @return {@code a && b && ...}, unparenthesized. */
    static String and(String... terms) {
        return infix("&&", List.of(terms));
    }

    /** @return {@code a || b || ...}, unparenthesized; {@code false} when there is none. */
    static String or(List<String> terms) {
        return terms.isEmpty() ? "false" : infix("||", terms);
    }

    /** @return {@code a || b || ...}, unparenthesized. */
    static String or(String... terms) {
        return or(List.of(terms));
    }

    /** @return {@code (c ? a : b)}. */
    static String cond(String c, String a, String b) {
        return paren(ternary(c, a, b));
    }

    /** @return {@code c ? a : b}, unparenthesized: an argument or a right-hand side. */
    static String ternary(String c, String a, String b) {
        return c + " ? " + a + " : " + b;
    }

    /** @return {@code (type) e}. */
    static String cast(String type, String e) {
        return "(" + type + ") " + e;
    }

    /** @return an int literal, parenthesized when negative so that it can stand anywhere. */
    static String lit(int v) {
        return v < 0 ? paren(Integer.toString(v)) : Integer.toString(v);
    }

    /** @return a long literal in decimal: {@code 5L}. */
    static String longLit(long v) {
        return v + "L";
    }

    /** @return a long literal in hexadecimal: {@code 0xffL}. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v) + "L";
    }

    /** @return a Java string literal whose value is {@code text} (any text: see {@link JavaText#literal}). */
    static String str(String text) {
        return JavaText.literal(text);
    }

    /** @return {@code new type {items...}}: an array, {@code type} with its brackets. */
    static String newArray(String type, List<String> items) {
        return "new " + type + " " + arrayInit(items);
    }

    /** @return an array initializer, {@code {a, b, c}}. */
    static String arrayInit(List<String> items) {
        return "{" + String.join(", ", items) + "}";
    }

    /** @return the decimal literals of {@code values}. */
    static List<String> ints(List<Integer> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** @return the string literals of {@code texts} (any text: see {@link JavaText#literal}). */
    static List<String> strs(List<String> texts) {
        return texts.stream().map(JavaExpr::str).toList();
    }

    /** @return {@code a op= b}, an assignment expression for {@link Code#stmt}. */
    static String compound(String a, String op, String b) {
        return a + " " + op + "= " + b;
    }

    /** @return {@code List.of(items...)}. */
    static String listOf(List<String> items) {
        return call("List.of", items);
    }

    /** @return {@code List.of(items...)} of int literals. */
    static String listOfInts(List<Integer> items) {
        return listOf(ints(items));
    }
}
