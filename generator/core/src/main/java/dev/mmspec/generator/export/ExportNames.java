package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Names of the exported model, shared by the TLA+ and the Promela translation. Every spec name gets a prefix that says
 * what it is ({@code v_} state, {@code lk_} lock owner, {@code rd_} rwsem readers, {@code a_} a task's parameter or
 * local, {@code l_} let, {@code b_} binder, {@code Fix_} fix), so that no spec name can collide with a keyword of
 * either language or with another kind. Lets and binders are numbered, since a spec may reuse a binder name in nested
 * scopes.
 */
final class ExportNames {
    private final Map<Var, String> scoped = new IdentityHashMap<>();

    static String state(StateVar v) {
        return "v_" + v.name();
    }

    static String owner(Lock l) {
        return "lk_" + l.name();
    }

    static String readers(Lock l) {
        return "rd_" + l.name();
    }

    static String fix(String fix) {
        return "Fix_" + fix;
    }

    /**
     * A task's copy of an operation's parameter or local: one array over the tasks. A record var is one var per field,
     * named {@code orig.kind}; the language reserves {@code orig_kind} for it (MM0201), so the dot becomes an
     * underscore, which neither TLA+ nor Promela allows in a name.
     */
    static String taskVar(Operation op, Var v) {
        return "a_" + op.name() + "_" + plain(v.name());
    }

    /** A let or binder: a fresh name per declaration (a record let's fields as a record var's). */
    String scoped(Var v) {
        return scoped.computeIfAbsent(
                v, x -> (x.kind() == Var.Kind.LET ? "l_" : "b_") + plain(x.name()) + "_" + scoped.size());
    }

    private static String plain(String name) {
        return name.replace('.', '_');
    }

    /** Elements of a state variable: the product of its dimensions' sizes (1 for a scalar). */
    static int elements(StateVar v) {
        int n = 1;
        for (Domain d : v.dimensions()) {
            n *= d.size();
        }
        return n;
    }

    /** A task's copies of an operation's parameters, then its locals. */
    static List<Var> taskVars(Operation op) {
        List<Var> vs = new ArrayList<>(op.parameters());
        vs.addAll(op.locals());
        return vs;
    }

    /**
     * {@code if !trylock L { A } else { B }} as {@code if trylock L { B } else { A }}, the one form both exporters
     * translate; any other if as it is.
     */
    static Stmt.If positiveTrylock(Stmt.If i) {
        if (i.condition() instanceof Expr.Unary u && u.op() == UnaryOp.NOT && u.operand() instanceof Expr.TryLock) {
            return new Stmt.If(u.operand(), i.otherwise(), i.then(), i.span());
        }
        return i;
    }

    /** {@code a && b && c} as {@code [a, b, c]}: an if condition's conjuncts (a trylock may only be the last). */
    static List<Expr> conjuncts(Expr condition) {
        List<Expr> out = new ArrayList<>();
        Expr cond = condition;
        while (cond instanceof Expr.Binary b && b.op() == BinaryOp.AND) {
            out.add(0, b.right());
            cond = b.left();
        }
        out.add(0, cond);
        return out;
    }

    /**
     * The flat element index of {@code state[indices]}, row-major as the packed layout, each index rendered by
     * {@code integer}.
     */
    static String element(StateVar state, List<Expr> indices, Function<Expr, String> integer) {
        if (indices.isEmpty()) {
            return "0";
        }
        List<String> terms = new ArrayList<>();
        int stride = 1;
        for (int d = indices.size() - 1; d >= 0; d--) {
            Domain dom = state.dimensions().get(d);
            String idx = integer.apply(indices.get(d));
            String zeroBased = dom.low() == 0 ? idx : "(" + idx + " - " + dom.low() + ")";
            terms.add(0, stride == 1 ? zeroBased : zeroBased + " * " + stride);
            stride *= dom.size();
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" + ", terms) + ")";
    }

    /** The value a task's parameter or local, or a record field, holds when nothing set it (stored 0). */
    static int defaultValue(Type t) {
        return t instanceof Type.OptionalType ? -1 : t.low();
    }

    /**
     * Whether {@code index}'s type keeps it inside {@code domain}, both bounds included, so that the index test of an
     * array over {@code domain} cannot fail and both exports leave it out: a literal inside it, or a value of a domain
     * inside it. An optional one can be none, which indexes nothing; arithmetic has a range type and keeps its test.
     * The Java model's rule ({@code ExprEmitter.index}) drops fewer tests, only ones that cannot fail either.
     */
    static boolean indexFits(Expr index, Domain domain) {
        if (index instanceof Expr.IntLit lit) {
            return lit.value() >= domain.low() && lit.value() <= domain.high();
        }
        return index.type() instanceof Type.DomainType dt
                && dt.domain().low() >= domain.low()
                && dt.domain().high() <= domain.high();
    }
}
