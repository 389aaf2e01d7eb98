package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Expression;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.Statement;
import java.util.List;
import java.util.function.Consumer;

/** Visits every expression, nested ones included, under statements or an expression. */
final class Walk {
    private Walk() {}

    static void expressions(List<Statement> statements, Consumer<Expression> visitor) {
        for (Statement s : statements) {
            expressions(s, visitor);
        }
    }

    static void expressions(Statement s, Consumer<Expression> visitor) {
        if (s instanceof Statement.Lock l) {
            lock(l.lock(), visitor);
        } else if (s instanceof Statement.Unlock u) {
            lock(u.lock(), visitor);
        } else if (s instanceof Statement.Require r) {
            expression(r.condition(), visitor);
        } else if (s instanceof Statement.Assert a) {
            expression(a.condition(), visitor);
        } else if (s instanceof Statement.If i) {
            expression(i.condition(), visitor);
            expressions(i.then(), visitor);
            expressions(i.otherwise(), visitor);
        } else if (s instanceof Statement.Assign a) {
            a.target().indices().forEach(x -> expression(x, visitor));
            expression(a.value(), visitor);
        } else if (s instanceof Statement.AssignRecord a) {
            a.target().indices().forEach(x -> expression(x, visitor));
            a.fields().forEach(f -> expression(f.value(), visitor));
        } else if (s instanceof Statement.Let l) {
            expression(l.value(), visitor);
        } else if (s instanceof Statement.For f) {
            if (f.where() != null) {
                expression(f.where(), visitor);
            }
            expressions(f.body(), visitor);
        } else if (s instanceof Statement.Choose c) {
            if (c.where() != null) {
                expression(c.where(), visitor);
            }
            expressions(c.then(), visitor);
            expressions(c.otherwise(), visitor);
        }
    }

    private static void lock(LockUse use, Consumer<Expression> visitor) {
        if (use.index() != null) {
            expression(use.index(), visitor);
        }
    }

    static void expression(Expression e, Consumer<Expression> visitor) {
        visitor.accept(e);
        if (e instanceof Expression.Index x) {
            expression(x.base(), visitor);
            x.indices().forEach(i -> expression(i, visitor));
        } else if (e instanceof Expression.Field f) {
            expression(f.base(), visitor);
        } else if (e instanceof Expression.Unary u) {
            expression(u.operand(), visitor);
        } else if (e instanceof Expression.Binary b) {
            expression(b.left(), visitor);
            expression(b.right(), visitor);
        } else if (e instanceof Expression.Conditional c) {
            expression(c.condition(), visitor);
            expression(c.then(), visitor);
            expression(c.otherwise(), visitor);
        } else if (e instanceof Expression.Quantified q) {
            expression(q.body(), visitor);
        } else if (e instanceof Expression.Held h) {
            lock(h.lock(), visitor);
        } else if (e instanceof Expression.TryLock t) {
            lock(t.lock(), visitor);
        }
    }
}
