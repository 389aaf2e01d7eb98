package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.ValueFit;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.LockMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a checked spec to Promela for SPIN: one process whose loop offers one {@code d_step} per step and task
 * (per argument tuple for an operation's first step, which also starts it). The fixes are preprocessor constants
 * ({@code spin -a -DFix_x=0} switches one off), the invariants assertions checked after every step and in the initial
 * state, a model error an assertion on {@code fault}.
 *
 * <p>A {@code d_step} cannot block halfway, but an mmspec step is disabled by a {@code require} or busy lock anywhere
 * along its path. So a step that can be disabled saves the state, runs, and restores it if it was disabled: a
 * transition back to the same state. SPIN's stored states are therefore the explorer's (plus the state before
 * {@code init} runs), its transitions are not, and it cannot see the explorer's deadlocks (every state has that
 * self-loop); TLC's can. State, record fields and locks are global arrays (records flattened to one array per field).
 * Lets, binders, temporaries and the saved copy are globals too (SPIN's breadth-first search, which finds shortest
 * counterexamples, refuses {@code hidden} ones), cleared at the end of every {@code d_step}: between transitions they
 * are always 0, so they never tell two states apart.
 */
public final class PromelaExporter {
    private static final int RUN = 0;
    private static final int END = 1;
    private static final int GOTO = 2;
    private static final int DIS = 3;
    private static final int ERR = 4;

    private final Spec spec;
    private final ExportNames names = new ExportNames();
    private final PromelaExpressions expr;
    private final Map<String, Integer> faults = new LinkedHashMap<>();
    private final Set<String> hidden = new java.util.LinkedHashSet<>();
    /** The scratch globals the step (or init) being translated writes: the ones its d_step clears. */
    private Set<String> touched = new java.util.LinkedHashSet<>();
    /** The next number of each kind of temporary ({@code e}, {@code x}, ...) in the step being translated. */
    private final Map<String, Integer> fresh = new java.util.HashMap<>();

    public PromelaExporter(Spec spec) {
        this.spec = spec;
        this.expr = new PromelaExpressions(spec, names);
    }

