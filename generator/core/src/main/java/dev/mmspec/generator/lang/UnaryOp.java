package dev.mmspec.generator.lang;

/** Unary {@code !} (NOT) and {@code -} (NEG). */
public enum UnaryOp {
    NOT,
    NEG
}
