package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Translates a checked spec to a TLA+ module and its TLC configuration: one action per step (the first step of an
 * operation is also its start action, as in the generated model, where starting an operation runs its first step), the
 * domains as constant definitions, each fix as a CONSTANT, each invariant (its {@code when} honoured) as an INVARIANT,
 * and the explorer's two other violations as invariants too: {@code NoModelError} and {@code NoDeadlock}.
 *
 * <p>A step's statements run on a <em>machine record</em> holding every variable plus {@code ctl} (run, end, goto, dis,
 * err): each statement maps one record to the next, so a {@code require} or busy lock anywhere in the step disables the
 * whole action ({@code ctl = "dis"}), as the Java model discards a half-written successor. A model error (range, lock
 * order, guard, assert) leads to a state with {@code fault} set, which {@code NoModelError} rejects and from which
 * nothing runs.
 */
public final class TlaExporter {
    private final Spec spec;
    private final ExportNames names = new ExportNames();
    private final TlaExpressions expr;
    private final List<String> out = new ArrayList<>();
    /** From 1: {@code m0} is every step body's parameter, and a LET of m0 inside it would redefine it (TLC refuses). */
    private int fresh = 1;

    public TlaExporter(Spec spec) {
        this.spec = spec;
        this.expr = new TlaExpressions(spec, names);
    }

    /** @return the module's name: the spec's (its file must be called {@code <name>.tla}). */
    public String moduleName() {
        return spec.name();
    }

    /** @return the TLC configuration: every fix on unless named in {@code fixesOff}. */
    public String config(Set<String> fixesOff) {
        StringBuilder c = new StringBuilder("\\* TLC configuration of " + spec.name() + ", exported by mmspec.\n");
        for (Fix f : spec.fixes()) {
            c.append("CONSTANT ")
                    .append(ExportNames.fix(f.name()))
                    .append(" = ")
                    .append(fixesOff.contains(f.name()) ? "FALSE" : "TRUE")
                    .append('\n');
        }
        c.append("INIT Init\nNEXT Next\n");
        for (Invariant inv : spec.invariants()) {
            c.append("INVARIANT Inv_").append(inv.name()).append('\n');
        }
        c.append("INVARIANT NoModelError\nINVARIANT NoDeadlock\n");
        return c.toString();
    }

