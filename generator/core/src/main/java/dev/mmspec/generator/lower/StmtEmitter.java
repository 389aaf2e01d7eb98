package dev.mmspec.generator.lower;

import static dev.mmspec.generator.lower.JavaExpr.binary;
import static dev.mmspec.generator.lower.JavaExpr.call;
import static dev.mmspec.generator.lower.JavaExpr.cond;
import static dev.mmspec.generator.lower.JavaExpr.eq;
import static dev.mmspec.generator.lower.JavaExpr.infix;
import static dev.mmspec.generator.lower.JavaExpr.method;
import static dev.mmspec.generator.lower.JavaExpr.not;
import static dev.mmspec.generator.lower.JavaExpr.or;
import static dev.mmspec.generator.lower.JavaExpr.ternary;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.LockRef;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.ValueFit;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers the statements of a step (or of {@code init}) to Java. A step method returns {@code DISABLED} as soon as a
 * {@code require} fails or a lock is busy; the caller then discards the half-written successor, which is what makes the
 * step atomic.
 */
final class StmtEmitter {
    /** What the statements being lowered belong to. */
    record Context(
            boolean init, String operation, int nextPc, boolean lastStep, int endLockError, Set<Var> allocBinders) {
        Context withAlloc(Var binder) {
            Set<Var> more = new HashSet<>(allocBinders);
            more.add(binder);
            return new Context(init, operation, nextPc, lastStep, endLockError, more);
        }
    }

    /**
     * Where a step ends its operation: stands for the task's own finish method in a step body, which is lowered once
     * and copied per task, each copy filling in its task's method. No text from a spec can contain it: every escaper
     * writes a NUL as something else.
     */
    static final String FINISH = "\0finish\0";

    private final Spec spec;
    private final Layout layout;
    private final ModelNames members;
    private final Names names;
    private final ErrorSites errors;
    private final ExprEmitter expr;
    private final SymmetryLowering symmetry;
    /**
     * The lets and binders in scope where a statement is lowered: Java locals only. A {@code choose} over a symmetric
     * domain must see them, since they tell apart the elements they name; the operation's parameters and locals live in
     * the state too, where {@code DomainSymmetry} sees them.
     */
    private final List<Var> scope = new ArrayList<>();

    StmtEmitter(
            Spec spec,
            Layout layout,
            ModelNames members,
            Names names,
            ErrorSites errors,
            ExprEmitter expr,
            SymmetryLowering symmetry) {
        this.spec = spec;
        this.layout = layout;
        this.members = members;
        this.names = names;
        this.errors = errors;
        this.expr = expr;
        this.symmetry = symmetry;
    }

    /** Emits {@code body} and, unless it always leaves, the step's normal end. */
    void step(List<Stmt> body, Context ctx, Code out) {
        block(body, ctx, out);
        if (!alwaysExits(body)) {
            out.returns(
                    ctx.lastStep()
                            ? finish("NO_OUTCOME", ctx)
                            : call("advance", "s", "task", Integer.toString(ctx.nextPc())));
        }
    }

    void block(List<Stmt> body, Context ctx, Code out) {
        int outer = scope.size();
        for (Stmt st : body) {
            statement(st, ctx, out);
            if (alwaysExits(List.of(st))) {
                break; // what follows is unreachable, and javac would refuse it
            }
        }
        scope.subList(outer, scope.size()).clear();
    }

    /** Lowers {@code body} with {@code binder} in scope. */
    private void blockWith(Var binder, List<Stmt> body, Context ctx, Code out) {
        scope.add(binder);
        block(body, ctx, out);
        scope.remove(scope.size() - 1);
    }

