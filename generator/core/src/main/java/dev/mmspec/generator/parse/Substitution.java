package dev.mmspec.generator.parse;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deep copy of a procedure's steps with its names replaced: parameters by their arguments, vars and steps by their
 * prefixed names. Every node is new, since the checkers key what they learn by node identity and two calls of one
 * procedure are two places. A binder ({@code for}, {@code choose}, a quantifier, {@code let}) hides a replaced name
 * inside its scope. Spans are kept: a diagnostic in a copy points at the procedure's text.
 */
final class Substitution {
    /** The identity copy (the caller's own steps, or an argument already in the caller's names). */
    static final Substitution NONE = new Substitution(Map.of(), null, null, null);

    private final Map<String, ExpressionSyntax> names;
    /** The procedure's step names and their copies' names; null for the identity copy. */
    private final Map<String, String> steps;

    private final String procedure;
    private final Reporter reporter;
    private final Set<String> hidden = new HashSet<>();

    Substitution(Map<String, ExpressionSyntax> names, Map<String, String> steps, String procedure, Reporter reporter) {
        this.names = names;
        this.steps = steps;
        this.procedure = procedure;
        this.reporter = reporter;
    }

    Declaration.StepDecl step(Declaration.StepDecl s, String prefix) {
        Ident name = steps == null
                ? ident(s.name())
                : new Ident(steps.get(s.name().name()), s.name().span());
        return new Declaration.StepDecl(new Ident(prefix + name.name(), name.span()), block(s.body()), s.span());
    }

    private List<StatementSyntax> block(List<StatementSyntax> body) {
        Set<String> before = new HashSet<>(hidden);
        List<StatementSyntax> out = new ArrayList<>();
        for (StatementSyntax s : body) {
            out.add(statement(s));
            if (s instanceof StatementSyntax.Let l) {
                hidden.add(l.name().name()); // the rest of the block reads the let, not the argument
            }
        }
        hidden.retainAll(before); // a let's scope ends with its block
        return out;
    }

    private StatementSyntax statement(StatementSyntax s) {
        if (s instanceof StatementSyntax.Lock l) {
            return new StatementSyntax.Lock(lock(l.lock()), l.span());
        } else if (s instanceof StatementSyntax.Unlock u) {
            return new StatementSyntax.Unlock(lock(u.lock()), u.span());
        } else if (s instanceof StatementSyntax.Require r) {
            return new StatementSyntax.Require(expression(r.condition()), r.span());
        } else if (s instanceof StatementSyntax.Assert a) {
            return new StatementSyntax.Assert(expression(a.condition()), a.message(), a.span());
        } else if (s instanceof StatementSyntax.If i) {
            return new StatementSyntax.If(expression(i.condition()), block(i.then()), block(i.otherwise()), i.span());
        } else if (s instanceof StatementSyntax.Assign a) {
            Target t = target(a.target());
            return t == null ? nothing(a) : new StatementSyntax.Assign(t, expression(a.value()), a.span());
        } else if (s instanceof StatementSyntax.AssignRecord a) {
            List<StatementSyntax.FieldInit> fields = a.fields().stream()
                    .map(f -> new StatementSyntax.FieldInit(ident(f.name()), expression(f.value()), f.span()))
                    .toList();
            Target t = target(a.target());
            return t == null ? nothing(a) : new StatementSyntax.AssignRecord(t, fields, a.span());
        } else if (s instanceof StatementSyntax.Let l) {
            return new StatementSyntax.Let(ident(l.name()), l.type(), expression(l.value()), l.span());
        } else if (s instanceof StatementSyntax.Return r) {
            return new StatementSyntax.Return(r.span());
        } else if (s instanceof StatementSyntax.Outcome o) {
            return new StatementSyntax.Outcome(ident(o.name()), o.span());
        } else if (s instanceof StatementSyntax.Goto g) {
            return new StatementSyntax.Goto(gotoTarget(g), g.span());
        } else if (s instanceof StatementSyntax.For f) {
            ExpressionSyntax where = f.where() == null ? null : bound(f.binder(), () -> expression(f.where()));
            List<StatementSyntax> body = bound(f.binder(), () -> block(f.body()));
            return new StatementSyntax.For(ident(f.binder()), ident(f.domain()), where, body, f.span());
        } else if (s instanceof StatementSyntax.Choose c) {
            ExpressionSyntax where = c.where() == null ? null : bound(c.binder(), () -> expression(c.where()));
            List<StatementSyntax> then = bound(c.binder(), () -> block(c.then()));
            return new StatementSyntax.Choose(
                    ident(c.binder()), ident(c.domain()), where, then, block(c.otherwise()), c.alloc(), c.span());
        }
        throw new AssertionError(s);
    }

    /**
     * An assignment already reported as a wrong call, copied as a statement that does nothing, so that it reports
     * nothing more.
     */
    private static StatementSyntax nothing(StatementSyntax s) {
        return new StatementSyntax.If(new ExpressionSyntax.BoolLiteral(true, s.span()), List.of(), List.of(), s.span());
    }