    public String module() {
        out.clear();
        line("---------------------------- MODULE " + spec.name() + " ----------------------------");
        line("\\* Exported by mmspec from " + spec.sourcePath() + ". Do not edit: change the spec and export again.");
        line("\\* " + comment(spec.title()));
        line("EXTENDS Integers, FiniteSets");
        line("");
        if (!spec.fixes().isEmpty()) {
            line("\\* Each fix: TRUE is the fixed kernel, FALSE the kernel before the fix.");
            line("CONSTANTS "
                    + String.join(
                            ", ",
                            spec.fixes().stream()
                                    .map(f -> ExportNames.fix(f.name()))
                                    .toList()));
            line("ASSUME "
                    + String.join(
                            " /\\ ",
                            spec.fixes().stream()
                                    .map(f -> ExportNames.fix(f.name()) + " \\in BOOLEAN")
                                    .toList()));
            line("");
        }
        line("\\* The bounds of the spec. Loops over them are unrolled: change the spec and export again.");
        for (Domain d : spec.domains()) {
            line("D_" + d.name() + " == " + d.low() + ".." + d.high());
        }
        line("Task == 0.." + (spec.tasks().size() - 1) + "   \\* "
                + comment(String.join(
                        ", ",
                        spec.tasks().stream()
                                .map(t -> t.index() + " " + t.name())
                                .toList())));
        for (EnumDecl e : spec.enums()) {
            List<String> lits = new ArrayList<>();
            for (int i = 0; i < e.literals().size(); i++) {
                lits.add(i + " " + e.literals().get(i));
            }
            line("\\* enum " + e.name() + ": " + comment(String.join(", ", lits)));
        }
        if (!spec.symmetries().isEmpty() || !spec.symmetricDomains().isEmpty()) {
            line("\\* The spec declares symmetry; TLC explores every state here (no SYMMETRY: the values are "
                    + "integers).");
        }
        line("");
        line("Min(S) == CHOOSE x \\in S : \\A y \\in S : x =< y");
        line("TDiv(a, b) == IF (a >= 0) = (b >= 0) THEN (IF a >= 0 THEN a ELSE -a) \\div (IF b >= 0 THEN b ELSE -b)");
        line("              ELSE -((IF a >= 0 THEN a ELSE -a) \\div (IF b >= 0 THEN b ELSE -b))");
        line("TMod(a, b) == a - b * TDiv(a, b)   \\* Java's % and /: truncated, not floored");
        line("");
        List<String> vars = variables();
        line("VARIABLES " + String.join(", ", vars) + ", fault");
        line("vars == <<" + String.join(", ", vars) + ", fault>>");
        line("Now == ["
                + String.join(", ", vars.stream().map(v -> v + " |-> " + v).toList())
                + ", ctl |-> \"run\", npc |-> 0, fault |-> fault]");
        line("Stop(m, c) == [m EXCEPT !.ctl = c]");
        line("Fail(m, msg) == [m EXCEPT !.ctl = \"err\", !.fault = msg]");
        line("Commit(r) == "
                + String.join(" /\\ ", vars.stream().map(v -> v + "' = r." + v).toList()) + " /\\ fault' = r.fault");
        line("");
        lockOperators();
        init(vars);
        for (Operation op : spec.operations()) {
            finish(op);
            for (Step step : op.steps()) {
                step(op, step);
            }
        }
        next();
        for (Invariant inv : spec.invariants()) {
            line("\\* " + spec.sourcePath() + ":" + inv.span().line() + ": " + comment(inv.description()));
            String body = expr.bool(inv.body(), null);
            line("Inv_" + inv.name() + " == "
                    + (inv.when() == null ? body : expr.bool(inv.when(), null) + " => " + body));
        }
        line("NoModelError == fault = \"\"");
        line("\\* The explorer's deadlock: a task is in the middle of an operation and no step can run.");
        // Not ENABLED Next: under ENABLED, TLC re-evaluates every LET of a step at each use.
        line("NoDeadlock == (fault = \"\" /\\ \\E t \\in Task : t_op[t] # 0) => \\E t \\in Task : CanMove(t)");
        line("=============================================================================");
        return String.join("\n", out) + "\n";
    }

    private List<String> variables() {
        List<String> vars = new ArrayList<>();
        spec.state().forEach(v -> vars.add(ExportNames.state(v)));
        for (Lock l : spec.locks()) {
            vars.add(ExportNames.owner(l));
            if (l.kind() == LockKind.RWSEM) {
                vars.add(ExportNames.readers(l));
            }
        }
        vars.add("t_op");
        vars.add("t_pc");
        for (Operation op : spec.operations()) {
            ExportNames.taskVars(op).forEach(v -> vars.add(ExportNames.taskVar(op, v)));
        }
        return vars;
    }

    private void lockOperators() {
        for (Lock l : spec.locks()) {
            String o = ExportNames.owner(l);
            String r = ExportNames.readers(l);
            boolean rw = l.kind() == LockKind.RWSEM;
            line("\\* lock " + l.name() + ": " + l.kind().spelling() + ", " + l.instances()
                    + " instance(s); owner task + 1, 0 free" + (rw ? "; readers a set of tasks" : ""));
            line("Holds_" + l.name() + "(m, t, e, read) == m." + o + "[e] = t + 1"
                    + (rw ? " \\/ (read /\\ t \\in m." + r + "[e])" : ""));
            line("HoldsAny_" + l.name() + "(m, t) == \\E e \\in 0.." + (l.instances() - 1) + " : Holds_" + l.name()
                    + "(m, t, e, TRUE)");
            line("Free_" + l.name() + "(m, e, read) == m." + o + "[e] = 0"
                    + (rw ? " /\\ (read \\/ m." + r + "[e] = {})" : ""));
            line("Take_" + l.name() + "(m, t, e, read) == "
                    + (rw
                            ? "IF read THEN [m EXCEPT !." + r + "[e] = @ \\cup {t}] ELSE [m EXCEPT !." + o
                                    + "[e] = t + 1]"
                            : "[m EXCEPT !." + o + "[e] = t + 1]"));
        }
        List<String> any = new ArrayList<>();
        spec.locks().forEach(l -> any.add("HoldsAny_" + l.name() + "(m, t)"));
        line("HoldsAnyLock(m, t) == " + (any.isEmpty() ? "FALSE" : String.join(" \\/ ", any)));
        line("");
    }

