package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/**
 * A named value that is not spec state: an operation parameter, an operation-local {@code var} (kept across steps, part
 * of the task's state), a step-local {@code let}, or the variable bound by
 * {@code forall/exists/count/for/choose/alloc}. Compared by identity.
 */
public final class Var {
    public enum Kind {
        PARAM,
        LOCAL,
        LET,
        BINDER
    }

    private final String name;
    private final Kind kind;
    private final Type type;
    private final Span span;

    public Var(String name, Kind kind, Type type, Span span) {
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

    public Type type() {
        return type;
    }

    public Span span() {
        return span;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + ": " + type;
    }
}
