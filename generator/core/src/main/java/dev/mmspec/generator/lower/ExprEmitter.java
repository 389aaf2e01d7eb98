package dev.mmspec.generator.lower;

import static dev.mmspec.generator.lower.JavaExpr.and;
import static dev.mmspec.generator.lower.JavaExpr.binary;
import static dev.mmspec.generator.lower.JavaExpr.call;
import static dev.mmspec.generator.lower.JavaExpr.cond;
import static dev.mmspec.generator.lower.JavaExpr.eq;
import static dev.mmspec.generator.lower.JavaExpr.infix;
import static dev.mmspec.generator.lower.JavaExpr.lit;
import static dev.mmspec.generator.lower.JavaExpr.longLit;
import static dev.mmspec.generator.lower.JavaExpr.ne;
import static dev.mmspec.generator.lower.JavaExpr.negate;
import static dev.mmspec.generator.lower.JavaExpr.not;
import static dev.mmspec.generator.lower.JavaExpr.or;
import static dev.mmspec.generator.lower.JavaExpr.paren;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockMode;
import dev.mmspec.generator.lang.Quantifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers typed expressions to Java expressions over the packed state {@code s} of task {@code task}. Booleans become
 * Java booleans, every other value a Java int (optional none = -1). Quantifiers become helper methods, collected in
 * {@link #helpers()}; one over a small domain is unrolled, so that the bound value is a constant in every access it
 * indexes.
 *
 * <p>Every variable is a Java local: lets and binders, and also the operation's parameters and locals, which a step
 * method reads from the state once, at its start, and writes through (see {@code StmtEmitter}).
 */
final class ExprEmitter {
    /** Quantifiers over at most this many values are unrolled. */
    static final int UNROLL_LIMIT = 8;

    private final Layout layout;
    private final ModelNames members;
    private final Names names;
    private final ErrorSites errors;
    private final List<List<String>> helpers = new ArrayList<>();
    /** One helper per quantifier, however often its step is emitted (once per task). */
    private final Map<Expr.Quantified, String> helperNames = new IdentityHashMap<>();
    /** Binders of an unrolled quantifier, bound to the constant of the copy being emitted. */
    private final Map<Var, String> constants = new HashMap<>();

    private int helperCount;

    ExprEmitter(Layout layout, ModelNames members, Names names, ErrorSites errors) {
        this.layout = layout;
        this.members = members;
        this.names = names;
        this.errors = errors;
    }

    /** @return the quantifier helper methods generated so far, each as lines. */
    List<List<String>> helpers() {
        return List.copyOf(helpers);
    }

    String bool(Expr e) {
        if (!(e.type() instanceof Type.BoolType)) {
            return nonZero(integer(e));
        }
        if (e instanceof Expr.BoolLit b) {
            return Boolean.toString(b.value());
        }
        if (e instanceof Expr.StateRead r) {
            return nonZero(stateRead(r));
        }
        if (e instanceof Expr.VarRead v) {
            return local(v.variable());
        }
        if (e instanceof Expr.Unary u) {
            return not(bool(u.operand()));
        }
        if (e instanceof Expr.Binary b) {
            return binaryBool(b);
        }
        if (e instanceof Expr.Conditional c) {
            return cond(bool(c.condition()), bool(c.then()), bool(c.otherwise()));
        }
        if (e instanceof Expr.Quantified q) {
            return quantifier(q);
        }
        if (e instanceof Expr.Fixed f) {
            return paren(eq(binary("fixesOff", "&", longLit(1L << f.fix().index())), longLit(0)));
        }
        if (e instanceof Expr.Held h) {
            if (h.index() == null) {
                return call(members.lock("heldAny", h.lock()), "s");
            }
            return call(members.lock("held", h.lock()), "s", lockElement(h.lock(), h.index()));
        }
        if (e instanceof Expr.TryLock t) {
            return call(
                    members.lock("tryLock", t.lock().lock()),
                    "s",
                    "task",
                    lockElement(t.lock().lock(), t.lock().index()),
                    modeConstant(t.lock().mode()));
        }
        if (e instanceof Expr.Quiescent) {
            return call("quiescent", "s");
        }
        if (e instanceof Expr.TaskIn t) {
            String task = integer(t.task());
            String in = eq(
                    call(members.taskFieldGetter(layout.tasks().field("op")), "s", task),
                    Integer.toString(t.operationIndex() + 1));
            return paren(
                    t.stepIndex() < 0
                            ? in
                            : and(
                                    in,
                                    eq(
                                            call(
                                                    members.taskFieldGetter(
                                                            layout.tasks().field("pc")),
                                                    "s",
                                                    task),
                                            Integer.toString(t.stepIndex()))));
        }
        if (e instanceof Expr.TaskVariable t) {
            return nonZero(taskVariable(t));
        }
        throw new AssertionError("not a boolean expression: " + e);
    }

    String integer(Expr e) {
        if (e.type() instanceof Type.BoolType) {
            return cond(bool(e), "1", "0");
        }
        if (e instanceof Expr.IntLit i) {
            return lit(i.value());
        }
        if (e instanceof Expr.NoneLit) {
            return lit(-1);
        }
        if (e instanceof Expr.EnumLit l) {
            return Integer.toString(l.ordinal());
        }
        if (e instanceof Expr.StateRead r) {
            return stateRead(r);
        }
        if (e instanceof Expr.VarRead v) {
            return local(v.variable());
        }
        if (e instanceof Expr.Unary u) {
            return negate(integer(u.operand()));
        }
        if (e instanceof Expr.Binary b) {
            return binary(integer(b.left()), b.op().spelling(), integer(b.right()));
        }
        if (e instanceof Expr.Conditional c) {
            return cond(bool(c.condition()), integer(c.then()), integer(c.otherwise()));
        }
        if (e instanceof Expr.Quantified q) {
            return quantifier(q);
        }
        if (e instanceof Expr.TaskVariable t) {
            return taskVariable(t);
        }
        throw new AssertionError("not an integer expression: " + e);
    }

    /** Another task's parameter or local: its type's default unless that task is inside the operation. */
    private String taskVariable(Expr.TaskVariable t) {
        // Operations' variables share the task's fields: another operation's bits mean nothing here.
        String task = integer(t.task());
        Type type = t.variable().type();
        int absent = type instanceof Type.OptionalType ? -1 : type.low();
        return cond(
                eq(
                        call(members.taskFieldGetter(layout.tasks().field("op")), "s", task),
                        Integer.toString(t.operationIndex() + 1)),
                call(members.taskFieldGetter(layout.taskField(t.variable())), "s", task),
                lit(absent));
    }

    private String binaryBool(Expr.Binary b) {
        return switch (b.op()) {
            case AND -> paren(and(bool(b.left()), bool(b.right())));
            case OR -> paren(or(bool(b.left()), bool(b.right())));
            case IMPLIES -> paren(or(not(bool(b.left())), bool(b.right())));
            case EQ, NE -> {
                String op = b.op().spelling();
                if (b.left().type() instanceof Type.BoolType && b.right().type() instanceof Type.BoolType) {
                    yield binary(bool(b.left()), op, bool(b.right()));
                }
                String raw = rawOptionalComparison(b.left(), b.right(), op);
                if (raw != null) {
                    yield raw;
                }
                yield binary(integer(b.left()), op, integer(b.right()));
            }
            case LT, LE, GT, GE -> binary(integer(b.left()), b.op().spelling(), integer(b.right()));
            default -> throw new AssertionError("not a boolean operator: " + b.op());
        };
    }

    /** @return the Java expression of variable {@code v}: its local, or the constant of an unrolled binder. */
    String local(Var v) {
        String constant = constants.get(v);
        return constant != null ? constant : names.of(v);
    }

    /** @return the state read of parameter or local {@code v} of task {@code task}, for its Java mirror. */
    String taskRead(Var v) {
        String read = call(members.taskFieldGetter(layout.taskField(v)), "s", "task");
        return v.type() instanceof Type.BoolType ? nonZero(read) : read;
    }

    /**
     * {@code pte[a].folio == f}, {@code gup_target[a] != none}: an optional state field compared with none or with a
     * value that cannot be none, as its stored bits (0 = none, else value - low + 1) against a constant offset of the
     * other side, instead of decoding none to -1 first. Only when that is the same comparison: the other side is none,
     * or at least the field's domain low, which is not negative. Operands keep their order, so they are evaluated as
     * before. {@code null}: no.
     */
    private String rawOptionalComparison(Expr left, Expr right, String op) {
        boolean leftOptional = isOptionalField(left);
        boolean rightOptional = isOptionalField(right);
        if (leftOptional == rightOptional) {
            return null;
        }
        Expr.StateRead field = (Expr.StateRead) (leftOptional ? left : right);
        Expr other = leftOptional ? right : left;
        int low = ((Type.OptionalType) field.type()).domain().low();
        String value;
        if (other instanceof Expr.NoneLit) {
            value = "0";
        } else if (low < 0) {
            return null;
        } else if (other instanceof Expr.IntLit lit && lit.value() >= low) {
            value = Integer.toString(lit.value() - low + 1);
        } else if (!(other instanceof Expr.IntLit)
                && other.type() instanceof Type.DomainType dt
                && dt.domain().low() >= low) {
            String v = integer(other);
            value = low == 1 ? v : low == 0 ? binary(v, "+", "1") : binary(v, "-", Integer.toString(low - 1));
        } else {
            return null;
        }
        String stored = storedRead(field);
        return leftOptional ? binary(stored, op, value) : binary(value, op, stored);
    }

    /** @return the read of an optional field's stored bits (0 = none, else value - low + 1). */
    String storedRead(Expr.StateRead r) {
        return call(members.rawGetter(r.state(), r.field()), "s", element(r.state(), r.indices()));
    }

    static boolean isOptionalField(Expr e) {
        return e instanceof Expr.StateRead r && r.type() instanceof Type.OptionalType;
    }

    String stateRead(Expr.StateRead r) {
        return call(members.getter(r.state(), r.field()), "s", element(r.state(), r.indices()));
    }

    /** @return the Java expression of the flat element index of {@code state[indices]}. */
    String element(StateVar state, List<Expr> indices) {
        if (indices.isEmpty()) {
            return "0";
        }
        List<String> terms = new ArrayList<>();
        int stride = 1;
        List<String> reversed = new ArrayList<>();
        for (int d = indices.size() - 1; d >= 0; d--) {
            Domain dom = state.dimensions().get(d);
            String idx = index(indices.get(d), dom, state.name());
            String zeroBased = dom.low() == 0 ? idx : binary(idx, "-", Integer.toString(dom.low()));
            reversed.add(stride == 1 ? zeroBased : infix(zeroBased, "*", Integer.toString(stride)));
            stride *= dom.size();
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            terms.add(reversed.get(i));
        }
        return terms.size() == 1 ? terms.get(0) : paren(String.join(" + ", terms));
    }

    /** @return the Java expression of lock instance {@code index} as a 0-based element. */
    String lockElement(Lock lock, Expr index) {
        if (lock.domain() == null || index == null) {
            return "0";
        }
        String idx = index(index, lock.domain(), lock.name());
        return lock.domain().low() == 0
                ? idx
                : binary(idx, "-", Integer.toString(lock.domain().low()));
    }

    /** An index value of {@code domain}, checked at run time unless its type guarantees it. */
    String index(Expr e, Domain domain, String what) {
        if (e instanceof Expr.IntLit lit && lit.value() >= domain.low() && lit.value() <= domain.high()) {
            return Integer.toString(lit.value());
        }
        if (e.type() instanceof Type.OptionalType ot && sameRange(ot.domain(), domain) && isOptionalField(e)) {
            String stored = storedRead((Expr.StateRead) e);
            int err = errors.add("none used as an index of " + what, e.span());
            return call(
                    "Packed.someStored", stored, Integer.toString(ot.domain().low()), Integer.toString(err));
        }
        String value = integer(e);
        if (e.type() instanceof Type.DomainType dt && sameRange(dt.domain(), domain)) {
            return value;
        }
        if (e.type() instanceof Type.OptionalType ot && sameRange(ot.domain(), domain)) {
            int err = errors.add("none used as an index of " + what, e.span());
            return call("Packed.some", value, Integer.toString(err));
        }
        int err = errors.add(
                "index of " + what + " out of " + domain.name() + " (" + domain.low() + ".." + domain.high() + ")",
                e.span());
        return call(
                "Packed.check",
                value,
                Integer.toString(domain.low()),
                Integer.toString(domain.high()),
                Integer.toString(err));
    }

    /** @return {@code (e != 0)}: an int as a boolean. */
    private static String nonZero(String e) {
        return paren(ne(e, "0"));
    }

    private static boolean sameRange(Domain a, Domain b) {
        return a.low() == b.low() && a.high() == b.high();
    }

    static String modeConstant(LockMode mode) {
        return switch (mode) {
            case EXCLUSIVE, WRITE -> "WRITE";
            case READ -> "READ";
        };
    }

    private String quantifier(Expr.Quantified q) {
        Set<Var> captured = new LinkedHashSet<>();
        FreeVars.collect(q.body(), Set.of(q.binder()), captured);
        List<String> args = new ArrayList<>();
        for (Var v : captured) {
            args.add(local(v));
        }
        String name = helperNames.get(q);
        if (name == null) {
            name = members.helper("q" + (helperCount++));
            helperNames.put(q, name);
            // The helper's body sees its own parameters, not the constants of an unrolled caller.
            Map<Var, String> outer = new HashMap<>(constants);
            constants.clear();
            try {
                helpers.add(helper(q, name, captured));
            } finally {
                constants.putAll(outer);
            }
        }
        return call(name, List.of("s", "task"), args);
    }

    private List<String> helper(Expr.Quantified q, String name, Set<Var> captured) {
        List<String> params = new ArrayList<>(List.of(Code.param("long[]", "s"), Code.param("int", "task")));
        for (Var v : captured) {
            boolean isBool = v.type() instanceof Type.BoolType;
            params.add(Code.param(isBool ? "boolean" : "int", names.of(v)));
        }
        String binder = names.of(q.binder());
        Domain d = q.domain();
        Code code = new Code();
        String returns = q.quantifier() == Quantifier.COUNT || q.quantifier() == Quantifier.CHOOSE ? "int" : "boolean";
        String kind = q.quantifier().name().toLowerCase(java.util.Locale.ROOT);
        boolean unroll = d.high() - d.low() + 1 <= UNROLL_LIMIT;
        code.doc(kind + " at spec line " + q.span().line()
                + (unroll
                        ? ", unrolled over " + q.binder().name() + " in " + d.name() + " (" + d.low() + ".." + d.high()
                                + ")"
                        : "")
                + ".");
        code.method("private", returns, name, params);
        if (unroll) {
            if (q.quantifier() == Quantifier.COUNT) {
                code.declare("int", "n", "0");
            }
            for (int v = d.low(); v <= d.high(); v++) {
                constants.put(q.binder(), lit(v));
                String body = bool(q.body());
                code.comment(q.binder().name() + " = " + v);
                switch (q.quantifier()) {
                    case FORALL -> code.ifThen(not(body)).returns("false").close();
                    case EXISTS -> code.ifThen(body).returns("true").close();
                    case COUNT -> code.ifThen(body).stmt("n++").close();
                    case CHOOSE ->
                        code.ifThen(body).returns(constants.get(q.binder())).close();
                }
            }
            constants.remove(q.binder());
            quantifierEnd(q, code);
            code.close();
            return code.lines();
        }
        String body = bool(q.body());
        if (q.quantifier() == Quantifier.COUNT) {
            code.declare("int", "n", "0");
        }
        code.forRange(binder, Integer.toString(d.low()), Integer.toString(d.high()));
        switch (q.quantifier()) {
            case FORALL -> code.ifThen(not(body)).returns("false").close();
            case EXISTS -> code.ifThen(body).returns("true").close();
            case COUNT -> code.ifThen(body).stmt("n++").close();
            case CHOOSE -> code.ifThen(body).returns(binder).close();
        }
        code.close();
        quantifierEnd(q, code);
        code.close();
        return code.lines();
    }

    /**
     * The return after every element: none was a counterexample ({@code forall}), none a witness, the count, or none
     * chosen.
     */
    private static void quantifierEnd(Expr.Quantified q, Code code) {
        switch (q.quantifier()) {
            case FORALL -> code.returns("true");
            case EXISTS -> code.returns("false");
            case COUNT -> code.returns("n");
            case CHOOSE -> code.returns("-1", "none");
        }
    }
}
