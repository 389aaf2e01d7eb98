package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.List;

/**
 * An expression as written. Operators are the enums the IR uses too ({@link BinaryOp} and friends,
 * in {@code generator.lang}): they are the same operators, and a second copy would only be a
 * mapping to get wrong.
 */
public sealed interface Expression extends Node {

    /** An integer literal; saturated at {@link Long#MAX_VALUE} so the bounds check can quote it. */
    record IntLiteral(long value, Span span) implements Expression {}

    record BoolLiteral(boolean value, Span span) implements Expression {}

    /** {@code none}: an empty optional, or the enum literal {@code none} where an enum is expected. */
    record NoneLiteral(Span span) implements Expression {}

    /** A bare name: variable, constant, scalar state, state array (as the base of an index), enum literal. */
    record Name(Ident name, Span span) implements Expression {}

    /** {@code base[i, j]}. */
    record Index(Expression base, List<Expression> indices, Span span) implements Expression {
        public Index {
            indices = List.copyOf(indices);
        }
    }

    /** {@code base.field}. */
    record Field(Expression base, Ident field, Span span) implements Expression {}

    record Unary(UnaryOp op, Expression operand, Span span) implements Expression {}

    record Binary(BinaryOp op, Expression left, Expression right, Span span) implements Expression {}

    record Conditional(Expression condition, Expression then, Expression otherwise, Span span) implements Expression {}

    /** {@code forall x in D: body}, {@code exists ...}, {@code count(x in D: body)}. */
    record Quantified(Quantifier quantifier, Ident binder, Ident domain, Expression body, Span span)
            implements Expression {}

    record Fixed(Ident fix, Span span) implements Expression {}

    /** {@code held(ptl[a])} or {@code held(ptl)} (index null). */
    record Held(LockUse lock, Span span) implements Expression {}

    record TryLock(LockUse lock, Span span) implements Expression {}

    record Quiescent(Span span) implements Expression {}

    /** {@code t in fault}: task t is inside operation fault; {@code t in fault.map}: and its next step is map (step null otherwise). */
    record TaskIn(Expression task, Ident operation, Ident step, Span span) implements Expression {}
}
