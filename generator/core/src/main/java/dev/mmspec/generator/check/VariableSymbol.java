package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import java.util.Locale;

/**
 * A named value that is not spec state, as the checkers know it: an operation parameter, an operation-local
 * {@code var}, a step-local {@code let}, or the variable bound by {@code forall/exists/count/for/choose/alloc}.
 * Compared by identity, as two {@code let x} of different steps are different variables; {@code resolve} makes one IR
 * {@code Var} per symbol.
 */
public final class VariableSymbol {
    public enum Kind {
        PARAM,
        LOCAL,
        LET,
        BINDER
    }

    private final String name;
    private final Kind kind;
    private final ValueType type;
    private final Span span;

    public VariableSymbol(String name, Kind kind, ValueType type, Span span) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.span = span;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public ValueType type() {
        return type;
    }

    public Span span() {
        return span;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name + ": " + type;
    }
}
