package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/** A statement of a step or of {@code init}, as written. */
public sealed interface Statement extends Node {

    record Lock(LockUse lock, Span span) implements Statement {}

    record Unlock(LockUse lock, Span span) implements Statement {}

    record Require(Expression condition, Span span) implements Statement {}

    record Assert(Expression condition, String message, Span span) implements Statement {}

    /** {@code if c {..} else {..}}; an {@code else if} is an If alone in {@code otherwise}. */
    record If(Expression condition, List<Statement> then, List<Statement> otherwise, Span span) implements Statement {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    record Assign(Target target, Expression value, Span span) implements Statement {}

    /** {@code pte[a] := { kind: swap, slot: s };} — fields not named get their defaults. */
    record AssignRecord(Target target, List<FieldInit> fields, Span span) implements Statement {
        public AssignRecord {
            fields = List.copyOf(fields);
        }
    }

    /** {@code kind: swap} inside a record literal. */
    record FieldInit(Ident name, Expression value, Span span) implements Node {}

    record Let(Ident name, TypeRef type, Expression value, Span span) implements Statement {}

    record Return(Span span) implements Statement {}

    record Outcome(Ident name, Span span) implements Statement {}

    record Goto(Ident target, Span span) implements Statement {}

    /** {@code for x in D where c { ... }}; where may be null. */
    record For(Ident binder, Ident domain, Expression where, List<Statement> body, Span span) implements Statement {
        public For {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code choose x in D where c {..} else {..}} or, with {@code alloc}, the same choice of a fresh
     * object. where may be null for choose.
     */
    record Choose(Ident binder, Ident domain, Expression where, List<Statement> then, List<Statement> otherwise, boolean alloc, Span span)
            implements Statement {
        public Choose {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }
}
