package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/** A statement of a step or of {@code init}, as written. */
public sealed interface StatementSyntax extends Node {

    record Lock(LockUse lock, Span span) implements StatementSyntax {}

    record Unlock(LockUse lock, Span span) implements StatementSyntax {}

    record Require(ExpressionSyntax condition, Span span) implements StatementSyntax {}

    record Assert(ExpressionSyntax condition, String message, Span span) implements StatementSyntax {}

    /** {@code if c {..} else {..}}; an {@code else if} is an If alone in {@code otherwise}. */
    record If(ExpressionSyntax condition, List<StatementSyntax> then, List<StatementSyntax> otherwise, Span span)
            implements StatementSyntax {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    record Assign(Target target, ExpressionSyntax value, Span span) implements StatementSyntax {}

    /** {@code pte[a] := { kind: swap, slot: s };} — fields not named get their defaults. */
    record AssignRecord(Target target, List<FieldInit> fields, Span span) implements StatementSyntax {
        public AssignRecord {
            fields = List.copyOf(fields);
        }
    }

    /** {@code kind: swap} inside a record literal. */
    record FieldInit(Ident name, ExpressionSyntax value, Span span) implements Node {}

    record Let(Ident name, TypeRef type, ExpressionSyntax value, Span span) implements StatementSyntax {}

    record Return(Span span) implements StatementSyntax {}

    record Outcome(Ident name, Span span) implements StatementSyntax {}

    record Goto(Ident target, Span span) implements StatementSyntax {}

    /** {@code for x in D where c { ... }}; where may be null. */
    record For(Ident binder, Ident domain, ExpressionSyntax where, List<StatementSyntax> body, Span span)
            implements StatementSyntax {
        public For {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code choose x in D where c {..} else {..}} or, with {@code alloc}, the same choice of a fresh object. where may
     * be null for choose.
     */
    record Choose(
            Ident binder,
            Ident domain,
            ExpressionSyntax where,
            List<StatementSyntax> then,
            List<StatementSyntax> otherwise,
            boolean alloc,
            Span span)
            implements StatementSyntax {
        public Choose {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }
}