    private void init(List<String> vars) {
        List<String> fields = new ArrayList<>();
        for (StateVar v : spec.state()) {
            String value;
            if (v.isRecord()) {
                List<String> fs = new ArrayList<>();
                for (RecordDecl.Field f : v.record().fields()) {
                    fs.add("f_" + f.name() + " |-> " + literal(f.type(), f.initial()));
                }
                value = "[" + String.join(", ", fs) + "]";
            } else {
                value = literal(v.type(), v.initial());
            }
            fields.add(
                    ExportNames.state(v) + " |-> [e \\in 0.." + (ExportNames.elements(v) - 1) + " |-> " + value + "]");
        }
        for (Lock l : spec.locks()) {
            fields.add(ExportNames.owner(l) + " |-> [e \\in 0.." + (l.instances() - 1) + " |-> 0]");
            if (l.kind() == LockKind.RWSEM) {
                fields.add(ExportNames.readers(l) + " |-> [e \\in 0.." + (l.instances() - 1) + " |-> {}]");
            }
        }
        fields.add("t_op |-> [t \\in Task |-> 0]");
        fields.add("t_pc |-> [t \\in Task |-> 0]");
        for (Operation op : spec.operations()) {
            for (Var v : ExportNames.taskVars(op)) {
                fields.add(ExportNames.taskVar(op, v) + " |-> [t \\in Task |-> " + defaultLiteral(v.type()) + "]");
            }
        }
        line("Start0 == [" + String.join(", ", fields) + ", ctl |-> \"run\", npc |-> 0, fault |-> \"\"]");
        line("InitBody(t) ==");
        line("    " + block(spec.init(), 0, "Start0", new Ctx(true, Set.of())));
        line("Init == LET r == InitBody(-1) IN "
                + String.join(" /\\ ", vars.stream().map(v -> v + " = r." + v).toList()) + " /\\ fault = r.fault");
        line("");
    }

    private void finish(Operation op) {
        List<String> resets = new ArrayList<>(List.of("!.t_op[t] = 0", "!.t_pc[t] = 0", "!.ctl = \"run\""));
        for (Var v : ExportNames.taskVars(op)) {
            resets.add("!." + ExportNames.taskVar(op, v) + "[t] = " + defaultLiteral(v.type()));
        }
        line("\\* " + op.name() + " ends: nothing of it stays in the state, so idle tasks look alike.");
        line("Finish_" + op.name() + "(t, r) == IF HoldsAnyLock(r, t) THEN Fail(r, \"operation " + op.name()
                + " ended holding a lock\") ELSE [r EXCEPT " + String.join(", ", resets) + "]");
    }

