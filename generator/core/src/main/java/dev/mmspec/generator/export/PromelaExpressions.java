package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed expressions as Promela (C-like) expressions over the global state, for task {@code t} (a constant of the inline
 * that runs the step). Every value is an integer (bool 0/1, optional none -1); Promela has no quantifiers, so
 * {@code forall/exists/count} are unrolled over their domain with the binder replaced by each value. {@code &&},
 * {@code ||} and {@code (c -> a : b)} evaluate left to right as in the generated Java; integer division truncates in
 * both.
 */
final class PromelaExpressions {
    private final ExportNames names;
    private final Map<Var, Operation> owners = new IdentityHashMap<>();
    /** Binders of an unrolled quantifier, loop or choice candidate, bound to the value of the copy. */
    private final Map<Var, Integer> constants = new HashMap<>();

    private final int tasks;
    private final List<Operation> operations;

    PromelaExpressions(Spec spec, ExportNames names) {
        this.names = names;
        this.operations = spec.operations();
        this.tasks = spec.tasks().size();
        for (Operation op : spec.operations()) {
            op.parameters().forEach(p -> owners.put(p, op));
            op.locals().forEach(l -> owners.put(l, op));
        }
    }

    Operation owner(Var v) {
        return owners.get(v);
    }

    void bind(Var v, int value) {
        constants.put(v, value);
    }

    void unbind(Var v) {
        constants.remove(v);
    }

    String bool(Expr e) {
        if (!(e.type() instanceof Type.BoolType)) {
            return "(" + integer(e) + " != 0)";
        }
        if (e instanceof Expr.BoolLit b) {
            return b.value() ? "1" : "0";
        }
        if (e instanceof Expr.Unary u) {
            return "(!" + bool(u.operand()) + ")";
        }
        if (e instanceof Expr.Binary b) {
            return switch (b.op()) {
                case AND -> "(" + bool(b.left()) + " && " + bool(b.right()) + ")";
                case OR -> "(" + bool(b.left()) + " || " + bool(b.right()) + ")";
                case IMPLIES -> "(!" + bool(b.left()) + " || " + bool(b.right()) + ")";
                case EQ, NE, LT, LE, GT, GE ->
                    "(" + integer(b.left()) + " " + b.op().spelling() + " " + integer(b.right()) + ")";
                default -> throw new AssertionError("not a boolean operator: " + b.op());
            };
        }
        if (e instanceof Expr.Fixed f) {
            return "(" + ExportNames.fix(f.fix().name()) + " != 0)";
        }
        if (e instanceof Expr.Held h) {
            if (h.index() == null) {
                List<String> any = new ArrayList<>();
                for (int i = 0; i < h.lock().instances(); i++) {
                    any.add(held(h.lock(), Integer.toString(i)));
                }
                return "(" + String.join(" || ", any) + ")";
            }
            return held(h.lock(), lockElement(h.lock(), h.index()));
        }
        if (e instanceof Expr.Quiescent) {
            List<String> idle = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                idle.add("t_op[" + i + "] == 0");
            }
            return "(" + String.join(" && ", idle) + ")";
        }
        if (e instanceof Expr.TryLock) {
            throw new ExportException("trylock is translated by its if statement only", e.span());
        }
        if (e instanceof Expr.TaskIn in) {
            // t in op (its operation is op), t in op.step (and its pc is at step), as the model's task fields say.
            String task = integer(in.task());
            String op = "t_op[" + task + "] == " + (in.operationIndex() + 1);
            return in.stepIndex() < 0 ? "(" + op + ")" : "(" + op + " && t_pc[" + task + "] == " + in.stepIndex() + ")";
        }
        if (e instanceof Expr.Quantified q
                && q.quantifier() != Quantifier.COUNT
                && q.quantifier() != Quantifier.CHOOSE) {
            List<String> parts = new ArrayList<>();
            for (int v = q.domain().low(); v <= q.domain().high(); v++) {
                bind(q.binder(), v);
                parts.add(bool(q.body()));
            }
            unbind(q.binder());
            String op = q.quantifier() == Quantifier.FORALL ? " && " : " || ";
            return "(" + String.join(op, parts) + ")";
        }
        return "(" + integer(e) + " != 0)";
    }

    String integer(Expr e) {
        if (e instanceof Expr.IntLit i) {
            return i.value() < 0 ? "(" + i.value() + ")" : Integer.toString(i.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return b.value() ? "1" : "0";
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
            return variable(v.variable());
        }
        if (e instanceof Expr.TaskVariable v) {
            // t.op.x: outside op it holds its default, as the model's reads say (only starting op sets it, op's end
            // resets it).
            return ExportNames.taskVar(operations.get(v.operationIndex()), v.variable()) + "[" + integer(v.task())
                    + "]";
        }
        if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return "(-" + integer(u.operand()) + ")";
        }
        if (e instanceof Expr.Binary b && !(b.type() instanceof Type.BoolType)) {
            return "(" + integer(b.left()) + " " + b.op().spelling() + " " + integer(b.right()) + ")";
        }
        if (e instanceof Expr.Conditional c) {
            return "(" + bool(c.condition()) + " -> " + integer(c.then()) + " : " + integer(c.otherwise()) + ")";
        }
        if (e instanceof Expr.Quantified q && q.quantifier() == Quantifier.COUNT) {
            List<String> parts = new ArrayList<>();
            for (int v = q.domain().low(); v <= q.domain().high(); v++) {
                bind(q.binder(), v);
                parts.add("(" + bool(q.body()) + " -> 1 : 0)");
            }
            unbind(q.binder());
            return "(" + String.join(" + ", parts) + ")";
        }
        if (e instanceof Expr.Quantified q && q.quantifier() == Quantifier.CHOOSE) {
            // The lowest fitting value, or none (-1): nested conditionals from the highest value down.
            String out = "(-1)";
            for (int v = q.domain().high(); v >= q.domain().low(); v--) {
                bind(q.binder(), v);
                out = "(" + bool(q.body()) + " -> " + v + " : " + out + ")";
            }
            unbind(q.binder());
            return out;
        }
        if (e.type() instanceof Type.BoolType) {
            return "(" + bool(e) + " -> 1 : 0)";
        }
        throw new AssertionError("not an integer expression: " + e);
    }

    String variable(Var v) {
        Integer constant = constants.get(v);
        if (constant != null) {
            return constant < 0 ? "(" + constant + ")" : constant.toString();
        }
        Operation op = owners.get(v);
        if (op != null) {
            return ExportNames.taskVar(op, v) + "[t]";
        }
        return names.scoped(v);
    }

    static String array(StateVar v, String field) {
        return ExportNames.state(v) + (field == null ? "" : "_f_" + field);
    }

    String stateRead(Expr.StateRead r) {
        return array(r.state(), r.field()) + "[" + element(r.state(), r.indices()) + "]";
    }

    String element(StateVar state, List<Expr> indices) {
        return ExportNames.element(state, indices, e -> integer(e));
    }

    String lockElement(Lock lock, Expr index) {
        if (lock.domain() == null || index == null) {
            return "0";
        }
        String idx = integer(index);
        return lock.domain().low() == 0
                ? idx
                : "(" + idx + " - " + lock.domain().low() + ")";
    }

    static String held(Lock lock, String e) {
        String owner = ExportNames.owner(lock) + "[" + e + "] != 0";
        return lock.kind() == LockKind.RWSEM
                ? "(" + owner + " || " + ExportNames.readers(lock) + "[" + e + "] != 0)"
                : "(" + owner + ")";
    }
}