    private Ident gotoTarget(StatementSyntax.Goto g) {
        if (steps == null) {
            return ident(g.target());
        }
        String renamed = steps.get(g.target().name());
        if (renamed == null) {
            reporter.report(
                    Codes.UNKNOWN_STEP,
                    g.target().span(),
                    "goto in procedure '" + procedure + "' names step '" + g.target()
                            + "', which the procedure does not declare",
                    "a procedure's goto stays among its own steps; its last step"
                            + " falls through to the caller's next step");
            return ident(g.target());
        }
        return new Ident(renamed, g.target().span());
    }

    /** @return the target renamed, or null when it is a parameter passed an expression (reported) */
    private Target target(Target t) {
        List<ExpressionSyntax> indices =
                t.indices().stream().map(this::expression).toList();
        ExpressionSyntax replaced =
                hidden.contains(t.name().name()) ? null : names.get(t.name().name());
        Ident name = ident(t.name());
        if (replaced instanceof ExpressionSyntax.Name n) {
            name = new Ident(n.name().name(), t.name().span());
        } else if (replaced != null) {
            reporter.report(
                    Codes.BAD_CALL,
                    t.name().span(),
                    "procedure '" + procedure + "' assigns its parameter '" + t.name()
                            + "', but the call passes an expression, not a variable",
                    "pass a var of the caller, or assign a var of the procedure");
            return null;
        }
        return new Target(name, indices, t.field() == null ? null : ident(t.field()), t.span());
    }

    private LockUse lock(LockUse l) {
        return new LockUse(ident(l.lock()), l.index() == null ? null : expression(l.index()), l.access(), l.span());
    }

    ExpressionSyntax expression(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.Name n) {
            ExpressionSyntax replaced =
                    hidden.contains(n.name().name()) ? null : names.get(n.name().name());
            return replaced == null ? new ExpressionSyntax.Name(ident(n.name()), n.span()) : NONE.expression(replaced);
        } else if (e instanceof ExpressionSyntax.IntLiteral i) {
            return new ExpressionSyntax.IntLiteral(i.value(), i.span());
        } else if (e instanceof ExpressionSyntax.BoolLiteral b) {
            return new ExpressionSyntax.BoolLiteral(b.value(), b.span());
        } else if (e instanceof ExpressionSyntax.NoneLiteral n) {
            return new ExpressionSyntax.NoneLiteral(n.span());
        } else if (e instanceof ExpressionSyntax.Index i) {
            return new ExpressionSyntax.Index(
                    expression(i.base()),
                    i.indices().stream().map(this::expression).toList(),
                    i.span());
        } else if (e instanceof ExpressionSyntax.Field f) {
            return new ExpressionSyntax.Field(expression(f.base()), ident(f.field()), f.span());
        } else if (e instanceof ExpressionSyntax.Unary u) {
            return new ExpressionSyntax.Unary(u.op(), expression(u.operand()), u.span());
        } else if (e instanceof ExpressionSyntax.Binary b) {
            return new ExpressionSyntax.Binary(b.op(), expression(b.left()), expression(b.right()), b.span());
        } else if (e instanceof ExpressionSyntax.Conditional c) {
            return new ExpressionSyntax.Conditional(
                    expression(c.condition()), expression(c.then()), expression(c.otherwise()), c.span());
        } else if (e instanceof ExpressionSyntax.Quantified q) {
            return new ExpressionSyntax.Quantified(
                    q.quantifier(),
                    ident(q.binder()),
                    ident(q.domain()),
                    bound(q.binder(), () -> expression(q.body())),
                    q.span());
        } else if (e instanceof ExpressionSyntax.Fixed f) {
            return new ExpressionSyntax.Fixed(ident(f.fix()), f.span());
        } else if (e instanceof ExpressionSyntax.Held h) {
            return new ExpressionSyntax.Held(lock(h.lock()), h.span());
        } else if (e instanceof ExpressionSyntax.TryLock t) {
            return new ExpressionSyntax.TryLock(lock(t.lock()), t.span());
        } else if (e instanceof ExpressionSyntax.Quiescent q) {
            return new ExpressionSyntax.Quiescent(q.span());
        } else if (e instanceof ExpressionSyntax.TaskIn t) {
            return new ExpressionSyntax.TaskIn(
                    expression(t.task()), ident(t.operation()), t.step() == null ? null : ident(t.step()), t.span());
        }
        throw new AssertionError(e);
    }

    /** @return what {@code copy} makes with {@code binder} hiding a replaced name of its spelling. */
    private <T> T bound(Ident binder, java.util.function.Supplier<T> copy) {
        boolean added = hidden.add(binder.name());
        try {
            return copy.get();
        } finally {
            if (added) {
                hidden.remove(binder.name());
            }
        }
    }

    private static Ident ident(Ident i) {
        return new Ident(i.name(), i.span());
    }
}