    private void step(Operation op, Step step) {
        String b = "Body_" + op.name() + "_" + step.name();
        boolean last = step.index() == op.steps().size() - 1;
        line("\\* " + spec.sourcePath() + ":" + step.span().line() + ": step " + step.label());
        line(b + "(t, m0) ==");
        line("    " + block(step.body(), 0, "m0", new Ctx(false, Set.of())));
        String normal = last ? "Finish_" + op.name() + "(t, r)" : "[r EXCEPT !.t_pc[t] = " + (step.index() + 1) + "]";
        line("End_" + op.name() + "_" + step.name() + "(t, m0) == LET r == " + b + "(t, m0) IN");
        line("    IF r.ctl = \"run\" THEN " + normal);
        line("    ELSE IF r.ctl = \"goto\" THEN [r EXCEPT !.t_pc[t] = r.npc, !.ctl = \"run\"]");
        line("    ELSE IF r.ctl = \"end\" THEN Finish_" + op.name() + "(t, r)");
        line("    ELSE r");
        String end = "End_" + op.name() + "_" + step.name();
        line("Step_" + op.name() + "_" + step.name() + "(t) == t_op[t] = " + (op.index() + 1) + " /\\ t_pc[t] = "
                + step.index() + " /\\ LET r == " + end + "(t, Now) IN r.ctl # \"dis\" /\\ Commit(r)");
        if (step.index() == 0) {
            List<String> params = new ArrayList<>(List.of("t"));
            List<String> sets = new ArrayList<>(List.of("!.t_op[t] = " + (op.index() + 1), "!.t_pc[t] = 0"));
            for (Var p : op.parameters()) {
                String n = "p_" + p.name();
                params.add(n);
                sets.add("!." + ExportNames.taskVar(op, p) + "[t] = " + n);
            }
            line("\\* starting " + op.name() + " runs its first step, in one transition");
            line("Start_" + op.name() + "(" + String.join(", ", params) + ") == t_op[t] = 0 /\\ LET r == " + end
                    + "(t, [Now EXCEPT " + String.join(", ", sets) + "]) IN r.ctl # \"dis\" /\\ Commit(r)");
        }
        line("");
    }

    private void next() {
        List<String> disjuncts = new ArrayList<>();
        for (Operation op : spec.operations()) {
            List<Integer> tasks = spec.tasks().stream()
                    .filter(t -> t.operations().contains(op))
                    .map(Task::index)
                    .toList();
            if (tasks.isEmpty()) {
                continue;
            }
            String ts =
                    "{" + String.join(", ", tasks.stream().map(String::valueOf).toList()) + "}";
            StringBuilder start = new StringBuilder("\\E t \\in " + ts + " : ");
            List<String> args = new ArrayList<>(List.of("t"));
            for (Var p : op.parameters()) {
                start.append("\\E p_")
                        .append(p.name())
                        .append(" \\in ")
                        .append(values(p.type()))
                        .append(" : ");
                args.add("p_" + p.name());
            }
            start.append("Start_")
                    .append(op.name())
                    .append("(")
                    .append(String.join(", ", args))
                    .append(")");
            disjuncts.add(start.toString());
            for (Step s : op.steps()) {
                disjuncts.add("\\E t \\in " + ts + " : Step_" + op.name() + "_" + s.name() + "(t)");
            }
        }
        canMove();
        line("Next == fault = \"\" /\\");
        if (disjuncts.isEmpty()) {
            line("    FALSE");
        }
        for (String d : disjuncts) {
            line("    \\/ " + d);
        }
        line("Spec == Init /\\ [][Next]_vars");
        line("");
    }

    /** Whether task t can take a step in the current state: the explorer's deadlock check, without ENABLED. */
    private void canMove() {
        List<String> starts = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (Operation op : spec.operations()) {
            List<Integer> tasks = spec.tasks().stream()
                    .filter(t -> t.operations().contains(op))
                    .map(Task::index)
                    .toList();
            if (tasks.isEmpty()) {
                continue;
            }
            String ts =
                    "{" + String.join(", ", tasks.stream().map(String::valueOf).toList()) + "}";
            StringBuilder start = new StringBuilder("(t \\in " + ts + " /\\ ");
            List<String> sets = new ArrayList<>(List.of("!.t_op[t] = " + (op.index() + 1), "!.t_pc[t] = 0"));
            for (Var p : op.parameters()) {
                start.append("\\E p_")
                        .append(p.name())
                        .append(" \\in ")
                        .append(values(p.type()))
                        .append(" : ");
                sets.add("!." + ExportNames.taskVar(op, p) + "[t] = p_" + p.name());
            }
            Step first = op.steps().get(0);
            start.append("End_")
                    .append(op.name())
                    .append("_")
                    .append(first.name())
                    .append("(t, [Now EXCEPT ")
                    .append(String.join(", ", sets))
                    .append("]).ctl # \"dis\")");
            starts.add(start.toString());
            for (Step s : op.steps()) {
                steps.add("(t_op[t] = " + (op.index() + 1) + " /\\ t_pc[t] = " + s.index() + " /\\ End_" + op.name()
                        + "_" + s.name() + "(t, Now).ctl # \"dis\")");
            }
        }
        line("CanMove(t) == IF t_op[t] = 0 THEN " + (starts.isEmpty() ? "FALSE" : String.join(" \\/ ", starts))
                + " ELSE " + (steps.isEmpty() ? "FALSE" : String.join(" \\/ ", steps)));
    }