    private void statement(Stmt st, Context ctx, Code out) {
        if (st instanceof Stmt.LockStmt l) {
            LockRef ref = l.lock();
            String name = ref.lock().name();
            int order = errors.add(name + " taken against the lock order", l.span());
            int self = errors.add(name + " taken while this task already holds it (self-deadlock)", l.span());
            out.ifThen(not(call(
                    members.lock("lock", ref.lock()),
                    "s",
                    "task",
                    expr.lockElement(ref.lock(), ref.index()),
                    ExprEmitter.modeConstant(ref.mode()),
                    Integer.toString(order),
                    Integer.toString(self))));
            out.returns("DISABLED").close();
        } else if (st instanceof Stmt.UnlockStmt u) {
            LockRef ref = u.lock();
            int notHeld = errors.add(ref.lock().name() + " released by a task that does not hold it", u.span());
            out.stmt(call(
                    members.lock("unlock", ref.lock()),
                    "s",
                    "task",
                    expr.lockElement(ref.lock(), ref.index()),
                    ExprEmitter.modeConstant(ref.mode()),
                    Integer.toString(notHeld)));
        } else if (st instanceof Stmt.Require r) {
            out.ifThen(not(expr.bool(r.condition()))).returns("DISABLED").close();
        } else if (st instanceof Stmt.Assert a) {
            int err = errors.add("assertion failed: " + JavaText.oneLine(a.message()), a.span());
            out.ifThen(not(expr.bool(a.condition())))
                    .throwsIt(fault(Integer.toString(err)))
                    .close();
        } else if (st instanceof Stmt.If i) {
            ifStatement(i, ctx, out);
        } else if (st instanceof Stmt.Assign a) {
            assign(a, ctx, out);
        } else if (st instanceof Stmt.AssignRecord a) {
            assignRecord(a, ctx, out);
        } else if (st instanceof Stmt.Let l) {
            boolean isBool = l.variable().type() instanceof Type.BoolType;
            String value = isBool
                    ? expr.bool(l.value())
                    : checkedValue(l.value(), l.variable().type(), l.variable().name());
            out.declareFinal(isBool ? "boolean" : "int", names.of(l.variable()), value);
            scope.add(l.variable());
        } else if (st instanceof Stmt.Return r) {
            out.returns(finish("NO_OUTCOME", ctx));
        } else if (st instanceof Stmt.Outcome o) {
            out.returns(finish(Integer.toString(o.id()), ctx), o.name());
        } else if (st instanceof Stmt.Goto g) {
            out.returns(call("advance", "s", "task", Integer.toString(g.target().index())), "goto " + g.targetName());
        } else if (st instanceof Stmt.For f) {
            String v = names.of(f.binder());
            out.forRange(
                    v,
                    Integer.toString(f.domain().low()),
                    Integer.toString(f.domain().high()));
            if (f.where() != null) {
                out.ifThen(expr.bool(f.where()));
                blockWith(f.binder(), f.body(), ctx, out);
                out.close();
            } else {
                blockWith(f.binder(), f.body(), ctx, out);
            }
            out.close();
        } else if (st instanceof Stmt.Choose c) {
            choose(c, ctx, out);
        } else {
            throw new AssertionError("unknown statement: " + st);
        }
    }

