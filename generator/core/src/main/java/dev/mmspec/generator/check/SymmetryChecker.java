package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symmetry concern: {@code symmetry Folio} promises that no step or invariant can tell one folio from another, so
 * the explorer may keep one state per renaming of the folios. This checker reports where a spec breaks that promise in
 * a way one can see without running it:
 *
 * <ul>
 *   <li>a constant (a literal or a {@code const}) of the domain in a step or invariant: as an index, a value written,
 *       or a value compared with one of the domain; it names one element;
 *   <li>ordering ({@code <}, {@code <=}, ...) and arithmetic on its values, which tell the lower element from the
 *       higher;
 *   <li>a {@code for} over the domain whose iterations could see one another (see {@link LoopIndependence}), since the
 *       loop visits the elements lowest first;
 *   <li>state indexed by the domain twice, whose elements a renaming cannot move one by one.
 * </ul>
 *
 * {@code init} may name elements: it is one state, and the explorer starts from its representative. Scenarios may too:
 * they run on the concrete model, never on representatives. Operation parameters of the domain are fine: the explorer
 * starts an operation with every argument, so a renaming of one start is another start. What depends on the state when
 * the step runs ({@code choose} and {@code alloc} take the lowest fitting element) the generated model checks then.
 */
final class SymmetryChecker {
    private final Reporter reporter;
    private final SpecFile ast;
    private final SymbolTable symbols;
    private final TypeAttribution typing;
    private final ConstantFolder folder;
    /** The symmetric domains by name, each with its {@code symmetry} line (for messages). */
    private final Map<String, Integer> symmetric = new LinkedHashMap<>();