    private static String values(Type t) {
        if (t instanceof Type.BoolType) {
            return "BOOLEAN";
        }
        if (t instanceof Type.OptionalType o) {
            return "({-1} \\cup " + TlaExpressions.range(o.domain()) + ")";
        }
        return t.low() + ".." + t.high();
    }

    /** Whether the statements are in init (no lock or guard checks) and which binders are fresh allocations. */
    private record Ctx(boolean init, Set<Var> allocated) {
        Ctx alloc(Var v) {
            Set<Var> more = new java.util.HashSet<>(allocated);
            more.add(v);
            return new Ctx(init, more);
        }
    }

    private String freshName(String base) {
        return base + (fresh++);
    }

    /** The record after statements {@code i..} of {@code body} run on record {@code m}. */
    private String block(List<dev.mmspec.generator.ir.Stmt> body, int i, String m, Ctx ctx) {
        if (i == body.size()) {
            return m;
        }
        dev.mmspec.generator.ir.Stmt st = body.get(i);
        if (st instanceof dev.mmspec.generator.ir.Stmt.Let l) {
            String n = names.scoped(l.variable());
            return checked(
                    l.value(),
                    l.variable().type(),
                    l.variable().name(),
                    m,
                    v -> "LET " + n + " == " + v + " IN " + block(body, i + 1, m, ctx));
        }
        String one = statement(st, m, ctx);
        if (i == body.size() - 1
                || st instanceof dev.mmspec.generator.ir.Stmt.Return
                || st instanceof dev.mmspec.generator.ir.Stmt.Outcome
                || st instanceof dev.mmspec.generator.ir.Stmt.Goto) {
            return one;
        }
        String next = freshName("m");
        return "(LET " + next + " == " + one + " IN IF " + next + ".ctl # \"run\" THEN " + next + " ELSE "
                + block(body, i + 1, next, ctx) + ")";
    }

