package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.LockKind;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed expressions as TLA+ expressions over a machine record {@code m} (a step's state so far) or, with {@code m ==
 * null}, over the variables themselves (invariants). Booleans are TLA+ booleans, every other value an integer as in the
 * IR (optional none = -1). TLC evaluates {@code /\ \/ =>} and {@code IF} left to right, as the generated Java does, so
 * the same reads are evaluated.
 */
final class TlaExpressions {
    private final Spec spec;
    private final ExportNames names;
    private final Map<Var, Operation> owners = new IdentityHashMap<>();

    TlaExpressions(Spec spec, ExportNames names) {
        this.spec = spec;
        this.names = names;
        for (Operation op : spec.operations()) {
            op.parameters().forEach(p -> owners.put(p, op));
            op.locals().forEach(l -> owners.put(l, op));
        }
    }

    /** @return the operation whose parameter or local {@code v} is, or null for a let or binder. */
    Operation owner(Var v) {
        return owners.get(v);
    }

    static String at(String m, String variable) {
        return m == null ? variable : m + "." + variable;
    }

    String bool(Expr e, String m) {
        if (!(e.type() instanceof Type.BoolType)) {
            return "(" + integer(e, m) + " # 0)";
        }
        if (e instanceof Expr.BoolLit b) {
            return b.value() ? "TRUE" : "FALSE";
        }
        if (e instanceof Expr.StateRead r) {
            return stateRead(r, m);
        }
        if (e instanceof Expr.VarRead v) {
            return variable(v.variable(), m);
        }
        if (e instanceof Expr.Unary u) {
            return "~" + bool(u.operand(), m);
        }
        if (e instanceof Expr.Binary b) {
            return binaryBool(b, m);
        }
        if (e instanceof Expr.Conditional c) {
            return "(IF " + bool(c.condition(), m) + " THEN " + bool(c.then(), m) + " ELSE " + bool(c.otherwise(), m)
                    + ")";
        }
        if (e instanceof Expr.Quantified q) {
            return quantified(q, m);
        }
        if (e instanceof Expr.Fixed f) {
            return ExportNames.fix(f.fix().name());
        }
        if (e instanceof Expr.Held h) {
            if (h.index() == null) {
                return "(\\E e \\in 0.." + (h.lock().instances() - 1) + " : " + held(h.lock(), "e", m) + ")";
            }
            return held(h.lock(), lockElement(h.lock(), h.index(), m), m);
        }
        if (e instanceof Expr.Quiescent) {
            return "(\\A tq \\in Task : " + at(m, "t_op") + "[tq] = 0)";
        }
        if (e instanceof Expr.TaskIn in) {
            return taskIn(in, m);
        }
        if (e instanceof Expr.TaskVariable v) {
            return taskVariable(v, m);
        }
        if (e instanceof Expr.TryLock) {
            throw new ExportException("trylock is translated by its if statement only", e.span());
        }
        throw new AssertionError("not a boolean expression: " + e);
    }

    String integer(Expr e, String m) {
        if (e.type() instanceof Type.BoolType) {
            return "(IF " + bool(e, m) + " THEN 1 ELSE 0)";
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
            return stateRead(r, m);
        }
        if (e instanceof Expr.VarRead v) {
            return variable(v.variable(), m);
        }
        if (e instanceof Expr.Unary u) {
            return "(-" + integer(u.operand(), m) + ")";
        }
        if (e instanceof Expr.Binary b) {
            String l = integer(b.left(), m);
            String r = integer(b.right(), m);
            return switch (b.op()) {
                case ADD, SUB, MUL -> "(" + l + " " + b.op().spelling() + " " + r + ")";
                case DIV -> "TDiv(" + l + ", " + r + ")";
                case MOD -> "TMod(" + l + ", " + r + ")";
                default -> throw new AssertionError("not an integer operator: " + b.op());
            };
        }
        if (e instanceof Expr.Conditional c) {
            return "(IF " + bool(c.condition(), m) + " THEN " + integer(c.then(), m) + " ELSE "
                    + integer(c.otherwise(), m) + ")";
        }
        if (e instanceof Expr.Quantified q) {
            return quantified(q, m);
        }
        if (e instanceof Expr.TaskVariable v) {
            return taskVariable(v, m);
        }
        throw new AssertionError("not an integer expression: " + e);
    }

