package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.Binding;
import dev.mmspec.generator.check.ValueType;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.LockRef;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.LockMode;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers checked expressions to typed IR expressions: names become the declarations they were bound to, constants and
 * constant arithmetic fold into {@link Expr.IntLit}, enum literals (and an enum's {@code none}) into
 * {@link Expr.EnumLit}. It assumes the checkers found no error.
 */
final class ExprResolver {
    private final Analysis analysis;
    private final Declarations declarations;
    private final RecordValues records;

    ExprResolver(Analysis analysis, Declarations declarations, RecordValues records) {
        this.analysis = analysis;
        this.declarations = declarations;
        this.records = records;
    }

    /** @return the fields of a whole-record expression ({@code pte[a]}, a record var), in field order. */
    List<Expr> fields(ExpressionSyntax e) {
        Type.RecordType record = (Type.RecordType) type(e);
        List<Expr> out = new java.util.ArrayList<>();
        if (e instanceof ExpressionSyntax.Conditional c) {
            List<Expr> then = fields(c.then());
            List<Expr> otherwise = fields(c.otherwise());
            Expr condition = resolve(c.condition());
            for (int k = 0; k < then.size(); k++) {
                out.add(new Expr.Conditional(
                        condition,
                        then.get(k),
                        otherwise.get(k),
                        record.decl().fields().get(k).type(),
                        e.span()));
            }
            return out;
        }
        if (e instanceof ExpressionSyntax.Name n && analysis.binding(n) instanceof Binding.ToVar v) {
            for (Var field : records.fieldsOf(declarations.variable(v.variable()))) {
                out.add(new Expr.VarRead(field, e.span()));
            }
            return out;
        }
        ExpressionSyntax base = e instanceof ExpressionSyntax.Index x ? x.base() : e;
        StateVar state = declarations.state(analysis.binding(base));
        List<Expr> indices = e instanceof ExpressionSyntax.Index x ? all(x.indices()) : List.of();
        for (RecordDecl.Field field : state.record().fields()) {
            out.add(new Expr.StateRead(state, indices, field.name(), field.type(), e.span()));
        }
        return out;
    }

    Expr resolve(ExpressionSyntax e) {
        if (e == null) {
            return null;
        }
        if (e instanceof ExpressionSyntax.IntLiteral i) {
            return new Expr.IntLit((int) i.value(), type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.BoolLiteral b) {
            return new Expr.BoolLit(b.value(), e.span());
        }
        if (e instanceof ExpressionSyntax.NoneLiteral) {
            if (analysis.binding(e) instanceof Binding.ToEnumLiteral literal) {
                return new Expr.EnumLit(declarations.enumDecl(literal.decl()), literal.ordinal(), e.span());
            }
            return new Expr.NoneLit(type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.Name n) {
            return name(n);
        }
        if (e instanceof ExpressionSyntax.Index x) {
            StateVar state = declarations.state(analysis.binding(x.base()));
            return new Expr.StateRead(state, all(x.indices()), null, type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.Field f && analysis.taskVariable(f) != null) {
            var v = analysis.taskVariable(f);
            return new Expr.TaskVariable(
                    resolve(((ExpressionSyntax.Field) f.base()).base()),
                    v.operation(),
                    operationIndex(v.operation()),
                    declarations.variable(v.variable()),
                    e.span());
        }
        if (e instanceof ExpressionSyntax.Field f) {
            return field(f);
        }
        if (e instanceof ExpressionSyntax.TaskIn t) {
            String op = t.operation().name();
            int step = -1;
            if (t.step() != null) {
                var steps = analysis.operations().get(op).steps();
                for (int k = 0; k < steps.size(); k++) {
                    if (steps.get(k).name().name().equals(t.step().name())) {
                        step = k;
                        break;
                    }
                }
            }
            return new Expr.TaskIn(
                    resolve(t.task()),
                    op,
                    operationIndex(op),
                    t.step() == null ? null : t.step().name(),
                    step,
                    e.span());
        }
        if (e instanceof ExpressionSyntax.Unary u) {
            Expr operand = resolve(u.operand());
            if (u.op() == UnaryOp.NEG && operand instanceof Expr.IntLit lit) {
                return new Expr.IntLit(-lit.value(), constant(-lit.value()), e.span());
            }
            return new Expr.Unary(u.op(), operand, type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.Binary b) {
            return binary(b);
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            return new Expr.Conditional(
                    resolve(c.condition()), resolve(c.then()), resolve(c.otherwise()), type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.Quantified q) {
            Var binder = declarations.variable(analysis.variable(q));
            var domain = ((Type.DomainType) binder.type()).domain();
            return new Expr.Quantified(q.quantifier(), binder, domain, resolve(q.body()), type(e), e.span());
        }
        if (e instanceof ExpressionSyntax.Fixed f) {
            return new Expr.Fixed(declarations.fixes().get(f.fix().name()), e.span());
        }
        if (e instanceof ExpressionSyntax.Held h) {
            return new Expr.Held(
                    declarations.locks().get(h.lock().lock().name()),
                    resolve(h.lock().index()),
                    e.span());
        }
        if (e instanceof ExpressionSyntax.TryLock t) {
            return new Expr.TryLock(lockRef(t.lock(), t.lock().access()), e.span());
        }
        if (e instanceof ExpressionSyntax.Quiescent) {
            return new Expr.Quiescent(e.span());
        }
        throw new AssertionError(e);
    }

    /** @return the operation's index, as SpecResolver numbers them (declaration order). */
    private int operationIndex(String operation) {
        return new ArrayList<>(analysis.operations().keySet()).indexOf(operation);
    }

    List<Expr> all(List<ExpressionSyntax> expressions) {
        return expressions.stream().map(this::resolve).toList();
    }

    private Expr name(ExpressionSyntax.Name n) {
        Binding binding = analysis.binding(n);
        if (binding instanceof Binding.ToVar v) {
            return new Expr.VarRead(declarations.variable(v.variable()), n.span());
        }
        if (binding instanceof Binding.ToConst c) {
            return new Expr.IntLit(c.value(), constant(c.value()), n.span());
        }
        if (binding instanceof Binding.ToState) {
            StateVar state = declarations.state(binding);
            return new Expr.StateRead(state, List.of(), null, state.type(), n.span());
        }
        if (binding instanceof Binding.ToEnumLiteral literal) {
            return new Expr.EnumLit(declarations.enumDecl(literal.decl()), literal.ordinal(), n.span());
        }
        throw new AssertionError("unbound name after checking: " + n);
    }

    private Expr field(ExpressionSyntax.Field f) {
        if (f.base() instanceof ExpressionSyntax.Name n && analysis.binding(n) instanceof Binding.ToVar v) {
            return new Expr.VarRead(
                    records.field(declarations.variable(v.variable()), f.field().name()), f.span());
        }
        StateVar state;
        List<Expr> indices;
        if (f.base() instanceof ExpressionSyntax.Index x) {
            state = declarations.state(analysis.binding(x.base()));
            indices = all(x.indices());
        } else {
            state = declarations.state(analysis.binding(f.base()));
            indices = List.of();
        }
        RecordDecl.Field field = state.record().field(f.field().name());
        return new Expr.StateRead(state, indices, field.name(), field.type(), f.span());
    }

    private Expr binary(ExpressionSyntax.Binary b) {
        if (analysis.type(b.left()) instanceof ValueType.RecordType) {
            return RecordValues.compare(b.op(), fields(b.left()), fields(b.right()), b.span());
        }
        Expr left = resolve(b.left());
        Expr right = resolve(b.right());
        if (left instanceof Expr.IntLit l && right instanceof Expr.IntLit r) {
            Long folded = fold(b.op(), l.value(), r.value());
            if (folded != null && folded >= Integer.MIN_VALUE && folded <= Integer.MAX_VALUE) {
                return new Expr.IntLit(folded.intValue(), constant(folded.intValue()), b.span());
            }
        }
        return new Expr.Binary(b.op(), left, right, type(b), b.span());
    }

    /** @return the folded value of integer arithmetic, or null when it is not arithmetic or divides by zero. */
    private static Long fold(BinaryOp op, long l, long r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> r == 0 ? null : l / r;
            case MOD -> r == 0 ? null : l % r;
            default -> null;
        };
    }

    LockRef lockRef(LockUse use, LockMode access) {
        Lock lock = declarations.locks().get(use.lock().name());
        LockMode mode = lock.kind() != LockKind.RWSEM ? LockMode.EXCLUSIVE : access != null ? access : LockMode.WRITE;
        return new LockRef(lock, resolve(use.index()), mode, use.span());
    }

    private Type type(ExpressionSyntax e) {
        ValueType t = analysis.type(e);
        if (t == null) {
            throw new AssertionError("untyped expression after checking: " + e);
        }
        return declarations.type(t);
    }

    private static Type constant(int value) {
        return new Type.RangeType(value, value);
    }
}