    private String statement(dev.mmspec.generator.ir.Stmt st, String m, Ctx ctx) {
        if (st instanceof dev.mmspec.generator.ir.Stmt.LockStmt l) {
            Lock lock = l.lock().lock();
            String e = expr.lockElement(lock, l.lock().index(), m);
            String read = l.lock().mode() == dev.mmspec.generator.lang.LockMode.READ ? "TRUE" : "FALSE";
            List<String> against = new ArrayList<>();
            for (String later :
                    lock.after()) { // a lock the order puts after this one is held; an unrelated one is no fault
                // (MM0303)
                against.add("HoldsAny_" + later + "(" + m + ", t)");
            }
            if (lock.orderedByIndex()) { // order L by index: an instance above e is held
                against.add("(\\E o \\in (e + 1).." + (lock.instances() - 1) + " : Holds_" + lock.name() + "(" + m
                        + ", t, o, TRUE))");
            }
            String order = against.isEmpty()
                    ? ""
                    : "ELSE IF " + String.join(" \\/ ", against) + " THEN Fail(" + m + ", "
                            + quote(lock.name() + " taken against the lock order") + ") ";
            return "(LET e == " + e + " IN IF Holds_" + lock.name() + "(" + m + ", t, e, TRUE) THEN Fail(" + m + ", "
                    + quote(lock.name() + " taken while this task already holds it (self-deadlock)") + ") " + order
                    + "ELSE IF ~Free_" + lock.name() + "(" + m + ", e, " + read + ") THEN Stop(" + m
                    + ", \"dis\") ELSE Take_"
                    + lock.name() + "(" + m + ", t, e, " + read + "))";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.UnlockStmt u) {
            Lock lock = u.lock().lock();
            String e = expr.lockElement(lock, u.lock().index(), m);
            String fail = "Fail(" + m + ", " + quote(lock.name() + " released by a task that does not hold it") + ")";
            String o = m + "." + ExportNames.owner(lock);
            if (u.lock().mode() == dev.mmspec.generator.lang.LockMode.READ) {
                String r = m + "." + ExportNames.readers(lock);
                return "(LET e == " + e + " IN IF t \\notin " + r + "[e] THEN " + fail + " ELSE [" + m + " EXCEPT !."
                        + ExportNames.readers(lock) + "[e] = @ \\ {t}])";
            }
            return "(LET e == " + e + " IN IF " + o + "[e] # t + 1 THEN " + fail + " ELSE [" + m + " EXCEPT !."
                    + ExportNames.owner(lock) + "[e] = 0])";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Require r) {
            return "(IF " + expr.bool(r.condition(), m) + " THEN " + m + " ELSE Stop(" + m + ", \"dis\"))";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Assert a) {
            return "(IF " + expr.bool(a.condition(), m) + " THEN " + m + " ELSE Fail(" + m + ", "
                    + quote("assertion failed: " + a.message()) + "))";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.If i) {
            return ifStatement(i, m, ctx);
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Assign a) {
            return assign(a, m, ctx);
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.AssignRecord a) {
            return assignRecord(a, m, ctx);
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Return || st instanceof dev.mmspec.generator.ir.Stmt.Outcome) {
            return "Stop(" + m + ", \"end\")";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Goto g) {
            return "[" + m + " EXCEPT !.ctl = \"goto\", !.npc = " + g.target().index() + "]";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.For f) {
            return forLoop(f, f.domain().low(), m, ctx);
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Choose c) {
            return choose(c, m, ctx);
        }
        throw new AssertionError("unknown statement: " + st);
    }

    private String ifStatement(dev.mmspec.generator.ir.Stmt.If written, String m, Ctx ctx) {
        dev.mmspec.generator.ir.Stmt.If i = ExportNames.positiveTrylock(written);
        String otherwise = block(i.otherwise(), 0, m, ctx);
        List<Expr> conjuncts = ExportNames.conjuncts(i.condition());
        Expr last = conjuncts.get(conjuncts.size() - 1);
        if (!(last instanceof Expr.TryLock tl)) {
            return "(IF " + expr.bool(i.condition(), m) + " THEN " + block(i.then(), 0, m, ctx) + " ELSE " + otherwise
                    + ")";
        }
        // trylock, the last conjunct (the checker allows it nowhere else): it takes the lock when it succeeds.
        Lock lock = tl.lock().lock();
        String read = tl.lock().mode() == dev.mmspec.generator.lang.LockMode.READ ? "TRUE" : "FALSE";
        String e = freshName("e");
        String taken = freshName("m");
        String attempt = "(LET " + e + " == " + expr.lockElement(lock, tl.lock().index(), m) + " IN IF Holds_"
                + lock.name() + "(" + m + ", t, "
                + e + ", TRUE) \\/ ~Free_" + lock.name() + "(" + m + ", " + e + ", " + read + ") THEN " + otherwise
                + " ELSE LET " + taken
                + " == Take_" + lock.name() + "(" + m + ", t, " + e + ", " + read + ") IN "
                + block(i.then(), 0, taken, ctx) + ")";
        if (conjuncts.size() == 1) {
            return attempt;
        }
        List<String> before = conjuncts.subList(0, conjuncts.size() - 1).stream()
                .map(c -> expr.bool(c, m))
                .toList();
        return "(IF " + String.join(" /\\ ", before) + " THEN " + attempt + " ELSE " + otherwise + ")";
    }

