package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.diag.Span;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the iterations of {@code for f in Folio} are independent, which is what makes a loop over a symmetric domain
 * symmetric: the generated loop visits the elements lowest first, and only iterations that cannot see one another give
 * the same result in every order.
 *
 * <p>An iteration is confined to its own element when it writes only elements indexed by the loop variable
 * ({@code folio[f].x := ...}, {@code lock folio_lock[f]}), writes no operation variable, does not leave the step early
 * ({@code return}, {@code outcome}, {@code goto}: the first element to get there would decide), and reads what the loop
 * writes only at the loop variable (so it never reads another iteration's writes). Reading anything else is fine. Then
 * the iterations commute, and running them in any order gives the same state. A {@code require} or a busy lock in one
 * iteration disables the whole step, whatever the order. A model error in an iteration (an {@code assert}, a none read)
 * is a spec bug in any order, but which one is reported first may depend on it: that is the one thing assumed rather
 * than checked.
 */
final class LoopIndependence {
    /** Where a finding goes: the span, the message and the hint. */
    interface Sink {
        void report(Span span, String message, String hint);
    }

    private final SymbolTable symbols;
    private final TypeAttribution typing;
    private final StatementSyntax.For loop;
    private final VariableSymbol binder;
    private final Sink sink;
    /** State the loop writes whole elements of, and, for the rest, the fields it writes. */
    private final Set<StateSymbol> writtenWhole = new HashSet<>();

    private final Map<StateSymbol, Set<String>> writtenFields = new HashMap<>();
    private final Set<LockSymbol> locked = new HashSet<>();
    private final String name;

    LoopIndependence(
            SymbolTable symbols, TypeAttribution typing, StatementSyntax.For loop, VariableSymbol binder, Sink sink) {
        this.symbols = symbols;
        this.typing = typing;
        this.loop = loop;
        this.binder = binder;
        this.sink = sink;
        this.name = "'for " + binder.name() + " in " + loop.domain().name() + "'";
    }

    void check() {
        writes(loop.body());
        if (loop.where() != null) {
            Walk.expression(loop.where(), this::tryLock);
        }
        Walk.expressions(loop.body(), this::tryLock);
        if (loop.where() != null) {
            reads(loop.where());
        }
        Walk.roots(loop.body(), this::reads);
    }

    private void writes(List<StatementSyntax> body) {
        for (StatementSyntax s : body) {
            if (s instanceof StatementSyntax.Assign a) {
                write(a.target(), false);
            } else if (s instanceof StatementSyntax.AssignRecord a) {
                write(a.target(), true);
            } else if (s instanceof StatementSyntax.Lock l) {
                lockUse(l.lock());
            } else if (s instanceof StatementSyntax.Unlock u) {
                lockUse(u.lock());
            } else if (s instanceof StatementSyntax.Return
                    || s instanceof StatementSyntax.Outcome
                    || s instanceof StatementSyntax.Goto) {
                sink.report(
                        s.span(),
                        name + " leaves the step from inside the loop, so the lowest element to get here decides",
                        "leave after the loop, or keep each iteration to its own "
                                + loop.domain().name() + " element");
            } else if (s instanceof StatementSyntax.If i) {
                writes(i.then());
                writes(i.otherwise());
            } else if (s instanceof StatementSyntax.For f) {
                writes(f.body());
            } else if (s instanceof StatementSyntax.Choose c) {
                writes(c.then());
                writes(c.otherwise());
            }
        }
    }

    private void write(Target t, boolean wholeRecord) {
        Binding b = typing.bindings().get(t);
        if (b instanceof Binding.ToVar v) {
            sink.report(
                    t.span(),
                    name + " writes '" + v.variable().name() + "', which every iteration shares, so the result may"
                            + " depend on the order of the " + loop.domain().name() + " elements",
                    "write only elements indexed by '" + binder.name() + "' inside the loop");
            return;
        }
        if (!(b instanceof Binding.ToState ts)) {
            return;
        }
        StateSymbol s = ts.state();
        if (!atBinder(s.dimensions().stream().map(d -> d.name()).toList(), t.indices())) {
            sink.report(
                    t.span(),
                    name + " writes '" + TypeChecker.describe(t) + "', which is not the element of '" + binder.name()
                            + "', so the result may depend on the order of the "
                            + loop.domain().name() + " elements",
                    "write only elements indexed by '" + binder.name() + "' inside the loop");
        }
        if (wholeRecord || t.field() == null) {
            writtenWhole.add(s);
        } else {
            writtenFields.computeIfAbsent(s, k -> new HashSet<>()).add(t.field().name());
        }
    }

    private void tryLock(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.TryLock t) {
            lockUse(t.lock());
        }
    }

    private void lockUse(LockUse use) {
        LockSymbol lock = symbols.locks().get(use.lock().name());
        if (lock == null) {
            return;
        }
        locked.add(lock);
        boolean own = lock.domain() != null
                && use.index() != null
                && atBinder(List.of(lock.domain().name()), List.of(use.index()));
        if (!own) {
            sink.report(
                    use.span(),
                    name + " takes or releases a lock that is not the instance of '" + binder.name()
                            + "', so the result may depend on the order of the "
                            + loop.domain().name() + " elements",
                    "lock only "
                            + (lock.domain() != null
                                    ? lock.name() + "[" + binder.name() + "]"
                                    : "instances indexed by '" + binder.name() + "'")
                            + " inside the loop");
        }
    }

    /** @return whether some index at a dimension of the loop's domain is the loop variable itself. */
    private boolean atBinder(List<String> dimensions, List<ExpressionSyntax> indices) {
        for (int k = 0; k < Math.min(dimensions.size(), indices.size()); k++) {
            if (dimensions.get(k).equals(loop.domain().name())
                    && indices.get(k) instanceof ExpressionSyntax.Name n
                    && typing.bindings().get(n) instanceof Binding.ToVar v
                    && v.variable() == binder) {
                return true;
            }
        }
        return false;
    }

    /** Reports a read of something the loop writes, at another element than the loop variable's. */
    private void reads(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.Field f && f.base() instanceof ExpressionSyntax.Index x) {
            readElement(x, f.field().name(), f.span());
            x.indices().forEach(this::reads);
        } else if (e instanceof ExpressionSyntax.Index x) {
            readElement(x, "", x.span());
            x.indices().forEach(this::reads);
        } else if (e instanceof ExpressionSyntax.Field f) {
            reads(f.base());
        } else if (e instanceof ExpressionSyntax.Unary u) {
            reads(u.operand());
        } else if (e instanceof ExpressionSyntax.Binary b) {
            reads(b.left());
            reads(b.right());
        } else if (e instanceof ExpressionSyntax.Conditional c) {
            reads(c.condition());
            reads(c.then());
            reads(c.otherwise());
        } else if (e instanceof ExpressionSyntax.Quantified q) {
            reads(q.body());
        } else if (e instanceof ExpressionSyntax.Held h) {
            readLock(h.lock());
        } else if (e instanceof ExpressionSyntax.TryLock t && t.lock().index() != null) {
            reads(t.lock().index());
        } else if (e instanceof ExpressionSyntax.TaskIn t) {
            reads(t.task());
        }
    }

    private void readElement(ExpressionSyntax.Index x, String field, Span span) {
        if (!(x.base() instanceof ExpressionSyntax.Name base
                && typing.bindings().get(base) instanceof Binding.ToState ts)) {
            return;
        }
        StateSymbol s = ts.state();
        if (!writtenWhole.contains(s)
                && !writtenFields.getOrDefault(s, Set.of()).contains(field)) {
            return;
        }
        if (!atBinder(s.dimensions().stream().map(d -> d.name()).toList(), x.indices())) {
            sink.report(
                    span,
                    name + " reads " + ExprText.render(x) + (field.isEmpty() ? "" : "." + field) + ", which another"
                            + " iteration may have written, so the result may depend on the order of the "
                            + loop.domain().name() + " elements",
                    "inside the loop, read what it writes only at '" + binder.name() + "'");
        }
    }

    private void readLock(LockUse use) {
        LockSymbol lock = symbols.locks().get(use.lock().name());
        if (use.index() != null) {
            reads(use.index());
        }
        boolean own = lock != null
                && lock.domain() != null
                && use.index() != null
                && atBinder(List.of(lock.domain().name()), List.of(use.index()));
        if (lock != null && locked.contains(lock) && !own) {
            sink.report(
                    use.span(),
                    name + " tests " + ExprText.lock(use) + ", which another iteration may have taken or" + " released",
                    "inside the loop, test only " + lock.name() + "[" + binder.name() + "]");
        }
    }
}
