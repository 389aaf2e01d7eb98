package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.List;

/**
 * An expression as written. Operators are the enums the IR uses too ({@link BinaryOp} and friends, in
 * {@code generator.lang}): they are the same operators, and a second copy would only be a mapping to get wrong.
 */
public sealed interface ExpressionSyntax extends Node {

    /** An integer literal; saturated at {@link Long#MAX_VALUE} so the bounds check can quote it. */
    record IntLiteral(long value, Span span) implements ExpressionSyntax {}

    record BoolLiteral(boolean value, Span span) implements ExpressionSyntax {}

    /** {@code none}: an empty optional, or the enum literal {@code none} where an enum is expected. */
    record NoneLiteral(Span span) implements ExpressionSyntax {}

    /** A bare name: variable, constant, scalar state, state array (as the base of an index), enum literal. */
    record Name(Ident name, Span span) implements ExpressionSyntax {}

    /** {@code base[i, j]}. */
    record Index(ExpressionSyntax base, List<ExpressionSyntax> indices, Span span) implements ExpressionSyntax {
        public Index {
            indices = List.copyOf(indices);
        }
    }

    /** {@code base.field}. */
    record Field(ExpressionSyntax base, Ident field, Span span) implements ExpressionSyntax {}

    record Unary(UnaryOp op, ExpressionSyntax operand, Span span) implements ExpressionSyntax {}

    record Binary(BinaryOp op, ExpressionSyntax left, ExpressionSyntax right, Span span) implements ExpressionSyntax {}

    record Conditional(ExpressionSyntax condition, ExpressionSyntax then, ExpressionSyntax otherwise, Span span)
            implements ExpressionSyntax {}

    /** {@code forall x in D: body}, {@code exists ...}, {@code count(x in D: body)}. */
    record Quantified(Quantifier quantifier, Ident binder, Ident domain, ExpressionSyntax body, Span span)
            implements ExpressionSyntax {}

    record Fixed(Ident fix, Span span) implements ExpressionSyntax {}

    /** {@code held(ptl[a])} or {@code held(ptl)} (index null). */
    record Held(LockUse lock, Span span) implements ExpressionSyntax {}

    record TryLock(LockUse lock, Span span) implements ExpressionSyntax {}

    record Quiescent(Span span) implements ExpressionSyntax {}

    /**
     * {@code t in fault}: task t is inside operation fault; {@code t in fault.map}: and its next step is map (step null
     * otherwise).
     */
    record TaskIn(ExpressionSyntax task, Ident operation, Ident step, Span span) implements ExpressionSyntax {}
}