    private String forLoop(dev.mmspec.generator.ir.Stmt.For f, int v, String m, Ctx ctx) {
        if (v > f.domain().high()) {
            return m;
        }
        String b = names.scoped(f.binder());
        String body = "LET " + b + " == " + v + " IN "
                + (f.where() == null
                        ? block(f.body(), 0, m, ctx)
                        : "IF " + expr.bool(f.where(), m) + " THEN " + block(f.body(), 0, m, ctx) + " ELSE " + m);
        String next = freshName("m");
        // Each iteration is its own LET: the binder's name is defined once per nesting level.
        return "(LET " + next + " == (" + body + ") IN IF " + next + ".ctl # \"run\" THEN " + next + " ELSE "
                + forLoop(f, v + 1, next, ctx) + ")";
    }

    private String choose(dev.mmspec.generator.ir.Stmt.Choose c, String m, Ctx ctx) {
        String b = names.scoped(c.binder());
        String fits = freshName("fits");
        String where = c.where() == null ? "TRUE" : expr.bool(c.where(), m);
        Ctx inner = c.alloc() ? ctx.alloc(c.binder()) : ctx;
        return "(LET " + fits + " == {" + b + " \\in " + TlaExpressions.range(c.domain()) + " : " + where + "} IN IF "
                + fits + " = {} THEN " + block(c.otherwise(), 0, m, ctx) + " ELSE LET " + b + " == Min(" + fits
                + ") IN " + block(c.then(), 0, m, inner) + ")";
    }

    private String assign(dev.mmspec.generator.ir.Stmt.Assign a, String m, Ctx ctx) {
        if (a.target() instanceof dev.mmspec.generator.ir.LValue.LocalTarget local) {
            Var v = local.local();
            String field = ExportNames.taskVar(expr.owner(v), v);
            return checked(a.value(), v.type(), v.name(), m, x -> "[" + m + " EXCEPT !." + field + "[t] = " + x + "]");
        }
        dev.mmspec.generator.ir.LValue.StateTarget t = (dev.mmspec.generator.ir.LValue.StateTarget) a.target();
        Type type = t.field() == null
                ? t.state().type()
                : t.state().record().field(t.field()).type();
        String what = t.state().name() + (t.field() == null ? "" : "." + t.field());
        return target(
                t,
                m,
                ctx,
                java.util.Collections.singletonList(t.field()),
                e -> checked(
                        a.value(),
                        type,
                        what,
                        m,
                        x -> "[" + m + " EXCEPT !." + ExportNames.state(t.state()) + "[" + e + "]"
                                + (t.field() == null ? "" : ".f_" + t.field()) + " = " + x + "]"));
    }

    private String assignRecord(dev.mmspec.generator.ir.Stmt.AssignRecord a, String m, Ctx ctx) {
        dev.mmspec.generator.ir.LValue.StateTarget t = a.target();
        RecordDecl rec = t.state().record();
        List<String> fieldNames =
                rec.fields().stream().map(RecordDecl.Field::name).toList();
        return target(
                t,
                m,
                ctx,
                fieldNames,
                e -> values(
                        a,
                        rec,
                        0,
                        m,
                        new ArrayList<>(),
                        xs -> "[" + m + " EXCEPT !." + ExportNames.state(t.state()) + "[" + e + "] = ["
                                + String.join(", ", xs) + "]]"));
    }

    /** Every field value of a record assignment, checked in order, before the element is written. */
    private String values(
            dev.mmspec.generator.ir.Stmt.AssignRecord a,
            RecordDecl rec,
            int i,
            String m,
            List<String> done,
            java.util.function.Function<List<String>, String> write) {
        if (i == rec.fields().size()) {
            return write.apply(done);
        }
        RecordDecl.Field f = rec.fields().get(i);
        return checked(a.values().get(i), f.type(), a.target().state().name() + "." + f.name(), m, x -> {
            List<String> more = new ArrayList<>(done);
            more.add("f_" + f.name() + " |-> " + x);
            return values(a, rec, i + 1, m, more, write);
        });
    }