    private String binaryBool(Expr.Binary b, String m) {
        return switch (b.op()) {
            case AND -> "(" + bool(b.left(), m) + " /\\ " + bool(b.right(), m) + ")";
            case OR -> "(" + bool(b.left(), m) + " \\/ " + bool(b.right(), m) + ")";
            case IMPLIES -> "(" + bool(b.left(), m) + " => " + bool(b.right(), m) + ")";
            case EQ, NE -> {
                String op = b.op() == BinaryOp.EQ ? " = " : " # ";
                if (b.left().type() instanceof Type.BoolType && b.right().type() instanceof Type.BoolType) {
                    yield "(" + bool(b.left(), m) + op + bool(b.right(), m) + ")";
                }
                yield "(" + integer(b.left(), m) + op + integer(b.right(), m) + ")";
            }
            case LT, GT, GE -> "(" + integer(b.left(), m) + " " + b.op().spelling() + " " + integer(b.right(), m) + ")";
            case LE -> "(" + integer(b.left(), m) + " =< " + integer(b.right(), m) + ")";
            default -> throw new AssertionError("not a boolean operator: " + b.op());
        };
    }

    private String quantified(Expr.Quantified q, String m) {
        String b = names.scoped(q.binder());
        String range = range(q.domain());
        String body = bool(q.body(), m);
        return switch (q.quantifier()) {
            case FORALL -> "(\\A " + b + " \\in " + range + " : " + body + ")";
            case EXISTS -> "(\\E " + b + " \\in " + range + " : " + body + ")";
            case COUNT -> "Cardinality({" + b + " \\in " + range + " : " + body + "})";
            case CHOOSE -> lowest(q, b, m);
        };
    }

    /** choose x in D where C: the lowest x, or none (-1), tested one value at a time as the model does. */
    private String lowest(Expr.Quantified q, String b, String m) {
        StringBuilder out = new StringBuilder("(");
        for (int v = q.domain().low(); v <= q.domain().high(); v++) {
            out.append("IF (LET ")
                    .append(b)
                    .append(" == ")
                    .append(v)
                    .append(" IN ")
                    .append(bool(q.body(), m))
                    .append(") THEN ")
                    .append(v)
                    .append(" ELSE ");
        }
        return out.append("-1)").toString();
    }

    /**
     * {@code t in op} (op is its operation), {@code t in op.step} (and its pc is at step), as the model's task fields
     * say.
     */
    private String taskIn(Expr.TaskIn in, String m) {
        String task = integer(in.task(), m);
        String op = at(m, "t_op") + "[" + task + "] = " + (in.operationIndex() + 1);
        return in.stepIndex() < 0
                ? "(" + op + ")"
                : "(" + op + " /\\ " + at(m, "t_pc") + "[" + task + "] = " + in.stepIndex() + ")";
    }

    /**
     * {@code t.op.x}: task t's copy of op's parameter or local. Outside op it holds its default, as the model's reads
     * say: only starting op sets it, and op's end resets it.
     */
    private String taskVariable(Expr.TaskVariable v, String m) {
        return at(m, ExportNames.taskVar(operation(v.operationIndex()), v.variable())) + "[" + integer(v.task(), m)
                + "]";
    }

    private Operation operation(int index) {
        return spec.operations().get(index);
    }

    static String range(Domain d) {
        return d.name().equals("Task") ? "Task" : "D_" + d.name();
    }

    String variable(Var v, String m) {
        Operation op = owners.get(v);
        if (op != null) {
            return at(m, ExportNames.taskVar(op, v)) + "[t]";
        }
        return names.scoped(v);
    }

    String stateRead(Expr.StateRead r, String m) {
        return at(m, ExportNames.state(r.state())) + "[" + element(r.state(), r.indices(), m) + "]"
                + (r.field() == null ? "" : ".f_" + r.field());
    }

    String element(StateVar state, List<Expr> indices, String m) {
        return ExportNames.element(state, indices, e -> integer(e, m));
    }

    String lockElement(Lock lock, Expr index, String m) {
        if (lock.domain() == null || index == null) {
            return "0";
        }
        String idx = integer(index, m);
        return lock.domain().low() == 0
                ? idx
                : "(" + idx + " - " + lock.domain().low() + ")";
    }

    /** Whether any task holds instance {@code e} of {@code lock}, in any mode. */
    static String held(Lock lock, String e, String m) {
        String owner = at(m, ExportNames.owner(lock)) + "[" + e + "] # 0";
        if (lock.kind() == LockKind.RWSEM) {
            return "(" + owner + " \\/ " + at(m, ExportNames.readers(lock)) + "[" + e + "] # {})";
        }
        return "(" + owner + ")";
    }

    Spec spec() {
        return spec;
    }
}
