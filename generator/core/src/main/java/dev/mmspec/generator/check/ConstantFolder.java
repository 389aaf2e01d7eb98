package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Integer constant expressions: {@code const} values, domain and range bounds, task counts, and (silently) any
 * sub-expression of a step that happens to be constant. Part of the bounds concern: overflow and division by zero are
 * reported here.
 *
 * <p>The declaration phase evaluates every {@code const} once ({@link #evaluateAll}) into the symbol table being built;
 * the attribution phase gets a folder ({@link #attributing}) over the frozen values, which also folds the expressions
 * of steps with the type checker's bindings.
 */
final class ConstantFolder {
    private final Reporter reporter;
    /** The names declared so far: a name that is no constant is reported as what it is. */
    private final Symbols symbols;

    private final Map<String, Declaration.Const> declarations;
    /** The const values: the table's, written here only while the declaration phase evaluates them. */
    private final Map<String, Integer> values;

    private final Set<String> evaluating = new HashSet<>();
    private final Set<String> failed;
    /** What a name in a step stands for, as the type checker decided (nothing before it ran). */
    private final Function<Node, Binding> bindings;

    private ConstantFolder(
            Reporter reporter,
            Symbols symbols,
            Map<String, Declaration.Const> declarations,
            Map<String, Integer> values,
            Set<String> failed,
            Function<Node, Binding> bindings) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.declarations = declarations;
        this.values = values;
        this.failed = failed;
        this.bindings = bindings;
    }

    /** The folder of the declaration phase: it writes the values of the consts into {@code table}. */
    static ConstantFolder declaring(
            Reporter reporter, SymbolTable.Builder table, Map<String, Declaration.Const> declarations) {
        return new ConstantFolder(
                reporter, table, Frozen.map(declarations), table.constants, new HashSet<>(), node -> null);
    }

    /**
     * @param symbols the frozen table (every const already evaluated: this folder writes nothing)
     * @param bindings the type checker's bindings, for {@link #fold}
     */
    ConstantFolder attributing(Symbols symbols, Function<Node, Binding> bindings) {
        return new ConstantFolder(reporter, symbols, declarations, symbols.constants(), Set.copyOf(failed), bindings);
    }

    /** Evaluates every const, in file order, so each is reported once. */
    void evaluateAll() {
        declarations.keySet().forEach(this::constant);
    }

    /** @return the value, or null after reporting why there is none. */
    Integer evaluate(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.IntLiteral literal) {
            if (literal.value() > Integer.MAX_VALUE) {
                reporter.report(
                        Codes.OUT_OF_RANGE,
                        e.span(),
                        "integer " + literal.value() + " does not fit in an int",
                        "values in the model are ints; use a smaller bound");
                return null;
            }
            return (int) literal.value();
        }
        if (e instanceof ExpressionSyntax.Name name) {
            return constantReference(name);
        }
        if (e instanceof ExpressionSyntax.Unary unary && unary.op() == UnaryOp.NEG) {
            Integer operand = evaluate(unary.operand());
            return operand == null ? null : checked(-(long) operand, e);
        }
        if (e instanceof ExpressionSyntax.Binary binary && isArithmetic(binary.op())) {
            Integer left = evaluate(binary.left());
            Integer right = evaluate(binary.right());
            if (left == null || right == null) {
                return null;
            }
            if ((binary.op() == BinaryOp.DIV || binary.op() == BinaryOp.MOD) && right == 0) {
                reporter.report(
                        Codes.DIVISION_BY_ZERO, binary.right().span(), "division by zero in a constant expression");
                return null;
            }
            return checked(apply(binary.op(), left, right), e);
        }
        reporter.report(
                Codes.NOT_CONSTANT,
                e.span(),
                "not a constant expression",
                "only integers, consts and + - * / % are allowed here");
        return null;
    }

    private Integer constantReference(ExpressionSyntax.Name name) {
        String id = name.name().name();
        if (declarations.containsKey(id)) {
            return constant(id);
        }
        if (symbols.domains().containsKey(id)
                || symbols.states().containsKey(id)
                || symbols.locks().containsKey(id)) {
            reporter.report(
                    Codes.NOT_CONSTANT,
                    name.span(),
                    "'" + id + "' is not a constant",
                    "bounds and counts must be integers or consts");
        } else {
            reporter.report(
                    Codes.UNKNOWN_NAME,
                    name.span(),
                    "unknown constant '" + id + "'",
                    Suggestions.hint(id, declarations.keySet()));
        }
        return null;
    }

    private Integer constant(String id) {
        if (values.containsKey(id)) {
            return values.get(id);
        }
        if (failed.contains(id)) {
            return null;
        }
        Declaration.Const decl = declarations.get(id);
        if (!evaluating.add(id)) {
            reporter.report(Codes.NOT_CONSTANT, decl.span(), "constant '" + id + "' is defined in terms of itself");
            failed.add(id);
            return null;
        }
        Integer value = evaluate(decl.value());
        evaluating.remove(id);
        if (value == null) {
            failed.add(id);
        } else {
            values.put(id, value);
        }
        return value;
    }

    /**
     * @return the value of an expression of a step, init or invariant if it is constant (literals, consts, arithmetic
     *     on them), using the type checker's bindings; empty otherwise
     */
    OptionalLong fold(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.IntLiteral literal) {
            return OptionalLong.of(literal.value());
        }
        if (e instanceof ExpressionSyntax.Name && bindings.apply(e) instanceof Binding.ToConst c) {
            return OptionalLong.of(c.value());
        }
        if (e instanceof ExpressionSyntax.Unary unary && unary.op() == UnaryOp.NEG) {
            OptionalLong operand = fold(unary.operand());
            return operand.isPresent() ? OptionalLong.of(-operand.getAsLong()) : operand;
        }
        if (e instanceof ExpressionSyntax.Binary binary && isArithmetic(binary.op())) {
            OptionalLong left = fold(binary.left());
            OptionalLong right = fold(binary.right());
            if (left.isEmpty() || right.isEmpty()) {
                return OptionalLong.empty();
            }
            if ((binary.op() == BinaryOp.DIV || binary.op() == BinaryOp.MOD) && right.getAsLong() == 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(apply(binary.op(), left.getAsLong(), right.getAsLong()));
        }
        return OptionalLong.empty();
    }

    static boolean isArithmetic(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MOD -> true;
            default -> false;
        };
    }

    static long apply(BinaryOp op, long left, long right) {
        return switch (op) {
            case ADD -> left + right;
            case SUB -> left - right;
            case MUL -> left * right;
            case DIV -> left / right;
            case MOD -> left % right;
            default -> throw new IllegalArgumentException("not arithmetic: " + op);
        };
    }

    private Integer checked(long value, ExpressionSyntax e) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            reporter.report(Codes.OUT_OF_RANGE, e.span(), "constant expression overflows an int (" + value + ")");
            return null;
        }
        return (int) value;
    }
}