    public String model() {
        List<String> inlines = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        for (Operation op : spec.operations()) {
            for (Step step : op.steps()) {
                inlines.addAll(stepInline(op, step));
                for (Task t : spec.tasks()) {
                    if (t.operations().contains(op)) {
                        options.addAll(stepOptions(op, step, t));
                    }
                }
            }
        }
        List<String> init = new ArrayList<>();
        scratchFor();
        block(spec.init(), init, "    ", true, Set.of());
        inlines.addAll(clearInline("clear_init", touched));
        List<String> out = new ArrayList<>();
        out.add("/* Exported by mmspec from " + comment(spec.sourcePath())
                + ". Do not edit: change the spec and export again.");
        out.add(" * " + comment(spec.title()));
        if (!spec.symmetries().isEmpty() || !spec.symmetricDomains().isEmpty()) {
            out.add(" * The spec declares symmetry; SPIN explores every state here.");
        }
        for (Map.Entry<String, Integer> f : faults.entrySet()) {
            out.add(" * fault " + f.getValue() + ": " + comment(f.getKey()));
        }
        out.add(" * A deadlock is an invalid end state, at a depth " + deadlockDepth(options)
                + " more than the explorer's trace length");
        out.add(" * (mmspec-deadlock-depth " + deadlockDepth(options)
                + "); spin -a -DDEADLOCK_CHECK=0 leaves the check out.");
        out.add(" */");
        out.add("#ifndef DEADLOCK_CHECK");
        out.add("#define DEADLOCK_CHECK 1");
        out.add("#endif");
        for (Fix f : spec.fixes()) {
            String n = ExportNames.fix(f.name());
            out.add("#ifndef " + n);
            out.add("#define " + n + " 1   /* " + comment(f.source()) + " */");
            out.add("#endif");
        }
        for (Domain d : spec.domains()) {
            out.add("#define D_" + d.name() + "_LOW " + d.low()
                    + "   /* bounds: loops are unrolled, change the spec and export again */");
            out.add("#define D_" + d.name() + "_HIGH " + d.high());
        }
        out.add("");
        List<String> arrays = arrays();
        out.addAll(arrays.stream().map(a -> a.replace("@", "")).toList());
        out.add("byte fault;");
        out.add("/* scratch: 0 between transitions. spin -a -DSCRATCH=hidden keeps it out of the state vector (a "
                + "third of");
        out.add(" * it, or less), for a depth-first search only: SPIN refuses hidden variables in a breadth-first "
                + "one. */");
        out.add("#ifndef SCRATCH");
        out.add("#define SCRATCH");
        out.add("#endif");
        out.add("SCRATCH byte ctl;");
        out.add("SCRATCH byte npc;");
        out.add("bit en_;   /* the deadlock probe's, kept from one d_step to the next */");
        out.add("bit dl_;");
        out.add("SCRATCH int i_;");
        for (String h : hidden) {
            out.add("SCRATCH int " + h + ";");
        }
        for (String a : arrays) {
            out.add("SCRATCH " + a.replace("@", "s_").replaceAll(" = [-0-9]+;", ";"));
        }
        out.add("");
        out.addAll(saveRestore(arrays));
        out.add("inline clear_saved() {");
        for (String a : arrays) {
            String name = a.substring(a.indexOf('@') + 1, a.indexOf('['));
            String size = a.substring(a.indexOf('[') + 1, a.indexOf(']'));
            out.add("    i_ = 0; do :: i_ < " + size + " -> s_" + name + "[i_] = 0; i_++ :: else -> break od;");
        }
        out.add("    i_ = 0");
        out.add("}");
        out.add("");
        out.addAll(inlines);
        out.add("inline check_invariants() {");
        out.add("    assert(fault == 0);");
        for (Invariant inv : spec.invariants()) {
            String body = expr.bool(inv.body());
            out.add("    assert(" + (inv.when() == null ? body : "!" + expr.bool(inv.when()) + " || " + body) + "); /* "
                    + inv.name() + " */");
        }
        out.add("}");
        out.add("");
        out.add("active proctype mm() {");
        out.add("    d_step {");
        out.add("        ctl = " + RUN + ";");
        init.forEach(l -> out.add("    " + l));
        out.add("        check_invariants();");
        out.add("        clear_init()");
        out.add("    }");
        out.add("end_loop:");
        out.add("    do");
        options.forEach(o -> out.add("    :: " + o.transition()));
        out.addAll(deadlockProbe(options));
        out.add("    od");
        out.add("}");
        return String.join("\n", out) + "\n";
    }

    /** The global arrays, {@code @} where a saved copy puts its prefix. */
    private List<String> arrays() {
        List<String> a = new ArrayList<>();
        for (StateVar v : spec.state()) {
            int n = ExportNames.elements(v);
            if (v.isRecord()) {
                for (RecordDecl.Field f : v.record().fields()) {
                    a.add(type(f.type()) + " @" + PromelaExpressions.array(v, f.name()) + "[" + n + "] = " + f.initial()
                            + ";");
                }
            } else {
                a.add(type(v.type()) + " @" + PromelaExpressions.array(v, null) + "[" + n + "] = " + v.initial() + ";");
            }
        }
        for (Lock l : spec.locks()) {
            a.add("byte @" + ExportNames.owner(l) + "[" + l.instances() + "];");
            if (l.kind() == LockKind.RWSEM) {
                a.add(maskType() + " @" + ExportNames.readers(l) + "[" + l.instances() + "];");
            }
        }
        int tasks = spec.tasks().size();
        a.add("byte @t_op[" + tasks + "];");
        a.add("byte @t_pc[" + tasks + "];");
        for (Operation op : spec.operations()) {
            for (Var v : ExportNames.taskVars(op)) {
                a.add(type(v.type()) + " @" + ExportNames.taskVar(op, v) + "[" + tasks + "] = "
                        + ExportNames.defaultValue(v.type()) + ";");
            }
        }
        return a;
    }

    /**
     * The narrowest Promela type of a stored value: byte (unsigned) where it fits, since SPIN stores every state's
     * bytes.
     */
    private static String type(Type t) {
        return t.low() >= 0 && t.high() <= 255 ? "byte" : t.low() >= -32768 && t.high() <= 32767 ? "short" : "int";
    }

    /** A set of tasks as a bit mask (an rwsem's readers): as narrow as the task count allows. */
    private String maskType() {
        int tasks = spec.tasks().size();
        return tasks <= 8 ? "byte" : tasks <= 15 ? "short" : "int";
    }

