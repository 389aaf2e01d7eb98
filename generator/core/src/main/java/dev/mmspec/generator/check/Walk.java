package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.StatementSyntax;
import java.util.List;
import java.util.function.Consumer;

/**
 * Visits every expression, nested ones included, under statements or an expression; parents before their children, so a
 * quantifier is seen before the body that uses its variable. Public for tools beside the checkers that need the same
 * descent (the language server's index).
 */
public final class Walk {
    private Walk() {}

    static void expressions(List<StatementSyntax> statements, Consumer<ExpressionSyntax> visitor) {
        roots(statements, e -> expression(e, visitor));
    }

    static void expressions(StatementSyntax s, Consumer<ExpressionSyntax> visitor) {
        roots(s, e -> expression(e, visitor));
    }

    /**
     * Visits the outermost expressions of {@code statements}, nested statements included, in source order: conditions,
     * indices, values, lock indices. For a walker with its own idea of how to descend into an expression.
     */
    static void roots(List<StatementSyntax> statements, Consumer<ExpressionSyntax> visitor) {
        for (StatementSyntax s : statements) {
            roots(s, visitor);
        }
    }

    static void roots(StatementSyntax s, Consumer<ExpressionSyntax> visitor) {
        if (s instanceof StatementSyntax.Lock l) {
            lockIndex(l.lock(), visitor);
        } else if (s instanceof StatementSyntax.Unlock u) {
            lockIndex(u.lock(), visitor);
        } else if (s instanceof StatementSyntax.Require r) {
            visitor.accept(r.condition());
        } else if (s instanceof StatementSyntax.Assert a) {
            visitor.accept(a.condition());
        } else if (s instanceof StatementSyntax.If i) {
            visitor.accept(i.condition());
            roots(i.then(), visitor);
            roots(i.otherwise(), visitor);
        } else if (s instanceof StatementSyntax.Assign a) {
            a.target().indices().forEach(visitor);
            visitor.accept(a.value());
        } else if (s instanceof StatementSyntax.AssignRecord a) {
            a.target().indices().forEach(visitor);
            a.fields().forEach(f -> visitor.accept(f.value()));
        } else if (s instanceof StatementSyntax.Let l) {
            visitor.accept(l.value());
        } else if (s instanceof StatementSyntax.For f) {
            if (f.where() != null) {
                visitor.accept(f.where());
            }
            roots(f.body(), visitor);
        } else if (s instanceof StatementSyntax.Choose c) {
            if (c.where() != null) {
                visitor.accept(c.where());
            }
            roots(c.then(), visitor);
            roots(c.otherwise(), visitor);
        }
    }

    private static void lockIndex(LockUse use, Consumer<ExpressionSyntax> visitor) {
        if (use.index() != null) {
            visitor.accept(use.index());
        }
    }

    private static void lock(LockUse use, Consumer<ExpressionSyntax> visitor) {
        if (use.index() != null) {
            expression(use.index(), visitor);
        }
    }

    public static void expression(ExpressionSyntax e, Consumer<ExpressionSyntax> visitor) {
        visitor.accept(e);
        if (e instanceof ExpressionSyntax.Index x) {
            expression(x.base(), visitor);
            x.indices().forEach(i -> expression(i, visitor));
        } else if (e instanceof ExpressionSyntax.Field f) {
            expression(f.base(), visitor);
        } else if (e instanceof ExpressionSyntax.Unary u) {
            expression(u.operand(), visitor);
        } else if (e instanceof ExpressionSyntax.Binary b) {
            expression(b.left(), visitor);
            expression(b.right(), visitor);
        } else if (e instanceof ExpressionSyntax.Conditional c) {
            expression(c.condition(), visitor);
            expression(c.then(), visitor);
            expression(c.otherwise(), visitor);
        } else if (e instanceof ExpressionSyntax.Quantified q) {
            expression(q.body(), visitor);
        } else if (e instanceof ExpressionSyntax.Held h) {
            lock(h.lock(), visitor);
        } else if (e instanceof ExpressionSyntax.TryLock t) {
            lock(t.lock(), visitor);
        } else if (e instanceof ExpressionSyntax.TaskIn t) {
            expression(t.task(), visitor);
        }
    }
}
