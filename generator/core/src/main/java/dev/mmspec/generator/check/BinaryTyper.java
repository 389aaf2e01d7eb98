package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.lang.BinaryOp;

/**
 * Typing of binary operators, split from {@link ExpressionTyper} to keep each class readable. Equality types the
 * non-literal side first, so that {@code kind == swap} and {@code x == none} resolve the literal against the other
 * side's type.
 */
final class BinaryTyper {
    private final ExpressionTyper typer;
    private final Reporter reporter;
    private final TypeAttribution.Builder typed;

    BinaryTyper(ExpressionTyper typer, Reporter reporter, TypeAttribution.Builder typed) {
        this.typer = typer;
        this.reporter = reporter;
        this.typed = typed;
    }

    ValueType type(ExpressionSyntax.Binary b, Scope scope, ExpressionTyper.Place place) {
        return switch (b.op()) {
            case AND, OR, IMPLIES -> {
                typer.condition(b.left(), scope, place);
                typer.condition(b.right(), scope, place);
                yield new ValueType.BoolType();
            }
            case EQ, NE -> equality(b, scope, place);
            case LT, LE, GT, GE -> relational(b, scope, place);
            case ADD, SUB, MUL, DIV, MOD -> arithmetic(b, scope, place);
        };
    }

    private ValueType equality(ExpressionSyntax.Binary b, Scope scope, ExpressionTyper.Place place) {
        ValueType left;
        ValueType right;
        ValueType.RecordType record = typer.wholeRecord(b.left(), scope);
        if (record == null) {
            record = typer.wholeRecord(b.right(), scope);
        }
        if (record != null) {
            // Two records are equal when every field is: pte[a] == old
            left = typer.type(b.left(), record, scope, place);
            right = typer.type(b.right(), record, scope, place);
        } else if (contextual(b.left()) && !contextual(b.right())) {
            right = typer.type(b.right(), null, scope, place);
            left = typer.type(b.left(), right, scope, place);
        } else {
            left = typer.type(b.left(), null, scope, place);
            right = typer.type(b.right(), left, scope, place);
        }
        if (!Types.comparable(left, right, typer.isConstant(b.left()), typer.isConstant(b.right()))) {
            reporter.report(
                    Codes.TYPE_MISMATCH,
                    b.span(),
                    "cannot compare a " + Types.describe(left) + " with a " + Types.describe(right),
                    Types.domainOf(left) != null || Types.domainOf(right) != null
                            ? "domain values compare with values of the same domain or constants"
                            : "");
        }
        return new ValueType.BoolType();
    }

    /** none and bare names may be literals whose type only the other side tells. */
    private static boolean contextual(ExpressionSyntax e) {
        return e instanceof ExpressionSyntax.NoneLiteral || e instanceof ExpressionSyntax.Name;
    }

    private ValueType relational(ExpressionSyntax.Binary b, Scope scope, ExpressionTyper.Place place) {
        ValueType left = typer.type(b.left(), null, scope, place);
        ValueType right = typer.type(b.right(), left, scope, place);
        if (left == null || right == null) {
            return new ValueType.BoolType();
        }
        boolean ok = Types.numeric(left) && Types.numeric(right);
        if (ok && (Types.domainOf(left) != null || Types.domainOf(right) != null)) {
            ok = Types.comparable(left, right, typer.isConstant(b.left()), typer.isConstant(b.right()));
        }
        if (!ok) {
            reporter.report(
                    Codes.TYPE_MISMATCH,
                    b.span(),
                    "'" + b.op().spelling() + "' cannot order a " + Types.describe(left) + " and a "
                            + Types.describe(right),
                    "ordering compares ints, or values of one domain");
        }
        return new ValueType.BoolType();
    }

    /** Arithmetic yields a plain int whose bounds follow from its operands' (checked when assigned). */
    private ValueType arithmetic(ExpressionSyntax.Binary b, Scope scope, ExpressionTyper.Place place) {
        ValueType left = typer.type(b.left(), null, scope, place);
        ValueType right = typer.type(b.right(), null, scope, place);
        if (left == null || right == null) {
            return null;
        }
        if (!Types.numeric(left) || !Types.numeric(right)) {
            ValueType bad = Types.numeric(left) ? right : left;
            reporter.report(
                    Codes.TYPE_MISMATCH,
                    b.span(),
                    "'" + b.op().spelling() + "' needs numbers, not a " + Types.describe(bad));
            return null;
        }
        if ((b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
                && left instanceof ValueType.DomainType d
                && typer.isConstant(b.right())) {
            // A walk's counter: addr + 1 is the next element, so it may index the domain (checked at run time).
            typed.domainSteps.put(b, d.domain());
        }
        long ll = Types.low(left);
        long lh = Types.high(left);
        long rl = Types.low(right);
        long rh = Types.high(right);
        return switch (b.op()) {
            case ADD -> Types.range(ll + rl, lh + rh);
            case SUB -> Types.range(ll - rh, lh - rl);
            case MUL -> {
                long[] corners = {ll * rl, ll * rh, lh * rl, lh * rh};
                yield Types.range(min(corners), max(corners));
            }
            case DIV -> {
                long magnitude = Math.max(Math.abs(ll), Math.abs(lh));
                yield Types.range(ll >= 0 && rl >= 0 ? 0 : -magnitude, magnitude);
            }
            case MOD -> {
                long divisor = Math.max(Math.abs(rl), Math.abs(rh));
                long bound = Math.max(0, divisor - 1);
                yield Types.range(ll >= 0 ? 0 : -bound, lh <= 0 ? 0 : bound);
            }
            default -> throw new AssertionError(b.op());
        };
    }

    private static long min(long[] values) {
        long m = Long.MAX_VALUE;
        for (long v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static long max(long[] values) {
        long m = Long.MIN_VALUE;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    static boolean isLogical(BinaryOp op) {
        return op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.IMPLIES;
    }
}