    private List<String> saveRestore(List<String> arrays) {
        List<String> save = new ArrayList<>(List.of("inline save() {"));
        List<String> restore = new ArrayList<>(List.of("inline restore() {"));
        for (String a : arrays) {
            String name = a.substring(a.indexOf('@') + 1, a.indexOf('['));
            String size = a.substring(a.indexOf('[') + 1, a.indexOf(']'));
            save.add("    i_ = 0; do :: i_ < " + size + " -> s_" + name + "[i_] = " + name
                    + "[i_]; i_++ :: else -> break od;");
            restore.add("    i_ = 0; do :: i_ < " + size + " -> " + name + "[i_] = s_" + name
                    + "[i_]; i_++ :: else -> break od;");
        }
        save.add("    skip");
        save.add("}");
        restore.add("    skip");
        restore.add("}");
        List<String> out = new ArrayList<>(save);
        out.addAll(restore);
        out.add("");
        return out;
    }

    private List<String> stepInline(Operation op, Step step) {
        List<String> out = new ArrayList<>();
        out.add("/* " + comment(spec.sourcePath()) + ":" + step.span().line() + ": step " + step.label() + " */");
        out.add("inline step_" + op.name() + "_" + step.name() + "(t) {");
        scratchFor();
        block(step.body(), out, "    ", false, Set.of());
        boolean last = step.index() == op.steps().size() - 1;
        String finish = finish(op);
        out.add("    if");
        out.add("    :: ctl == " + RUN + " -> " + (last ? finish : "t_pc[t] = " + (step.index() + 1)));
        out.add("    :: ctl == " + GOTO + " -> t_pc[t] = npc; ctl = " + RUN);
        out.add("    :: ctl == " + END + " -> " + finish);
        out.add("    :: else -> skip");
        out.add("    fi");
        out.add("}");
        out.add("");
        out.addAll(clearInline(clearName(op, step), touched));
        return out;
    }

    /**
     * Starts the scratch of one step: its temporaries are numbered from 1 again, so steps share them (each is 0 between
     * transitions), and the state vector holds as many as the largest step needs, not all steps' together. That is what
     * lets SPIN hold the bench spec's 18 M states.
     */
    private void scratchFor() {
        touched = new java.util.LinkedHashSet<>();
        fresh.clear();
    }

    private static String clearName(Operation op, Step step) {
        return "clear_" + op.name() + "_" + step.name();
    }

    /**
     * Zeroes the scratch one step writes, not every step's: SPIN allows a {@code d_step} about 2,000 statements, and
     * clearing all of a large spec's temporaries in each would pass that alone.
     */
    private static List<String> clearInline(String name, Set<String> scratch) {
        List<String> out = new ArrayList<>(List.of("inline " + name + "() {", "    ctl = 0; npc = 0;"));
        for (String h : scratch) {
            out.add("    " + h + " = 0;");
        }
        out.add("    i_ = 0");
        out.add("}");
        out.add("");
        return out;
    }

    private String finish(Operation op) {
        List<String> resets = new ArrayList<>(List.of("t_op[t] = 0", "t_pc[t] = 0", "ctl = " + RUN));
        for (Var v : ExportNames.taskVars(op)) {
            resets.add(ExportNames.taskVar(op, v) + "[t] = " + ExportNames.defaultValue(v.type()));
        }
        return "if :: " + holdsAnyLock("t") + " -> " + fail("operation " + op.name() + " ended holding a lock")
                + " :: else -> " + String.join("; ", resets) + " fi";
    }

    /**
     * One transition the explorer can take: a task's step at its pc, or a task starting an operation with one argument
     * tuple (its first step runs in the same transition).
     *
     * @param guard when it is offered (the task's pc), before the step's body decides if it is enabled
     * @param sets what starting the operation sets (empty for a step at the task's pc)
     */
    private record Option(String guard, String sets, String call, boolean canDisable, String clear, String comment) {
        /** The transition: a step found disabled restores the state it started from (a self-loop). */
        String transition() {
            return "d_step { " + guard + " -> ctl = " + RUN + ";" + (canDisable ? " save();" : "") + sets + " " + call
                    + ";"
                    + (canDisable
                            ? " if :: ctl == " + DIS + " -> restore() :: else -> check_invariants() fi; clear_saved();"
                            : " check_invariants();")
                    + " " + clear + "() }" + comment;
        }