    SymmetryChecker(
            Reporter reporter, SpecFile ast, SymbolTable symbols, TypeAttribution typing, ConstantFolder folder) {
        this.reporter = reporter;
        this.ast = ast;
        this.symbols = symbols;
        this.typing = typing;
        this.folder = folder;
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Symmetry s) {
                String name = s.group().name();
                if (symbols.domains().containsKey(name) && !name.equals(SymbolTable.TASK_DOMAIN)) {
                    symmetric.putIfAbsent(name, s.span().line());
                }
            }
        }
    }

    void check() {
        if (symmetric.isEmpty()) {
            return;
        }
        for (StateSymbol s : symbols.states().values()) {
            for (String d : symmetric.keySet()) {
                if (s.dimensions().stream().filter(x -> x.name().equals(d)).count() > 1) {
                    report(
                            s.span(),
                            d,
                            "'" + s.name() + "' is indexed by " + d + " twice, and a renaming of " + d
                                    + " cannot move its elements one by one",
                            "index it by " + d + " once");
                }
            }
        }
        for (LockSymbol lock : symbols.locks().values()) {
            String d = lock.domain() == null ? null : lock.domain().name();
            if (lock.orderedByIndex() && symmetric.containsKey(d)) {
                report(
                        lock.span(),
                        d,
                        "'order " + lock.name() + " by index' ranks " + d + "'s elements, which a renaming of " + d
                                + " must not tell apart",
                        "take the second instance with trylock instead of ordering by index");
            }
        }
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Op op
                    && symbols.operations().get(op.name().name()) == op) {
                op.steps().forEach(step -> statements(step.body()));
            } else if (d instanceof Declaration.Invariant inv) {
                if (inv.when() != null) {
                    expression(inv.when());
                }
                expression(inv.body());
            }
        }
    }

    private void statements(List<StatementSyntax> body) {
        body.forEach(this::statement);
    }

    private void statement(StatementSyntax s) {
        if (s instanceof StatementSyntax.Lock l) {
            lock(l.lock());
        } else if (s instanceof StatementSyntax.Unlock u) {
            lock(u.lock());
        } else if (s instanceof StatementSyntax.Require r) {
            expression(r.condition());
        } else if (s instanceof StatementSyntax.Assert a) {
            expression(a.condition());
        } else if (s instanceof StatementSyntax.If i) {
            expression(i.condition());
            statements(i.then());
            statements(i.otherwise());
        } else if (s instanceof StatementSyntax.Assign a) {
            ValueType type = target(a.target());
            value(a.value(), type);
            expression(a.value());
        } else if (s instanceof StatementSyntax.AssignRecord a) {
            target(a.target());
            StateSymbol state = typing.bindings().get(a.target()) instanceof Binding.ToState ts ? ts.state() : null;
            for (StatementSyntax.FieldInit init : a.fields()) {
                RecordSymbol.Field field = state == null || !state.isRecord()
                        ? null
                        : state.record().field(init.name().name());
                value(init.value(), field == null ? null : field.type());
                expression(init.value());
            }
        } else if (s instanceof StatementSyntax.Let l) {
            VariableSymbol v = typing.variables().get(l);
            value(l.value(), v == null ? null : v.type());
            expression(l.value());
        } else if (s instanceof StatementSyntax.For f) {
            VariableSymbol binder = typing.variables().get(f);
            String domain = f.domain().name();
            if (binder != null && symmetric.containsKey(domain)) {
                new LoopIndependence(
                                symbols,
                                typing,
                                f,
                                binder,
                                (span, message, hint) -> report(span, domain, message, hint))
                        .check();
            }
            if (f.where() != null) {
                expression(f.where());
            }
            statements(f.body());
        } else if (s instanceof StatementSyntax.Choose c) {
            if (c.where() != null) {
                expression(c.where());
            }
            statements(c.then());
            statements(c.otherwise());
        }
    }

    /**
     * Checks the indices of an assignment target; @return the type it holds, or null (a record element, or not typed).
     */
    private ValueType target(Target t) {
        Binding b = typing.bindings().get(t);
        if (b instanceof Binding.ToVar v) {
            return v.variable().type();
        }
        if (!(b instanceof Binding.ToState ts)) {
            return null;
        }
        StateSymbol s = ts.state();
        indices(s, t.indices());
        t.indices().forEach(this::expression);
        if (t.field() != null && s.isRecord()) {
            RecordSymbol.Field f = s.record().field(t.field().name());
            return f == null ? null : f.type();
        }
        return s.isRecord() ? null : s.type();
    }

    private void indices(StateSymbol s, List<ExpressionSyntax> indices) {
        for (int k = 0; k < Math.min(indices.size(), s.dimensions().size()); k++) {
            value(indices.get(k), new ValueType.DomainType(s.dimensions().get(k)));
        }
    }

    private void lock(LockUse use) {
        lockIndexValue(use);
        if (use.index() != null) {
            expression(use.index());
        }
    }

    /** Reports a constant lock instance of a symmetric domain. */
    private void lockIndexValue(LockUse use) {
        LockSymbol lock = symbols.locks().get(use.lock().name());
        if (use.index() != null && lock != null && lock.domain() != null) {
            value(use.index(), new ValueType.DomainType(lock.domain()));
        }
    }

    /** Walks an expression for ordering, arithmetic and compared constants of a symmetric domain. */
    private void expression(ExpressionSyntax e) {
        Walk.expression(e, this::node);
    }

    /** The checks on one node of an expression; {@link Walk} visits the nodes under it. */
    private void node(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.Binary b) {
            ValueType left = typing.types().get(b.left());
            ValueType right = typing.types().get(b.right());
            String domain = symmetricDomain(left) != null ? symmetricDomain(left) : symmetricDomain(right);
            if (domain != null && (b.op() == BinaryOp.EQ || b.op() == BinaryOp.NE)) {
                value(b.left(), right);
                value(b.right(), left);
            } else if (domain != null && !BinaryTyper.isLogical(b.op())) {
                report(
                        b.span(),
                        domain,
                        "'" + b.op().spelling() + "' " + (isOrdering(b.op()) ? "orders" : "computes with") + " "
                                + domain + " values, and so tells one element from another",
                        "compare " + domain + " values only with == and != (each other, or none)");
            }
        } else if (e instanceof ExpressionSyntax.Unary u) {
            String domain = symmetricDomain(typing.types().get(u.operand()));
            if (domain != null && u.op() == UnaryOp.NEG) {
                report(
                        u.span(),
                        domain,
                        "'-' computes with a " + domain + " value, and so tells one element from another",
                        "compare " + domain + " values only with == and != (each other, or none)");
            }
        } else if (e instanceof ExpressionSyntax.Index x) {
            if (x.base() instanceof ExpressionSyntax.Name base
                    && typing.bindings().get(base) instanceof Binding.ToState ts) {
                indices(ts.state(), x.indices());
            }
        } else if (e instanceof ExpressionSyntax.Held h) {
            lockIndexValue(h.lock());
        } else if (e instanceof ExpressionSyntax.TryLock t) {
            lockIndexValue(t.lock());
        }
    }

    /** Reports {@code e} if it is a constant going where a value of a symmetric domain is expected ({@code type}). */
    private void value(ExpressionSyntax e, ValueType type) {
        String domain = symmetricDomain(type);
        if (domain == null) {
            return;
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            value(c.then(), type);
            value(c.otherwise(), type);
        } else if (!(e instanceof ExpressionSyntax.NoneLiteral)
                && folder.fold(e).isPresent()) {
            report(
                    e.span(),
                    domain,
                    "'" + ExprText.render(e) + "' names one " + domain + " element, but 'symmetry " + domain
                            + "' says none is special",
                    "in steps and invariants, reach " + domain + " elements through state, parameters,"
                            + " choose, alloc or a quantifier; name them only in init");
        }
    }

    private String symmetricDomain(ValueType t) {
        DomainSymbol d = Types.domainOf(t);
        return d != null && symmetric.containsKey(d.name()) ? d.name() : null;
    }

    private static boolean isOrdering(BinaryOp op) {
        return op == BinaryOp.LT || op == BinaryOp.LE || op == BinaryOp.GT || op == BinaryOp.GE;
    }

    private void report(Span span, String domain, String message, String hint) {
        reporter.report(
                Codes.ASYMMETRIC_USE,
                span,
                message,
                hint + "; or drop 'symmetry " + domain + "' (line " + symmetric.get(domain) + ")");
    }
}
