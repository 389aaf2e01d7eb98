package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import java.util.stream.Collectors;

/**
 * A canonical spelling of an expression: for messages, and as the identity of a lock instance ("folio_lock[f]") when
 * the lock checker tracks what a path holds. Parentheses are added around every compound operand, so two spellings are
 * equal exactly when the trees are.
 */
final class ExprText {
    private ExprText() {}

    static String render(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.IntLiteral i) {
            return Long.toString(i.value());
        }
        if (e instanceof ExpressionSyntax.BoolLiteral b) {
            return Boolean.toString(b.value());
        }
        if (e instanceof ExpressionSyntax.NoneLiteral) {
            return "none";
        }
        if (e instanceof ExpressionSyntax.Name n) {
            return n.name().name();
        }
        if (e instanceof ExpressionSyntax.Index x) {
            return render(x.base()) + "["
                    + x.indices().stream().map(ExprText::render).collect(Collectors.joining(", ")) + "]";
        }
        if (e instanceof ExpressionSyntax.Field f) {
            return render(f.base()) + "." + f.field().name();
        }
        if (e instanceof ExpressionSyntax.Unary u) {
            return (u.op() == dev.mmspec.generator.lang.UnaryOp.NOT ? "!" : "-") + operand(u.operand());
        }
        if (e instanceof ExpressionSyntax.Binary b) {
            return operand(b.left()) + " " + b.op().spelling() + " " + operand(b.right());
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            return operand(c.condition()) + " ? " + operand(c.then()) + " : " + operand(c.otherwise());
        }
        if (e instanceof ExpressionSyntax.Quantified q) {
            return switch (q.quantifier()) {
                case COUNT -> "count(" + q.binder().name() + " in " + q.domain().name() + ": " + render(q.body()) + ")";
                case FORALL ->
                    "forall " + q.binder().name() + " in " + q.domain().name() + ": " + render(q.body());
                case EXISTS ->
                    "exists " + q.binder().name() + " in " + q.domain().name() + ": " + render(q.body());
                case CHOOSE ->
                    "choose " + q.binder().name() + " in " + q.domain().name() + " where " + render(q.body());
            };
        }
        if (e instanceof ExpressionSyntax.Fixed f) {
            return "fixed(" + f.fix().name() + ")";
        }
        if (e instanceof ExpressionSyntax.Held h) {
            return "held(" + lock(h.lock()) + ")";
        }
        if (e instanceof ExpressionSyntax.TryLock t) {
            return "trylock " + lock(t.lock());
        }
        if (e instanceof ExpressionSyntax.Quiescent) {
            return "quiescent";
        }
        if (e instanceof ExpressionSyntax.TaskIn t) {
            return operand(t.task()) + " in " + t.operation().name()
                    + (t.step() == null ? "" : "." + t.step().name());
        }
        throw new AssertionError(e);
    }

    /** @return {@code ptl[a]} or {@code mm_lock}. */
    static String lock(LockUse use) {
        return instance(use.lock().name(), use.index() == null ? null : render(use.index()));
    }

    static String instance(String lock, String index) {
        return index == null ? lock : lock + "[" + index + "]";
    }

    private static String operand(ExpressionSyntax e) {
        boolean simple = e instanceof ExpressionSyntax.IntLiteral
                || e instanceof ExpressionSyntax.BoolLiteral
                || e instanceof ExpressionSyntax.NoneLiteral
                || e instanceof ExpressionSyntax.Name
                || e instanceof ExpressionSyntax.Index
                || e instanceof ExpressionSyntax.Field
                || e instanceof ExpressionSyntax.Fixed
                || e instanceof ExpressionSyntax.Held
                || e instanceof ExpressionSyntax.Quiescent;
        return simple ? render(e) : "(" + render(e) + ")";
    }
}