        /** Runs the step on a copy to learn whether it is enabled ({@code en_ = 1}), then puts the state back. */
        String probe() {
            return "if :: en_ == 0 && " + guard + " -> ctl = " + RUN + "; save();" + sets + " " + call
                    + "; if :: ctl != " + DIS + " -> en_ = 1 :: else -> skip fi; restore(); fault = 0; clear_saved(); "
                    + clear + "() :: else -> skip fi";
        }
    }

    private List<Option> stepOptions(Operation op, Step step, Task t) {
        List<Option> out = new ArrayList<>();
        boolean canDisable = canDisable(step.body());
        String call = "step_" + op.name() + "_" + step.name() + "(" + t.index() + ")";
        String clear = clearName(op, step);
        // A later step, or a first step that a goto returns to: the task is mid-operation at its pc.
        if (step.index() > 0 || gotoTargets(op).contains(step.index())) {
            out.add(new Option(
                    "fault == 0 && t_op[" + t.index() + "] == " + (op.index() + 1) + " && t_pc[" + t.index() + "] == "
                            + step.index(),
                    "",
                    call,
                    canDisable,
                    clear,
                    ""));
        }
        if (step.index() > 0) {
            return out;
        }
        for (List<Integer> args : tuples(op.parameters())) {
            StringBuilder sets = new StringBuilder(
                    " t_op[" + t.index() + "] = " + (op.index() + 1) + "; t_pc[" + t.index() + "] = 0;");
            for (int i = 0; i < args.size(); i++) {
                sets.append(' ')
                        .append(ExportNames.taskVar(op, op.parameters().get(i)))
                        .append("[")
                        .append(t.index())
                        .append("] = ")
                        .append(args.get(i))
                        .append(';');
            }
            out.add(new Option(
                    "fault == 0 && t_op[" + t.index() + "] == 0",
                    sets.toString(),
                    call,
                    true,
                    clear,
                    " /* " + t.name() + " starts " + op.name() + args + " */"));
        }
        return out;
    }

    /**
     * The explorer's deadlock (a task mid-operation, no step of any task enabled) as SPIN's invalid end state. The
     * transitions cannot block, since whether a step is enabled is known only by running it, so where a task is busy
     * one more option probes every transition on a copy (one {@code d_step} each, inside one {@code atomic}: the
     * probes' states are SPIN's "atomic" ones, not its nominal states) and, if none is enabled, blocks on {@code !dl_}:
     * inside the atomic and at no end label, that is SPIN's invalid end state, at the same depth whether or not
     * {@code spin -a -o3} merges statements (the jump to a label this used to take added a step without merging).
     * Otherwise the probe ends in the state it started from, as a disabled step does.
     */
    private List<String> deadlockProbe(List<Option> options) {
        List<String> busy = new ArrayList<>();
        for (Task t : spec.tasks()) {
            busy.add("t_op[" + t.index() + "] != 0");
        }
        List<String> out = new ArrayList<>();
        out.add("#if DEADLOCK_CHECK");
        out.add("    :: atomic { d_step { fault == 0 && (" + (busy.isEmpty() ? "0" : String.join(" || ", busy))
                + ") -> skip };");
        for (Option o : options) {
            out.add("           d_step { " + o.probe() + " };");
        }
        out.add("           d_step { dl_ = (en_ == 0); en_ = 0 };");
        out.add("           !dl_ }");
        out.add("#endif");
        return out;
    }

    /**
     * How much deeper than the explorer's trace SPIN reports a deadlock: one for the state before init, one for the
     * probe's guard, one per probe, then the verdict's d_step.
     */
    private static int deadlockDepth(List<Option> options) {
        return options.size() + 3;
    }