    private void ifStatement(Stmt.If i, Context ctx, Code out) {
        out.ifThen(expr.bool(i.condition()));
        block(i.then(), ctx, out);
        List<Stmt> otherwise = i.otherwise();
        while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If elseIf) {
            out.elseIf(expr.bool(elseIf.condition()));
            block(elseIf.then(), ctx, out);
            otherwise = elseIf.otherwise();
        }
        if (!otherwise.isEmpty()) {
            out.orElse();
            block(otherwise, ctx, out);
        }
        out.close();
    }

    /** @return the call of the task's finish method (see {@link #FINISH}) with {@code outcome}. */
    private static String finish(String outcome, Context ctx) {
        return call(FINISH, "s", outcome, Integer.toString(ctx.endLockError()));
    }

    private static String fault(String error) {
        return call("Packed.fault", error);
    }

    private void choose(Stmt.Choose c, Context ctx, Code out) {
        Domain d = c.domain();
        String found = names.fresh("found");
        String pick = names.fresh("pick");
        String v = names.of(c.binder());
        boolean symmetric = spec.isSymmetric(d) && !ctx.init();
        if (symmetric) {
            out.comment("symmetry " + d.name() + ": the lowest fitting " + d.name()
                    + ", and any other must be interchangeable with it");
        }
        out.declare("boolean", found, "false");
        out.declare("int", pick, Integer.toString(d.low()));
        out.forRange(v, Integer.toString(d.low()), Integer.toString(d.high()));
        String cond = c.where() == null ? "true" : expr.bool(c.where());
        if (symmetric) {
            symmetricPick(c, found, pick, cond, out);
        } else {
            out.ifThen(cond).assign(found, "true").assign(pick, v).breaks().close();
        }
        out.close();
        out.ifThen(found);
        out.declareFinal("int", v, pick);
        blockWith(c.binder(), c.then(), c.alloc() ? ctx.withAlloc(c.binder()) : ctx, out);
        if (!c.otherwise().isEmpty()) {
            out.orElse();
            block(c.otherwise(), ctx, out);
        }
        out.close();
    }

    /**
     * The loop body of a choose or alloc over a symmetric domain: the lowest fitting element is picked as always, but
     * only if every other fitting element is interchangeable with it, so that any of them would do (see
     * {@code DomainSymmetry}); else a model error names the two. Every element's condition is evaluated, in every
     * naming alike.
     */
    private void symmetricPick(Stmt.Choose c, String found, String pick, String cond, Code out) {
        Domain d = c.domain();
        String v = names.of(c.binder());
        int first = symmetry.pairErrors(c, errors);
        String a = d.low() == 0 ? pick : binary(pick, "-", Integer.toString(d.low()));
        String b = d.low() == 0 ? v : binary(v, "-", Integer.toString(d.low()));
        List<String> different =
                new ArrayList<>(List.of(not(method(members.symmetry(d), "interchangeable", "s", a, b))));
        for (Var x : scope) {
            Domain xd = x.type() instanceof Type.DomainType dt
                    ? dt.domain()
                    : x.type() instanceof Type.OptionalType ot ? ot.domain() : null;
            if (xd != null && xd.name().equals(d.name())) {
                different.add(eq(expr.local(x), pick));
                different.add(eq(expr.local(x), v));
            }
        }
        out.ifThen(cond);
        out.ifThen(not(found)).assign(found, "true").assign(pick, v);
        out.elseIf(or(different));
        out.throwsIt(fault(infix(
                Integer.toString(first),
                "+",
                call("dev.mmspec.contract.model.DomainSymmetry.pair", a, b, Integer.toString(d.size())))));
        out.close();
        out.close();
    }

    private void assign(Stmt.Assign a, Context ctx, Code out) {
        if (a.target() instanceof LValue.LocalTarget local) {
            // The Java mirror first, then the state: later reads use the mirror.
            Var v = local.local();
            String name = expr.local(v);
            Field f = layout.taskField(v);
            if (v.type() instanceof Type.BoolType) {
                out.assign(name, expr.bool(a.value()));
                out.stmt(call(members.taskFieldSetter(f), "s", "task", ternary(name, "1", "0")));
            } else {
                out.assign(name, checkedValue(a.value(), v.type(), v.name()));
                out.stmt(call(members.taskFieldSetter(f), "s", "task", name));
            }
            return;
        }
        LValue.StateTarget t = (LValue.StateTarget) a.target();
        Type type = t.field() == null
                ? t.state().type()
                : t.state().record().field(t.field()).type();
        String element = names.fresh("e");
        out.declareFinal("int", element, expr.element(t.state(), t.indices()));
        guards(t, t.field(), ctx, out);
        String what = t.state().name() + (t.field() == null ? "" : "." + t.field());
        out.stmt(call(members.setter(t.state(), t.field()), "s", element, checkedValue(a.value(), type, what)));
    }

    private void assignRecord(Stmt.AssignRecord a, Context ctx, Code out) {
        LValue.StateTarget t = a.target();
        RecordDecl rec = t.state().record();
        String element = names.fresh("e");
        out.declareFinal("int", element, expr.element(t.state(), t.indices()));
        // Evaluate every field value before writing any: {ref: 1, dma: folio[n].dma} may read the element itself.
        List<String> temps = new ArrayList<>();
        for (int i = 0; i < rec.fields().size(); i++) {
            RecordDecl.Field f = rec.fields().get(i);
            String temp = names.fresh("r");
            temps.add(temp);
            out.declareFinal(
                    "int",
                    temp,
                    checkedValue(a.values().get(i), f.type(), t.state().name() + "." + f.name()));
        }
        Set<String> checked = new HashSet<>();
        if (Accessors.recordInOneWord(layout.state(t.state())) && guardIndicesPure(t)) {
            // The guards read only lock owners and values that cannot change here: checked first, in
            // field order (the first that fails is the error), then the element is written at once.
            for (RecordDecl.Field f : rec.fields()) {
                guards(t, f.name(), ctx, out, checked);
            }
            out.stmt(call(members.recordSetter(t.state()), List.of("s", element), temps));
            return;
        }
        for (int i = 0; i < rec.fields().size(); i++) {
            RecordDecl.Field f = rec.fields().get(i);
            guards(t, f.name(), ctx, out, checked);
            out.stmt(call(members.setter(t.state(), f.name()), "s", element, temps.get(i)));
        }
    }

    /** @return whether no guard of {@code t}'s state reads the state to find its lock instance. */
    private boolean guardIndicesPure(LValue.StateTarget t) {
        for (Guard g : spec.guards()) {
            if (g.state() == t.state()
                    && g.lockIndexDimension() >= 0
                    && readsState(t.indices().get(g.lockIndexDimension()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether {@code e} may read the state (or change it: trylock), rather than only variables and literals.
     */
    static boolean readsState(Expr e) {
        if (e instanceof Expr.IntLit
                || e instanceof Expr.BoolLit
                || e instanceof Expr.NoneLit
                || e instanceof Expr.EnumLit
                || e instanceof Expr.VarRead
                || e instanceof Expr.Fixed) {
            return false;
        }
        if (e instanceof Expr.Unary u) {
            return readsState(u.operand());
        }
        if (e instanceof Expr.Binary b) {
            return readsState(b.left()) || readsState(b.right());
        }
        if (e instanceof Expr.Conditional c) {
            return readsState(c.condition()) || readsState(c.then()) || readsState(c.otherwise());
        }
        return true;
    }

    /** Emits the guard checks for writing {@code field} of the target element. */
    private void guards(LValue.StateTarget t, String field, Context ctx, Code out) {
        guards(t, field, ctx, out, new HashSet<>());
    }

    /**
     * Emits the guard checks for writing {@code field} of the target element, but none already in {@code checked}:
     * within one statement, a check whose lock index reads no state repeats one that has passed (nothing between them
     * changes a lock).
     */
    private void guards(LValue.StateTarget t, String field, Context ctx, Code out, Set<String> checked) {
        if (ctx.init()) {
            return;
        }
        for (Guard g : spec.guards()) {
            if (g.state() != t.state()
                    || (g.field() != null && field != null && !g.field().equals(field))) {
                continue;
            }
            Expr lockIndex = g.hasFixedInstance()
                    ? new Expr.IntLit(
                            g.fixedInstance(), new Type.DomainType(g.lock().domain()), g.span())
                    : g.lockIndexDimension() < 0 ? null : t.indices().get(g.lockIndexDimension());
            if (lockIndex instanceof Expr.VarRead vr && ctx.allocBinders().contains(vr.variable())) {
                continue; // a freshly allocated object is private until it is published
            }
            String what = t.state().name() + (field == null ? "" : "." + field);
            int err = errors.add(what + " written without holding " + g.lock().name(), t.span());
            String condition = not(call(
                    members.lock("holds", g.lock()),
                    "s",
                    "task",
                    expr.lockElement(g.lock(), lockIndex),
                    g.mode() == LockMode.READ ? "READ" : "WRITE"));
            if ((lockIndex == null || !readsState(lockIndex)) && !checked.add(condition)) {
                continue;
            }
            out.ifThen(condition).throwsIt(fault(Integer.toString(err))).close();
        }
    }

    /** @return {@code value} as a Java int of {@code target}'s values, checked when its type does not guarantee it. */
    String checkedValue(Expr value, Type target, String what) {
        if (target instanceof Type.BoolType) {
            return cond(expr.bool(value), "1", "0");
        }
        if (target instanceof Type.DomainType dt
                && value.type() instanceof Type.OptionalType ot
                && ExprEmitter.isOptionalField(value)
                && !ValueFit.alwaysFits(value, target)) {
            // The field's stored bits: no decoding of none to -1 only to test for it.
            String stored = expr.storedRead((Expr.StateRead) value);
            int err = errors.add("none assigned to " + what + " (" + dt.domain().name() + ")", value.span());
            return call(
                    "Packed.someStored", stored, Integer.toString(ot.domain().low()), Integer.toString(err));
        }
        String v = expr.integer(value);
        if (ValueFit.alwaysFits(value, target)) {
            return v;
        }
        if (target instanceof Type.DomainType dt && value.type() instanceof Type.OptionalType) {
            return call(
                    "Packed.some",
                    v,
                    Integer.toString(errors.add(
                            "none assigned to " + what + " (" + dt.domain().name() + ")", value.span())));
        }
        int low = target instanceof Type.OptionalType ? -1 : target.low();
        int err = errors.add("value out of range " + describe(target) + " for " + what, value.span());
        return call("Packed.check", v, Integer.toString(low), Integer.toString(target.high()), Integer.toString(err));
    }

    private static String describe(Type t) {
        if (t instanceof Type.OptionalType o) {
            return o.domain().name() + "? (" + o.domain().low() + ".."
                    + o.domain().high() + " or none)";
        }
        return t.low() + ".." + t.high();
    }

    /** @return whether control never falls off the end of {@code body}. */
    static boolean alwaysExits(List<Stmt> body) {
        if (body.isEmpty()) {
            return false;
        }
        Stmt last = body.get(body.size() - 1);
        for (Stmt st : body) {
            if (st instanceof Stmt.Return || st instanceof Stmt.Outcome || st instanceof Stmt.Goto) {
                return true;
            }
            if (st instanceof Stmt.If i && st == last) {
                return alwaysExits(i.then()) && alwaysExits(i.otherwise());
            }
            if (st instanceof Stmt.Choose c && st == last) {
                return alwaysExits(c.then()) && alwaysExits(c.otherwise());
            }
        }
        return false;
    }
}
