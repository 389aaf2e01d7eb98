package dev.mmspec.generator.lang;

/**
 * Binary operators. Comparisons of an optional with a value or {@code none} compare the stored values (none = -1).
 * {@code implies}, {@code &&} and {@code ||} short-circuit.
 */
public enum BinaryOp {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    AND("&&"),
    OR("||"),
    IMPLIES("implies");

    private final String spelling;

    BinaryOp(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }
}
