package dev.mmspec.generator.lang;

/**
 * {@code forall x in D: body} (bool), {@code exists x in D: body} (bool), {@code count(x in D: body)} (int, type
 * {@code 0..|D|}).
 */
public enum Quantifier {
    FORALL,
    EXISTS,
    COUNT,
    /** {@code choose x in D where C} as an expression: the lowest such x, or none (type {@code D?}). */
    CHOOSE
}