    private static List<List<Integer>> tuples(List<Var> params) {
        List<List<Integer>> tuples = new ArrayList<>();
        tuples.add(List.of());
        for (Var p : params) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : tuples) {
                int low = p.type() instanceof Type.OptionalType ? -1 : p.type().low();
                for (int v = low; v <= p.type().high(); v++) {
                    List<Integer> t = new ArrayList<>(prefix);
                    t.add(v);
                    next.add(t);
                }
            }
            tuples = next;
        }
        return tuples;
    }

    /** The step indices a {@code goto} in {@code op} jumps to. */
    private static Set<Integer> gotoTargets(Operation op) {
        Set<Integer> targets = new HashSet<>();
        op.steps()
                .forEach(step -> visit(step.body(), s -> {
                    if (s instanceof Stmt.Goto g) {
                        targets.add(g.target().index());
                    }
                }));
        return targets;
    }

    /** Whether a {@code require} or a lock anywhere in {@code body} may disable the step. */
    private static boolean canDisable(List<Stmt> body) {
        boolean[] can = {false};
        visit(body, s -> can[0] |= s instanceof Stmt.Require || s instanceof Stmt.LockStmt);
        return can[0];
    }

    /** Every statement of {@code body}, nested ones included. */
    private static void visit(List<Stmt> body, java.util.function.Consumer<Stmt> visitor) {
        for (Stmt s : body) {
            visitor.accept(s);
            if (s instanceof Stmt.If i) {
                visit(i.then(), visitor);
                visit(i.otherwise(), visitor);
            } else if (s instanceof Stmt.For f) {
                visit(f.body(), visitor);
            } else if (s instanceof Stmt.Choose c) {
                visit(c.then(), visitor);
                visit(c.otherwise(), visitor);
            }
        }
    }

    private String fail(String message) {
        int code = faults.computeIfAbsent(message, m -> faults.size() + 1);
        return "ctl = " + ERR + "; fault = " + code;
    }

    private String temp(String base) {
        String n = base + "_" + fresh.merge(base, 1, Integer::sum);
        hidden.add(n);
        touched.add(n);
        return n;
    }

    /**
     * Statements in sequence: after one that can stop the step (disable it, end it, fail), the rest runs only while
     * {@code ctl} says the step goes on.
     */
    private void block(List<Stmt> body, List<String> out, String indent, boolean init, Set<Var> allocated) {
        for (int i = 0; i < body.size(); i++) {
            Stmt st = body.get(i);
            statement(st, out, indent, init, allocated);
            if (i < body.size() - 1) {
                if (st instanceof Stmt.Return || st instanceof Stmt.Outcome || st instanceof Stmt.Goto) {
                    return;
                }
                out.add(indent + "if :: ctl == " + RUN + " ->");
                block(body.subList(i + 1, body.size()), out, indent + "    ", init, allocated);
                out.add(indent + ":: else -> skip");
                out.add(indent + "fi;");
                return;
            }
        }
    }

    private void statement(Stmt st, List<String> out, String in, boolean init, Set<Var> allocated) {
        if (st instanceof Stmt.LockStmt l) {
            Lock lock = l.lock().lock();
            String e = temp("e");
            boolean read = l.lock().mode() == LockMode.READ;
            out.add(in + e + " = " + expr.lockElement(lock, l.lock().index()) + ";");
            out.add(in + "if");
            out.add(in + ":: " + holds(lock, "t", e, true) + " -> "
                    + fail(lock.name() + " taken while this task already holds it (self-deadlock)"));
            List<String> against = new ArrayList<>();
            if (!lock.after().isEmpty()) {
                against.add(heldAfter(lock));
            }
            if (lock.orderedByIndex()) { // order L by index: an instance above e is held
                for (int o = 1; o < lock.instances(); o++) {
                    against.add("(" + e + " < " + o + " && " + holds(lock, "t", Integer.toString(o), true) + ")");
                }
            }
            if (!against.isEmpty()) {
                out.add(in + ":: else -> if :: " + String.join(" || ", against) + " -> "
                        + fail(lock.name() + " taken against the lock order") + " :: else -> skip fi");
            } else {
                out.add(in + ":: else -> skip");
            }
            out.add(in + "fi;");
            out.add(in + "if :: ctl == " + RUN + " && !" + free(lock, e, read) + " -> ctl = " + DIS + " :: ctl == "
                    + RUN + " -> " + take(lock, e, read) + " :: else -> skip fi;");
        } else if (st instanceof Stmt.UnlockStmt u) {
            Lock lock = u.lock().lock();
            String e = temp("e");
            String fail = fail(lock.name() + " released by a task that does not hold it");
            out.add(in + e + " = " + expr.lockElement(lock, u.lock().index()) + ";");
            if (u.lock().mode() == LockMode.READ) {
                String r = ExportNames.readers(lock) + "[" + e + "]";
                out.add(in + "if :: (" + r + " & (1 << t)) == 0 -> " + fail + " :: else -> " + r + " = " + r
                        + " & ~(1 << t) fi;");
            } else {
                String o = ExportNames.owner(lock) + "[" + e + "]";
                out.add(in + "if :: " + o + " != t + 1 -> " + fail + " :: else -> " + o + " = 0 fi;");
            }
        } else if (st instanceof Stmt.Require r) {
            out.add(in + "if :: " + expr.bool(r.condition()) + " -> skip :: else -> ctl = " + DIS + " fi;");
        } else if (st instanceof Stmt.Assert a) {
            out.add(in + "if :: " + expr.bool(a.condition()) + " -> skip :: else -> "
                    + fail("assertion failed: " + a.message()) + " fi;");
        } else if (st instanceof Stmt.If i) {
            ifStatement(i, out, in, init, allocated);
        } else if (st instanceof Stmt.Assign a) {
            assign(a, out, in, init, allocated);
        } else if (st instanceof Stmt.AssignRecord a) {
            assignRecord(a, out, in, init, allocated);
        } else if (st instanceof Stmt.Let l) {
            hidden.add(names.scoped(l.variable()));
            touched.add(names.scoped(l.variable()));
            checked(
                    l.value(),
                    l.variable().type(),
                    l.variable().name(),
                    out,
                    in,
                    x -> names.scoped(l.variable()) + " = " + x);
        } else if (st instanceof Stmt.Return || st instanceof Stmt.Outcome) {
            out.add(in + "ctl = " + END + ";");
        } else if (st instanceof Stmt.Goto g) {
            out.add(in + "ctl = " + GOTO + "; npc = " + g.target().index() + ";");
        } else if (st instanceof Stmt.For f) {
            for (int v = f.domain().low(); v <= f.domain().high(); v++) {
                expr.bind(f.binder(), v);
                out.add(in + "/* " + f.binder().name() + " = " + v + " */");
                out.add(in + "if :: ctl == " + RUN + (f.where() == null ? "" : " && " + expr.bool(f.where())) + " ->");
                block(f.body(), out, in + "    ", init, allocated);
                out.add(in + ":: else -> skip");
                out.add(in + "fi;");
            }
            expr.unbind(f.binder());
        } else if (st instanceof Stmt.Choose c) {
            choose(c, out, in, init, allocated);
        } else {
            throw new AssertionError("unknown statement: " + st);
        }
    }

    private void ifStatement(Stmt.If written, List<String> out, String in, boolean init, Set<Var> allocated) {
        Stmt.If i = ExportNames.positiveTrylock(written);
        List<Expr> conjuncts = ExportNames.conjuncts(i.condition());
        String test;
        if (conjuncts.get(conjuncts.size() - 1) instanceof Expr.TryLock tl) {
            // trylock, the last conjunct: evaluated, and the lock taken, only if the others hold.
            Lock lock = tl.lock().lock();
            boolean read = tl.lock().mode() == LockMode.READ;
            String e = temp("e");
            String ok = temp("ok");
            List<String> before = conjuncts.subList(0, conjuncts.size() - 1).stream()
                    .map(expr::bool)
                    .toList();
            out.add(in + ok + " = 0;");
            out.add(in + "if :: " + (before.isEmpty() ? "1" : String.join(" && ", before)) + " ->");
            out.add(in + "    " + e + " = " + expr.lockElement(lock, tl.lock().index()) + ";");
            out.add(in + "    if :: !" + holds(lock, "t", e, true) + " && " + free(lock, e, read) + " -> "
                    + take(lock, e, read) + "; " + ok + " = 1 :: else -> skip fi");
            out.add(in + ":: else -> skip");
            out.add(in + "fi;");
            test = ok + " != 0";
        } else {
            test = expr.bool(i.condition());
        }
        out.add(in + "if");
        out.add(in + ":: " + test + " ->");
        out.add(in + "    skip;");
        block(i.then(), out, in + "    ", init, allocated);
        out.add(in + ":: else ->");
        out.add(in + "    skip;");
        block(i.otherwise(), out, in + "    ", init, allocated);
        out.add(in + "fi;");
    }

    private void choose(Stmt.Choose c, List<String> out, String in, boolean init, Set<Var> allocated) {
        String found = temp("found");
        String b = names.scoped(c.binder());
        hidden.add(b);
        touched.add(b);
        out.add(in + found + " = 0;");
        for (int v = c.domain().low(); v <= c.domain().high(); v++) {
            expr.bind(c.binder(), v);
            String where = c.where() == null ? "1" : expr.bool(c.where());
            out.add(in + "if :: !" + found + " && " + where + " -> " + found + " = 1; " + b + " = " + v
                    + " :: else -> skip fi;");
        }
        expr.unbind(c.binder());
        Set<Var> inner = allocated;
        if (c.alloc()) {
            inner = new HashSet<>(allocated);
            inner.add(c.binder());
        }
        out.add(in + "if");
        out.add(in + ":: " + found + " ->");
        out.add(in + "    skip;");
        block(c.then(), out, in + "    ", init, inner);
        out.add(in + ":: else ->");
        out.add(in + "    skip;");
        block(c.otherwise(), out, in + "    ", init, allocated);
        out.add(in + "fi;");
    }

    private void assign(Stmt.Assign a, List<String> out, String in, boolean init, Set<Var> allocated) {
        if (a.target() instanceof LValue.LocalTarget local) {
            Var v = local.local();
            checked(a.value(), v.type(), v.name(), out, in, x -> ExportNames.taskVar(expr.owner(v), v) + "[t] = " + x);
            return;
        }
        LValue.StateTarget t = (LValue.StateTarget) a.target();
        Type type = t.field() == null
                ? t.state().type()
                : t.state().record().field(t.field()).type();
        String e = target(t, Set.of(t.field() == null ? "" : t.field()), t.field() == null, out, in, init, allocated);
        String what = t.state().name() + (t.field() == null ? "" : "." + t.field());
        out.add(in + "if :: ctl == " + RUN + " ->");
        checked(
                a.value(),
                type,
                what,
                out,
                in + "    ",
                x -> PromelaExpressions.array(t.state(), t.field()) + "[" + e + "] = " + x);
        out.add(in + ":: else -> skip");
        out.add(in + "fi;");
    }

    private void assignRecord(Stmt.AssignRecord a, List<String> out, String in, boolean init, Set<Var> allocated) {
        LValue.StateTarget t = a.target();
        RecordDecl rec = t.state().record();
        Set<String> fields = new HashSet<>();
        rec.fields().forEach(f -> fields.add(f.name()));
        String e = target(t, fields, true, out, in, init, allocated);
        List<String> temps = new ArrayList<>();
        String inner = in;
        // Every value evaluated and checked before any field is written: a value may read the element itself.
        for (int i = 0; i < rec.fields().size(); i++) {
            RecordDecl.Field f = rec.fields().get(i);
            String x = temp("r");
            temps.add(x);
            out.add(inner + "if :: ctl == " + RUN + " ->");
            checked(
                    a.values().get(i),
                    f.type(),
                    t.state().name() + "." + f.name(),
                    out,
                    inner + "    ",
                    v -> x + " = " + v);
            out.add(inner + ":: else -> skip");
            out.add(inner + "fi;");
        }
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < rec.fields().size(); i++) {
            writes.add(
                    PromelaExpressions.array(t.state(), rec.fields().get(i).name()) + "[" + e + "] = " + temps.get(i));
        }
        out.add(in + "if :: ctl == " + RUN + " -> " + String.join("; ", writes) + " :: else -> skip fi;");
    }

    /** The element of a state target into a temporary, its indices checked, then the guards of the written fields. */
    private String target(
            LValue.StateTarget t,
            Set<String> fields,
            boolean whole,
            List<String> out,
            String in,
            boolean init,
            Set<Var> allocated) {
        String e = temp("e");
        List<String> checks = new ArrayList<>();
        for (int d = 0; d < t.indices().size(); d++) {
            Domain dom = t.state().dimensions().get(d);
            Expr index = t.indices().get(d);
            if (ExportNames.indexFits(index, dom)) {
                continue; // its type keeps it inside the domain: a test that cannot fail only lengthens the d_step
            }
            String idx = expr.integer(index);
            checks.add(idx + " < " + lit(dom.low()) + " || " + idx + " > " + dom.high());
        }
        if (!checks.isEmpty()) {
            out.add(in + "if :: " + String.join(" || ", checks) + " -> "
                    + fail("index of " + t.state().name() + " out of range") + " :: else -> " + e + " = "
                    + expr.element(t.state(), t.indices()) + " fi;");
        } else {
            out.add(in + e + " = " + (t.indices().isEmpty() ? "0" : expr.element(t.state(), t.indices())) + ";");
        }
        if (init) {
            return e;
        }
        for (Guard g : spec.guards()) {
            boolean covers = g.state() == t.state() && (g.field() == null || whole || fields.contains(g.field()));
            if (!covers) {
                continue;
            }
            // guard X by L[C]: every write needs that one instance (a constant index, not the target's).
            Expr lockIndex = g.hasFixedInstance()
                    ? new Expr.IntLit(
                            g.fixedInstance(), new Type.DomainType(g.lock().domain()), g.span())
                    : g.lockIndexDimension() < 0 ? null : t.indices().get(g.lockIndexDimension());
            if (lockIndex instanceof Expr.VarRead vr && allocated.contains(vr.variable())) {
                continue; // a freshly allocated object is private until it is published
            }
            String le = temp("g");
            out.add(in + "if :: ctl == " + RUN + " -> " + le + " = " + expr.lockElement(g.lock(), lockIndex)
                    + "; if :: !"
                    + holds(g.lock(), "t", le, g.mode() == LockMode.READ) + " -> "
                    + fail(t.state().name() + " written without holding "
                            + g.lock().name()) + " :: else -> skip fi :: else -> skip fi;");
        }
        return e;
    }

    private void checked(
            Expr value,
            Type target,
            String what,
            List<String> out,
            String in,
            java.util.function.Function<String, String> use) {
        if (target instanceof Type.BoolType || ValueFit.alwaysFits(value, target)) {
            // No range test can fail (the rule the Java model and the TLA+ export use): none, and no temporary.
            out.add(in + use.apply(expr.integer(value)) + ";");
            return;
        }
        String x = temp("x");
        out.add(in + x + " = " + expr.integer(value) + ";");
        String test;
        if (target instanceof Type.DomainType && value.type() instanceof Type.OptionalType) {
            test = x + " == -1";
        } else {
            int low = target instanceof Type.OptionalType ? -1 : target.low();
            test = x + " < " + lit(low) + " || " + x + " > " + target.high();
        }
        out.add(in + "if :: " + test + " -> " + fail("value out of range for " + what) + " :: else -> " + use.apply(x)
                + " fi;");
    }

    private static String lit(int v) {
        return v < 0 ? "(" + v + ")" : Integer.toString(v);
    }

    private static String holds(Lock lock, String t, String e, boolean read) {
        String owner = ExportNames.owner(lock) + "[" + e + "] == " + t + " + 1";
        return lock.kind() == LockKind.RWSEM && read
                ? "(" + owner + " || (" + ExportNames.readers(lock) + "[" + e + "] & (1 << " + t + ")) != 0)"
                : "(" + owner + ")";
    }

    private static String free(Lock lock, String e, boolean read) {
        String owner = ExportNames.owner(lock) + "[" + e + "] == 0";
        return lock.kind() == LockKind.RWSEM && !read
                ? "(" + owner + " && " + ExportNames.readers(lock) + "[" + e + "] == 0)"
                : "(" + owner + ")";
    }

    private static String take(Lock lock, String e, boolean read) {
        if (lock.kind() == LockKind.RWSEM && read) {
            String r = ExportNames.readers(lock) + "[" + e + "]";
            return r + " = " + r + " | (1 << t)";
        }
        return ExportNames.owner(lock) + "[" + e + "] = t + 1";
    }

    private String holdsAny(Lock lock, String t) {
        List<String> any = new ArrayList<>();
        for (int i = 0; i < lock.instances(); i++) {
            any.add(holds(lock, t, Integer.toString(i), true));
        }
        return "(" + String.join(" || ", any) + ")";
    }

    private String holdsAnyLock(String t) {
        List<String> any = new ArrayList<>();
        spec.locks().forEach(l -> any.add(holdsAny(l, t)));
        return any.isEmpty() ? "0" : "(" + String.join(" || ", any) + ")";
    }

    /**
     * Whether task t holds a lock the order puts after {@code lock} (an unrelated one is only warned about, MM0303).
     */
    private String heldAfter(Lock lock) {
        List<String> any = new ArrayList<>();
        for (Lock l : spec.locks()) {
            if (lock.after().contains(l.name())) {
                any.add(holdsAny(l, "t"));
            }
        }
        return "(" + String.join(" || ", any) + ")";
    }

    private static String comment(String s) {
        return TlaExporter.comment(s).replace("*/", "* /");
    }
}
