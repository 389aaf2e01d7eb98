package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.TypeRef;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import java.util.OptionalLong;

/**
 * The bounds concern: the model must be finite, so every domain and integer has bounds, no domain is empty, and every
 * constant given to a typed place (a default, an assignment, an index, a scenario argument) is one of that type's
 * values. Values computed at run time are the model's to check; a constant that can never fit is reported here, at the
 * line that writes it.
 */
final class BoundsChecker {
    /**
     * Tasks in all: an rwsem keeps its readers as one bit per task in an int, and the explorer packs an action (a
     * task's start or continue) in 15 bits.
     */
    static final int MAX_TASKS = 31;
    /**
     * Values of one domain: the generated model unrolls per element (invariants, lock words, symmetry checks), and a
     * domain of thousands made methods past javac's 64 KB limit.
     */
    static final int MAX_DOMAIN = 256;
    /** Values of one integer range: its bits are packed in a word, and its size must be an int. */
    static final long MAX_RANGE = 1L << 30;

    private final Reporter reporter;
    private final ConstantFolder folder;

    BoundsChecker(Reporter reporter, ConstantFolder folder) {
        this.reporter = reporter;
        this.folder = folder;
    }

    /** @return the domain, or null after reporting it unbounded or empty. */
    DomainSymbol domain(Declaration.Domain decl) {
        String name = decl.name().name();
        if (decl.low() == null || decl.high() == null) {
            reporter.report(
                    Codes.UNBOUNDED,
                    decl.span(),
                    "domain '" + name + "' is unbounded",
                    "every domain needs both bounds, e.g. 'domain " + name
                            + " = 0..1'; the model explores every value");
            return null;
        }
        Integer low = folder.evaluate(decl.low());
        Integer high = folder.evaluate(decl.high());
        if (low == null || high == null) {
            return null;
        }
        if (high < low) {
            reporter.report(
                    Codes.EMPTY_RANGE,
                    decl.span(),
                    "domain '" + name + "' is empty (" + low + ".." + high + ")",
                    "the upper bound is inclusive: 'domain " + name + " = 0..0' has one value");
            return null;
        }
        if ((long) high - low + 1 > MAX_DOMAIN) {
            reporter.report(
                    Codes.TOO_LARGE,
                    decl.span(),
                    "domain '" + name + "' has " + ((long) high - low + 1) + " values; the limit is " + MAX_DOMAIN,
                    "every state is explored: keep domains to the few values a race needs");
            return null;
        }
        return new DomainSymbol(name, low, high, decl.span());
    }

    /** @return the range type, or null after reporting it. */
    ValueType.RangeType range(TypeRef.Range ref) {
        Integer low = folder.evaluate(ref.low());
        Integer high = folder.evaluate(ref.high());
        if (low == null || high == null) {
            return null;
        }
        if (high < low) {
            reporter.report(
                    Codes.EMPTY_RANGE,
                    ref.span(),
                    "range " + low + ".." + high + " has no values",
                    "write the lower bound first");
            return null;
        }
        if ((long) high - low + 1 > MAX_RANGE) {
            reporter.report(
                    Codes.TOO_LARGE,
                    ref.span(),
                    "range " + low + ".." + high + " has " + ((long) high - low + 1) + " values; the limit is "
                            + MAX_RANGE,
                    "a model counter needs the values a race reaches, e.g. '0..4'");
            return null;
        }
        return new ValueType.RangeType(low, high);
    }

    void unboundedInt(Span span) {
        reporter.report(
                Codes.UNBOUNDED,
                span,
                "type 'int' is unbounded",
                "give a range instead, e.g. '0..4'; every value in the model must be finite");
    }

    /** @return the number of tasks of {@code task NAME[n]}, or null after reporting. */
    Integer taskCount(ExpressionSyntax count) {
        Integer n = folder.evaluate(count);
        if (n != null && n < 1) {
            reporter.report(Codes.EMPTY_RANGE, count.span(), "a task group needs at least one task, not " + n);
            return null;
        }
        if (n != null && n > MAX_TASKS) {
            reporter.report(
                    Codes.TOO_LARGE,
                    count.span(),
                    "a task group of " + n + " tasks; the limit is " + MAX_TASKS + " tasks in all",
                    "interleavings grow exponentially with tasks: two or three show a race");
            return null;
        }
        return n;
    }

    /** Reports a constant value that is not one of the target type's values. */
    void checkFits(ExpressionSyntax value, ValueType target, String what) {
        if (target == null
                || !(target instanceof ValueType.RangeType
                        || target instanceof ValueType.DomainType
                        || target instanceof ValueType.OptionalType)) {
            return;
        }
        OptionalLong folded = folder.fold(value);
        if (folded.isPresent() && !Types.contains(target, folded.getAsLong())
                || folded.isPresent() && target instanceof ValueType.OptionalType && folded.getAsLong() < 0) {
            reporter.report(
                    Codes.OUT_OF_RANGE,
                    value.span(),
                    "constant " + folded.getAsLong() + " is out of range for " + what + " (" + range(target) + ")");
        }
    }

    private static String range(ValueType t) {
        DomainSymbol d = Types.domainOf(t);
        return d != null ? d.name() + " = " + d.low() + ".." + d.high() : t.toString();
    }

    /**
     * The value of a constant written for a declared type: a default, an initial value, a scenario argument. Enum
     * literals and none are resolved against the type.
     *
     * @param mismatch the code for a value of the wrong kind
     * @return the value as stored in the IR (none = -1), or null after reporting
     */
    Integer constantOf(ExpressionSyntax e, ValueType type, String what, Codes mismatch) {
        if (type == null) {
            return null;
        }
        if (type instanceof ValueType.BoolType) {
            if (e instanceof ExpressionSyntax.BoolLiteral b) {
                return b.value() ? 1 : 0;
            }
            reporter.report(mismatch, e.span(), what + " must be true or false");
            return null;
        }
        if (type instanceof ValueType.EnumType en) {
            String literal = e instanceof ExpressionSyntax.Name n
                    ? n.name().name()
                    : e instanceof ExpressionSyntax.NoneLiteral ? "none" : null;
            int ordinal = literal == null ? -1 : en.decl().literals().indexOf(literal);
            if (ordinal < 0) {
                reporter.report(
                        mismatch,
                        e.span(),
                        what + " must be a literal of " + en.decl().name(),
                        "one of: " + String.join(", ", en.decl().literals()));
                return null;
            }
            return ordinal;
        }
        if (type instanceof ValueType.OptionalType && e instanceof ExpressionSyntax.NoneLiteral) {
            return -1;
        }
        if (!(e instanceof ExpressionSyntax.IntLiteral
                || e instanceof ExpressionSyntax.Name
                || e instanceof ExpressionSyntax.Unary
                || e instanceof ExpressionSyntax.Binary)) {
            reporter.report(mismatch, e.span(), what + " must be a constant of type " + type);
            return null;
        }
        Integer value = folder.evaluate(e);
        if (value == null) {
            return null;
        }
        if (!Types.contains(type, value) || type instanceof ValueType.OptionalType && value < 0) {
            reporter.report(
                    Codes.OUT_OF_RANGE,
                    e.span(),
                    "constant " + value + " is out of range for " + what + " (" + range(type) + ")");
            return null;
        }
        return value;
    }
}
