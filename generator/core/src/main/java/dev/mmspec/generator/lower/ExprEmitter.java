package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.LockRef;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers typed expressions to Java expressions over the packed state {@code s} of task {@code
 * task}. Booleans become Java booleans, every other value a Java int (optional none = -1).
 * Quantifiers become helper methods, collected in {@link #helpers()}.
 */
final class ExprEmitter {
    private final Layout layout;
    private final Names names;
    private final ErrorSites errors;
    private final List<List<String>> helpers = new ArrayList<>();
    private int helperCount;

    ExprEmitter(Layout layout, Names names, ErrorSites errors) {
        this.layout = layout;
        this.names = names;
        this.errors = errors;
    }

    /** @return the quantifier helper methods generated so far, each as lines. */
    List<List<String>> helpers() {
        return List.copyOf(helpers);
    }

    String bool(Expr e) {
        if (!(e.type() instanceof Type.BoolType)) {
            return "(" + integer(e) + " != 0)";
        }
        if (e instanceof Expr.BoolLit b) {
            return Boolean.toString(b.value());
        }
        if (e instanceof Expr.StateRead r) {
            return "(" + stateRead(r) + " != 0)";
        }
        if (e instanceof Expr.VarRead v) {
            return isJavaLocal(v.variable()) ? names.of(v.variable()) : "(" + taskRead(v.variable()) + " != 0)";
        }
        if (e instanceof Expr.Unary u) {
            return "!" + bool(u.operand());
        }
        if (e instanceof Expr.Binary b) {
            return binaryBool(b);
        }
        if (e instanceof Expr.Conditional c) {
            return "(" + bool(c.condition()) + " ? " + bool(c.then()) + " : " + bool(c.otherwise()) + ")";
        }
        if (e instanceof Expr.Quantified q) {
            return quantifier(q);
        }
        if (e instanceof Expr.Fixed f) {
            return "((fixesOff & " + (1L << f.fix().index()) + "L) == 0L)";
        }
        if (e instanceof Expr.Held h) {
            if (h.index() == null) {
                return "heldAny_" + h.lock().name() + "(s)";
            }
            return "held_" + h.lock().name() + "(s, " + lockElement(h.lock(), h.index()) + ")";
        }
        if (e instanceof Expr.TryLock t) {
            return "tryLock_" + t.lock().lock().name() + "(s, task, " + lockElement(t.lock().lock(), t.lock().index()) + ", "
                    + modeConstant(t.lock().mode()) + ")";
        }
        if (e instanceof Expr.Quiescent) {
            return "quiescent(s)";
        }
        throw new AssertionError("not a boolean expression: " + e);
    }

    String integer(Expr e) {
        if (e.type() instanceof Type.BoolType) {
            return "(" + bool(e) + " ? 1 : 0)";
        }
        if (e instanceof Expr.IntLit i) {
            return i.value() < 0 ? "(" + i.value() + ")" : Integer.toString(i.value());
        }
        if (e instanceof Expr.NoneLit) {
            return "(-1)";
        }
        if (e instanceof Expr.EnumLit l) {
            return Integer.toString(l.ordinal());
        }
        if (e instanceof Expr.StateRead r) {
            return stateRead(r);
        }
        if (e instanceof Expr.VarRead v) {
            return isJavaLocal(v.variable()) ? names.of(v.variable()) : taskRead(v.variable());
        }
        if (e instanceof Expr.Unary u) {
            return "(-" + integer(u.operand()) + ")";
        }
        if (e instanceof Expr.Binary b) {
            return "(" + integer(b.left()) + " " + b.op().spelling() + " " + integer(b.right()) + ")";
        }
        if (e instanceof Expr.Conditional c) {
            return "(" + bool(c.condition()) + " ? " + integer(c.then()) + " : " + integer(c.otherwise()) + ")";
        }
        if (e instanceof Expr.Quantified q) {
            return quantifier(q);
        }
        throw new AssertionError("not an integer expression: " + e);
    }

    private String binaryBool(Expr.Binary b) {
        return switch (b.op()) {
            case AND -> "(" + bool(b.left()) + " && " + bool(b.right()) + ")";
            case OR -> "(" + bool(b.left()) + " || " + bool(b.right()) + ")";
            case IMPLIES -> "(!" + bool(b.left()) + " || " + bool(b.right()) + ")";
            case EQ, NE -> {
                String op = b.op().spelling();
                if (b.left().type() instanceof Type.BoolType && b.right().type() instanceof Type.BoolType) {
                    yield "(" + bool(b.left()) + " " + op + " " + bool(b.right()) + ")";
                }
                yield "(" + integer(b.left()) + " " + op + " " + integer(b.right()) + ")";
            }
            case LT, LE, GT, GE -> "(" + integer(b.left()) + " " + b.op().spelling() + " " + integer(b.right()) + ")";
            default -> throw new AssertionError("not a boolean operator: " + b.op());
        };
    }

    /** Java locals: step-local lets and bound variables; parameters and locals live in the state. */
    static boolean isJavaLocal(Var v) {
        return v.kind() == Var.Kind.LET || v.kind() == Var.Kind.BINDER;
    }

    String taskRead(Var v) {
        return Accessors.taskFieldMethod(layout.taskField(v)) + "(s, task)";
    }

    String stateRead(Expr.StateRead r) {
        return Accessors.getter(r.state(), r.field()) + "(s, " + element(r.state(), r.indices()) + ")";
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
            String zeroBased = dom.low() == 0 ? idx : "(" + idx + " - " + dom.low() + ")";
            reversed.add(stride == 1 ? zeroBased : zeroBased + " * " + stride);
            stride *= dom.size();
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            terms.add(reversed.get(i));
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" + ", terms) + ")";
    }

    /** @return the Java expression of lock instance {@code index} as a 0-based element. */
    String lockElement(Lock lock, Expr index) {
        if (lock.domain() == null || index == null) {
            return "0";
        }
        String idx = index(index, lock.domain(), lock.name());
        return lock.domain().low() == 0 ? idx : "(" + idx + " - " + lock.domain().low() + ")";
    }

    /** An index value of {@code domain}, checked at run time unless its type guarantees it. */
    String index(Expr e, Domain domain, String what) {
        if (e instanceof Expr.IntLit lit && lit.value() >= domain.low() && lit.value() <= domain.high()) {
            return Integer.toString(lit.value());
        }
        String value = integer(e);
        if (e.type() instanceof Type.DomainType dt && sameRange(dt.domain(), domain)) {
            return value;
        }
        if (e.type() instanceof Type.OptionalType ot && sameRange(ot.domain(), domain)) {
            int err = errors.add("none used as an index of " + what, e.span());
            return "Packed.some(" + value + ", " + err + ")";
        }
        int err = errors.add("index of " + what + " out of " + domain.name() + " (" + domain.low() + ".." + domain.high() + ")", e.span());
        return "Packed.check(" + value + ", " + domain.low() + ", " + domain.high() + ", " + err + ")";
    }

    private static boolean sameRange(Domain a, Domain b) {
        return a.low() == b.low() && a.high() == b.high();
    }

    static String modeConstant(LockRef.Mode mode) {
        return switch (mode) {
            case EXCLUSIVE, WRITE -> "WRITE";
            case READ -> "READ";
        };
    }

    private String quantifier(Expr.Quantified q) {
        Set<Var> captured = new LinkedHashSet<>();
        FreeVars.collect(q.body(), Set.of(q.binder()), captured);
        String name = "q" + (helperCount++);
        List<String> params = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (Var v : captured) {
            boolean isBool = v.type() instanceof Type.BoolType;
            params.add((isBool ? "boolean " : "int ") + names.of(v));
            args.add(names.of(v));
        }
        String binder = names.of(q.binder());
        Domain d = q.domain();
        Code code = new Code();
        String returns = q.quantifier() == Expr.Quantifier.COUNT ? "int" : "boolean";
        String paramList = params.isEmpty() ? "" : ", " + String.join(", ", params);
        code.line("/** " + q.quantifier().name().toLowerCase(java.util.Locale.ROOT) + " at spec line " + q.span().line() + ". */");
        code.open("private " + returns + " " + name + "(long[] s, int task" + paramList + ")");
        String body = q.quantifier() == Expr.Quantifier.COUNT ? bool(q.body()) : bool(q.body());
        switch (q.quantifier()) {
            case FORALL -> {
                code.open("for (int " + binder + " = " + d.low() + "; " + binder + " <= " + d.high() + "; " + binder + "++)");
                code.open("if (!" + body + ")").line("return false;").close();
                code.close().line("return true;");
            }
            case EXISTS -> {
                code.open("for (int " + binder + " = " + d.low() + "; " + binder + " <= " + d.high() + "; " + binder + "++)");
                code.open("if (" + body + ")").line("return true;").close();
                code.close().line("return false;");
            }
            case COUNT -> {
                code.line("int n = 0;");
                code.open("for (int " + binder + " = " + d.low() + "; " + binder + " <= " + d.high() + "; " + binder + "++)");
                code.open("if (" + body + ")").line("n++;").close();
                code.close().line("return n;");
            }
        }
        code.close();
        helpers.add(code.lines());
        return name + "(s, task" + (args.isEmpty() ? "" : ", " + String.join(", ", args)) + ")";
    }
}