    /**
     * The element of a state target, each index checked against its domain, then the guards of the written fields, then
     * {@code write} with the element.
     */
    private String target(
            dev.mmspec.generator.ir.LValue.StateTarget t,
            String m,
            Ctx ctx,
            List<String> fields,
            java.util.function.Function<String, String> write) {
        String e = freshName("e");
        List<String> checks = new ArrayList<>();
        for (int d = 0; d < t.indices().size(); d++) {
            Domain dom = t.state().dimensions().get(d);
            checks.add("(" + expr.integer(t.indices().get(d), m) + ") \\notin " + dom.low() + ".." + dom.high());
        }
        StringBuilder s = new StringBuilder("(LET " + e + " == " + expr.element(t.state(), t.indices(), m) + " IN ");
        if (!checks.isEmpty()) {
            s.append("IF ")
                    .append(String.join(" \\/ ", checks))
                    .append(" THEN Fail(")
                    .append(m)
                    .append(", ")
                    .append(quote("index of " + t.state().name() + " out of range"))
                    .append(") ELSE ");
        }
        if (!ctx.init()) {
            for (dev.mmspec.generator.ir.Guard g : spec.guards()) {
                boolean covers = g.state() == t.state()
                        && (g.field() == null || fields.contains(null) || fields.contains(g.field()));
                if (!covers) {
                    continue;
                }
                Expr lockIndex = g.lockIndexDimension() < 0 ? null : t.indices().get(g.lockIndexDimension());
                if (lockIndex instanceof Expr.VarRead vr && ctx.allocated().contains(vr.variable())) {
                    continue; // a freshly allocated object is private until it is published
                }
                String read = g.mode() == dev.mmspec.generator.lang.LockMode.READ ? "TRUE" : "FALSE";
                s.append("IF ~Holds_")
                        .append(g.lock().name())
                        .append("(")
                        .append(m)
                        .append(", t, ")
                        .append(expr.lockElement(g.lock(), lockIndex, m))
                        .append(", ")
                        .append(read)
                        .append(") THEN Fail(")
                        .append(m)
                        .append(", ")
                        .append(quote(t.state().name() + " written without holding "
                                + g.lock().name()))
                        .append(") ELSE ");
            }
        }
        return s.append(write.apply(e)).append(")").toString();
    }

    /** {@code value} bound to a fresh name, checked to be a value of {@code target}, then {@code use}d. */
    private String checked(
            Expr value, Type target, String what, String m, java.util.function.Function<String, String> use) {
        if (target instanceof Type.BoolType) {
            return use.apply(expr.bool(value, m));
        }
        String x = freshName("x");
        String fail = "Fail(" + m + ", " + quote("value out of range for " + what) + ")";
        String test;
        if (target instanceof Type.DomainType && value.type() instanceof Type.OptionalType) {
            test = x + " = -1";
        } else {
            int low = target instanceof Type.OptionalType ? -1 : target.low();
            test = x + " < " + (low < 0 ? "(" + low + ")" : low) + " \\/ " + x + " > " + target.high();
        }
        return "(LET " + x + " == " + expr.integer(value, m) + " IN IF " + test + " THEN " + fail + " ELSE "
                + use.apply(x) + ")";
    }

    private static String literal(Type t, int value) {
        if (t instanceof Type.BoolType) {
            return value != 0 ? "TRUE" : "FALSE";
        }
        return value < 0 ? "(" + value + ")" : Integer.toString(value);
    }

    static String defaultLiteral(Type t) {
        return literal(t, ExportNames.defaultValue(t));
    }

    /** A TLA+ string: only the characters TLA+ strings can hold plainly; the rest as '?'. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.append('"').toString();
    }

    /** Text for a comment line: no line breaks, and printable ASCII only. */
    static String comment(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
    }

    private void line(String s) {
        out.add(s);
    }
}
