package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Var;
import java.util.HashSet;
import java.util.Set;

/**
 * The variables an expression reads but does not bind itself: in generated code every variable is a Java local
 * (parameters and locals are mirrored by their step method), so a quantifier's helper takes these as parameters.
 */
final class FreeVars {
    private FreeVars() {}

    static void collect(Expr e, Set<Var> bound, Set<Var> out) {
        if (e instanceof Expr.VarRead v) {
            if (!bound.contains(v.variable())) {
                out.add(v.variable());
            }
        } else if (e instanceof Expr.StateRead r) {
            r.indices().forEach(i -> collect(i, bound, out));
        } else if (e instanceof Expr.Unary u) {
            collect(u.operand(), bound, out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), bound, out);
            collect(b.right(), bound, out);
        } else if (e instanceof Expr.Conditional c) {
            collect(c.condition(), bound, out);
            collect(c.then(), bound, out);
            collect(c.otherwise(), bound, out);
        } else if (e instanceof Expr.Quantified q) {
            Set<Var> inner = new HashSet<>(bound);
            inner.add(q.binder());
            collect(q.body(), inner, out);
        } else if (e instanceof Expr.Held h) {
            if (h.index() != null) {
                collect(h.index(), bound, out);
            }
        } else if (e instanceof Expr.TryLock t) {
            if (t.lock().index() != null) {
                collect(t.lock().index(), bound, out);
            }
        } else if (e instanceof Expr.TaskIn t) {
            collect(t.task(), bound, out);
        } else if (e instanceof Expr.TaskVariable t) {
            collect(t.task(), bound, out);
        }
    }
}
