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
import dev.mmspec.generator.ir.ValueFit;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        // A disabled step's record is thrown away: only its ctl is read.
        line("Disabled == [ctl |-> \"dis\"]");
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
            boolean rw = l.kind() == LockKind.RWSEM;
            line("\\* lock " + l.name() + ": " + l.kind().spelling() + ", " + l.instances()
                    + " instance(s); owner task + 1, 0 free" + (rw ? "; readers a set of tasks" : ""));
        }
        // The tests and writes of a lock are written out where they are used: an operator call is a TLC context more.
        List<String> any = new ArrayList<>();
        spec.locks().forEach(l -> any.add(holdsAny(l, "m")));
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
        line("    " + block(spec.init(), 0, new Rec("Start0"), new Ctx(true, Set.of())));
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
        line("    " + block(step.body(), 0, new Rec("m0"), new Ctx(false, Set.of())));
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

    /**
     * A machine record under construction: {@code base} (a name) with EXCEPT clauses still to apply. Consecutive
     * statements add clauses to one EXCEPT instead of each binding a record of its own: TLC looks a name up along the
     * chain of enclosing LETs, so every LET saved shortens every later lookup.
     *
     * @param written the record fields the clauses write: a later expression that reads one of them from {@code base}
     *     would see the old value, so it first binds the record ({@link #flush})
     */
    private record Rec(String base, List<String> clauses, Set<String> written) {
        Rec(String base) {
            this(base, List.of(), Set.of());
        }

        String text() {
            return clauses.isEmpty() ? base : "[" + base + " EXCEPT " + String.join(", ", clauses) + "]";
        }

        Rec with(String field, String clause) {
            List<String> c = new ArrayList<>(clauses);
            c.add(clause);
            Set<String> w = new HashSet<>(written);
            w.add(field);
            return new Rec(base, List.copyOf(c), Set.copyOf(w));
        }

        /** The record with the step ended ({@code ctl} end or goto). */
        String ended(String ctl) {
            return with("ctl", "!.ctl = " + ctl).text();
        }

        /** The record with a model error: the state as far as the step got, {@code fault} set. */
        String failed(String quotedMessage) {
            return with("ctl", "!.ctl = \"err\"")
                    .with("fault", "!.fault = " + quotedMessage)
                    .text();
        }

        /**
         * Whether the pending clauses leave instance {@code element} of {@code lock} held by task t: the last clause on
         * its owner (or, for {@code read}, on its readers) is the one that took it. The guard written right after its
         * lock is taken then needs no test, and the owner array no new record.
         */
        boolean taken(Lock lock, String element, boolean read) {
            if (conflicts(element)) {
                return false; // the element's text reads a field written since: it names another instance
            }
            String owner = "!." + ExportNames.owner(lock) + "[";
            String readers = "!." + ExportNames.readers(lock) + "[";
            String lastOwner = null;
            String lastReaders = null;
            for (String c : clauses) {
                if (c.startsWith(owner)) {
                    lastOwner = c;
                } else if (c.startsWith(readers)) {
                    lastReaders = c;
                }
            }
            return (owner + element + "] = t + 1").equals(lastOwner)
                    || (read && (readers + element + "] = @ \\cup {t}").equals(lastReaders));
        }

        /** Whether {@code text} reads from {@code base} a field a pending clause writes. */
        boolean conflicts(String text) {
            if (written.isEmpty()) {
                return false;
            }
            Matcher read = Pattern.compile("(?<![\\w])" + Pattern.quote(base) + "\\.(\\w+)")
                    .matcher(text);
            while (read.find()) {
                if (written.contains(read.group(1))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A piece of a statement that runs straight through: a name bound, a test that leaves the step, or a write. */
    private sealed interface Part {
        /** @return what the part reads (and more), to test against pending writes */
        String text();
    }

    /** {@code LET name == value IN}. */
    private record Bind(String name, String value) implements Part {
        public String text() {
            return value;
        }
    }

    /** Leaves the step when {@code condition} holds: a model error with {@code quotedMessage}, or (null) disabled. */
    private record Exit(String condition, String quotedMessage) implements Part {
        public String text() {
            return condition;
        }
    }

    /** One EXCEPT clause, writing the record's {@code field}. */
    private record Clause(String field, String clause) implements Part {
        public String text() {
            return clause;
        }
    }

    /** The record after statements {@code i..} of {@code body} run on record {@code r}. */
    private String block(List<dev.mmspec.generator.ir.Stmt> body, int i, Rec r, Ctx ctx) {
        if (i == body.size()) {
            return r.text();
        }
        dev.mmspec.generator.ir.Stmt st = body.get(i);
        if (st instanceof dev.mmspec.generator.ir.Stmt.Return || st instanceof dev.mmspec.generator.ir.Stmt.Outcome) {
            return r.ended("\"end\"");
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Goto g) {
            return r.with("npc", "!.npc = " + g.target().index()).ended("\"goto\"");
        }
        List<Part> parts = straight(st, r, ctx);
        if (parts != null) {
            StringBuilder reads = new StringBuilder();
            for (Part p : parts) {
                reads.append(p.text()).append(' ');
            }
            if (r.conflicts(reads.toString())) {
                return flush(body, i, r, ctx);
            }
            StringBuilder s = new StringBuilder("(");
            Rec cur = r;
            for (Part p : parts) {
                if (p instanceof Bind b) {
                    s.append("LET ")
                            .append(b.name())
                            .append(" == ")
                            .append(b.value())
                            .append(" IN ");
                } else if (p instanceof Exit x) {
                    s.append("IF ")
                            .append(x.condition())
                            .append(" THEN ")
                            .append(x.quotedMessage() == null ? "Disabled" : cur.failed(x.quotedMessage()))
                            .append(" ELSE ");
                } else {
                    Clause c = (Clause) p;
                    cur = cur.with(c.field(), c.clause());
                }
            }
            return s.append(block(body, i + 1, cur, ctx)).append(")").toString();
        }
        String compound = compound(st, r, ctx);
        if (compound == null) {
            return flush(body, i, r, ctx);
        }
        if (i == body.size() - 1) {
            return compound;
        }
        String next = freshName("m");
        // The ctl test only where the statement can leave the step (a test a disabled or failed record would pass).
        String test = canLeave(compound) ? "IF " + next + ".ctl # \"run\" THEN " + next + " ELSE " : "";
        return "(LET " + next + " == " + compound + " IN " + test + block(body, i + 1, new Rec(next), ctx) + ")";
    }

    /** Binds the record so far to a name, so that statement {@code i} reads what the pending clauses wrote. */
    private String flush(List<dev.mmspec.generator.ir.Stmt> body, int i, Rec r, Ctx ctx) {
        if (r.clauses().isEmpty()) {
            throw new AssertionError("nothing to flush at " + body.get(i));
        }
        String next = freshName("m");
        return "(LET " + next + " == " + r.text() + " IN " + block(body, i, new Rec(next), ctx) + ")";
    }

    /** Whether a statement's translation can end the step (disable it, fail, end or jump). */
    private static boolean canLeave(String translated) {
        return translated.contains(".ctl") || translated.contains("Disabled");
    }

    /** A statement that runs straight through as parts over record {@code m}, or null for the others. */
    private List<Part> straight(dev.mmspec.generator.ir.Stmt st, Rec r, Ctx ctx) {
        String m = r.base();
        List<Part> parts = new ArrayList<>();
        if (st instanceof dev.mmspec.generator.ir.Stmt.Let l) {
            String n = names.scoped(l.variable());
            checked(l.value(), l.variable().type(), l.variable().name(), m, parts, n);
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.LockStmt l) {
            Lock lock = l.lock().lock();
            boolean read = l.lock().mode() == dev.mmspec.generator.lang.LockMode.READ;
            String e = bound(expr.lockElement(lock, l.lock().index(), m), "e", parts);
            parts.add(new Exit(
                    held(lock, m, e, true),
                    quote(lock.name() + " taken while this task already holds it (self-deadlock)")));
            List<String> against = new ArrayList<>();
            for (String later : lock.after()) { // a lock the order puts after this one is held (MM0303)
                against.add(holdsAny(lockNamed(later), m));
            }
            if (lock.orderedByIndex()) { // order L by index: an instance above e is held
                String o = freshName("o");
                against.add("(\\E " + o + " \\in (" + e + " + 1).." + (lock.instances() - 1) + " : "
                        + held(lock, m, o, true) + ")");
            }
            if (!against.isEmpty()) {
                parts.add(
                        new Exit(String.join(" \\/ ", against), quote(lock.name() + " taken against the lock order")));
            }
            parts.add(new Exit("~" + free(lock, m, e, read), null));
            parts.add(take(lock, e, read));
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.UnlockStmt u) {
            Lock lock = u.lock().lock();
            String e = bound(expr.lockElement(lock, u.lock().index(), m), "e", parts);
            String message = quote(lock.name() + " released by a task that does not hold it");
            if (u.lock().mode() == dev.mmspec.generator.lang.LockMode.READ) {
                String rd = ExportNames.readers(lock);
                parts.add(new Exit("t \\notin " + m + "." + rd + "[" + e + "]", message));
                parts.add(new Clause(rd, "!." + rd + "[" + e + "] = @ \\ {t}"));
            } else {
                String o = ExportNames.owner(lock);
                if (!r.taken(lock, e, false)) {
                    parts.add(new Exit(m + "." + o + "[" + e + "] # t + 1", message));
                }
                parts.add(new Clause(o, "!." + o + "[" + e + "] = 0"));
            }
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Require req) {
            parts.add(new Exit("~" + expr.bool(req.condition(), m), null));
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Assert a) {
            parts.add(new Exit("~" + expr.bool(a.condition(), m), quote("assertion failed: " + a.message())));
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Assign a) {
            if (a.target() instanceof dev.mmspec.generator.ir.LValue.LocalTarget local) {
                Var v = local.local();
                String field = ExportNames.taskVar(expr.owner(v), v);
                String x = checked(a.value(), v.type(), v.name(), m, parts, null);
                parts.add(new Clause(field, "!." + field + "[t] = " + x));
                return parts;
            }
            dev.mmspec.generator.ir.LValue.StateTarget t = (dev.mmspec.generator.ir.LValue.StateTarget) a.target();
            Type type = t.field() == null
                    ? t.state().type()
                    : t.state().record().field(t.field()).type();
            String e = target(t, r, ctx, java.util.Collections.singletonList(t.field()), parts);
            String x = checked(
                    a.value(), type, t.state().name() + (t.field() == null ? "" : "." + t.field()), m, parts, null);
            String field = ExportNames.state(t.state());
            parts.add(new Clause(
                    field, "!." + field + "[" + e + "]" + (t.field() == null ? "" : ".f_" + t.field()) + " = " + x));
            return parts;
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.AssignRecord a) {
            dev.mmspec.generator.ir.LValue.StateTarget t = a.target();
            RecordDecl rec = t.state().record();
            List<String> fieldNames =
                    rec.fields().stream().map(RecordDecl.Field::name).toList();
            String e = target(t, r, ctx, fieldNames, parts);
            List<String> xs = new ArrayList<>();
            for (int i = 0; i < rec.fields().size(); i++) {
                RecordDecl.Field f = rec.fields().get(i);
                String x = checked(a.values().get(i), f.type(), t.state().name() + "." + f.name(), m, parts, null);
                xs.add("f_" + f.name() + " |-> " + x);
            }
            String field = ExportNames.state(t.state());
            parts.add(new Clause(field, "!." + field + "[" + e + "] = [" + String.join(", ", xs) + "]"));
            return parts;
        }
        return null;
    }

    /**
     * An if, for or choose on record {@code r} (its pending clauses carried into the branches), or null when its
     * condition reads a field they write.
     */
    private String compound(dev.mmspec.generator.ir.Stmt st, Rec r, Ctx ctx) {
        String m = r.base();
        if (st instanceof dev.mmspec.generator.ir.Stmt.If written) {
            dev.mmspec.generator.ir.Stmt.If i = ExportNames.positiveTrylock(written);
            List<Expr> conjuncts = ExportNames.conjuncts(i.condition());
            Expr last = conjuncts.get(conjuncts.size() - 1);
            if (!(last instanceof Expr.TryLock tl)) {
                String condition = expr.bool(i.condition(), m);
                if (r.conflicts(condition)) {
                    return null;
                }
                return "(IF " + condition + " THEN " + block(i.then(), 0, r, ctx) + " ELSE "
                        + block(i.otherwise(), 0, r, ctx) + ")";
            }
            // trylock, the last conjunct (the checker allows it nowhere else): it takes the lock when it succeeds.
            Lock lock = tl.lock().lock();
            boolean read = tl.lock().mode() == dev.mmspec.generator.lang.LockMode.READ;
            String element = expr.lockElement(lock, tl.lock().index(), m);
            List<String> before = conjuncts.subList(0, conjuncts.size() - 1).stream()
                    .map(c -> expr.bool(c, m))
                    .toList();
            if (r.conflicts(element + " " + String.join(" ", before))) {
                return null;
            }
            String e = freshName("e");
            Clause taken = take(lock, e, read);
            String otherwise = block(i.otherwise(), 0, r, ctx);
            String attempt = "(LET " + e + " == " + element + " IN IF " + held(lock, m, e, true) + " \\/ ~"
                    + free(lock, m, e, read) + " THEN " + otherwise + " ELSE "
                    + block(i.then(), 0, r.with(taken.field(), taken.clause()), ctx) + ")";
            return before.isEmpty()
                    ? attempt
                    : "(IF " + String.join(" /\\ ", before) + " THEN " + attempt + " ELSE " + otherwise + ")";
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.For f) {
            return forLoop(f, f.domain().low(), r, ctx);
        }
        if (st instanceof dev.mmspec.generator.ir.Stmt.Choose c) {
            return choose(c, r, ctx);
        }
        throw new AssertionError("unknown statement: " + st);
    }

    private String forLoop(dev.mmspec.generator.ir.Stmt.For f, int v, Rec r, Ctx ctx) {
        if (v > f.domain().high()) {
            return r.text();
        }
        String where = f.where() == null ? null : expr.bool(f.where(), r.base());
        if (where != null && r.conflicts(where)) {
            String next = freshName("m");
            return "(LET " + next + " == " + r.text() + " IN " + forLoop(f, v, new Rec(next), ctx) + ")";
        }
        String b = names.scoped(f.binder());
        String body = "LET " + b + " == " + v + " IN "
                + (where == null
                        ? block(f.body(), 0, r, ctx)
                        : "IF " + where + " THEN " + block(f.body(), 0, r, ctx) + " ELSE " + r.text());
        if (v == f.domain().high()) {
            return "(" + body + ")";
        }
        String next = freshName("m");
        // Each iteration is its own LET: the binder's name is defined once per nesting level.
        String test = canLeave(body) ? "IF " + next + ".ctl # \"run\" THEN " + next + " ELSE " : "";
        return "(LET " + next + " == (" + body + ") IN " + test + forLoop(f, v + 1, new Rec(next), ctx) + ")";
    }

    /** Domains up to this size choose by an IF chain, lowest first; larger ones by Min of the fitting set. */
    static final int CHOOSE_CHAIN_LIMIT = 16;

    private String choose(dev.mmspec.generator.ir.Stmt.Choose c, Rec r, Ctx ctx) {
        String m = r.base();
        String b = names.scoped(c.binder());
        String where = c.where() == null ? "TRUE" : expr.bool(c.where(), m);
        if (r.conflicts(where)) {
            return null;
        }
        Ctx inner = c.alloc() ? ctx.alloc(c.binder()) : ctx;
        Domain d = c.domain();
        if (d.size() > CHOOSE_CHAIN_LIMIT || d.size() < 1) {
            String fits = freshName("fits");
            return "(LET " + fits + " == {" + b + " \\in " + TlaExpressions.range(d) + " : " + where + "} IN IF "
                    + fits + " = {} THEN " + block(c.otherwise(), 0, r, ctx) + " ELSE LET " + b + " == Min(" + fits
                    + ") IN " + block(c.then(), 0, r, inner) + ")";
        }
        if (c.where() == null) {
            return "(LET " + b + " == " + d.low() + " IN " + block(c.then(), 0, r, inner) + ")";
        }
        // The lowest fitting value, tested one value at a time as the model does; low - 1 when none fits.
        String chosen = freshName("c");
        String none = literal(new Type.RangeType(d.low() - 1, d.low() - 1), d.low() - 1);
        StringBuilder chain = new StringBuilder();
        for (int v = d.low(); v <= d.high(); v++) {
            chain.append("IF (LET ")
                    .append(b)
                    .append(" == ")
                    .append(v)
                    .append(" IN ")
                    .append(where)
                    .append(") THEN ")
                    .append(v)
                    .append(" ELSE ");
        }
        chain.append(none);
        return "(LET " + chosen + " == " + chain + " IN IF " + chosen + " = " + none + " THEN "
                + block(c.otherwise(), 0, r, ctx) + " ELSE LET " + b + " == " + chosen + " IN "
                + block(c.then(), 0, r, inner) + ")";
    }

    /**
     * The element of a state target: indices checked against their domains where their types do not guarantee it, then
     * the guards of the written fields.
     *
     * @return the element's name or its expression
     */
    private String target(
            dev.mmspec.generator.ir.LValue.StateTarget t, Rec r, Ctx ctx, List<String> fields, List<Part> parts) {
        String m = r.base();
        String e = bound(expr.element(t.state(), t.indices(), m), "e", parts);
        List<String> checks = new ArrayList<>();
        for (int d = 0; d < t.indices().size(); d++) {
            Domain dom = t.state().dimensions().get(d);
            Expr index = t.indices().get(d);
            if (!ExportNames.indexFits(index, dom)) {
                checks.add("(" + expr.integer(index, m) + ") \\notin " + dom.low() + ".." + dom.high());
            }
        }
        if (!checks.isEmpty()) {
            parts.add(new Exit(
                    String.join(" \\/ ", checks), quote("index of " + t.state().name() + " out of range")));
        }
        if (!ctx.init()) {
            for (dev.mmspec.generator.ir.Guard g : spec.guards()) {
                boolean covers = g.state() == t.state()
                        && (g.field() == null || fields.contains(null) || fields.contains(g.field()));
                if (!covers) {
                    continue;
                }
                Expr lockIndex = g.hasFixedInstance()
                        ? new Expr.IntLit(
                                g.fixedInstance(), new Type.DomainType(g.lock().domain()), g.span())
                        : g.lockIndexDimension() < 0 ? null : t.indices().get(g.lockIndexDimension());
                if (lockIndex instanceof Expr.VarRead vr && ctx.allocated().contains(vr.variable())) {
                    continue; // a freshly allocated object is private until it is published
                }
                boolean read = g.mode() == dev.mmspec.generator.lang.LockMode.READ;
                String element = expr.lockElement(g.lock(), lockIndex, m);
                if (r.taken(g.lock(), element, read)) {
                    continue; // taken by this step, and not released since
                }
                parts.add(new Exit(
                        "~" + held(g.lock(), m, element, read),
                        quote(t.state().name() + " written without holding "
                                + g.lock().name())));
            }
        }
        return e;
    }

    /**
     * {@code value} checked to be a value of {@code target} (where its type does not guarantee it), as parts.
     *
     * @param name the name to bind the value to, or null to bind it only if it must be tested
     * @return the value's name or its expression
     */
    private String checked(Expr value, Type target, String what, String m, List<Part> parts, String name) {
        if (target instanceof Type.BoolType) {
            String b = expr.bool(value, m);
            if (name == null) {
                return b;
            }
            parts.add(new Bind(name, b));
            return name;
        }
        String v = expr.integer(value, m);
        if (ValueFit.alwaysFits(value, target)) {
            if (name == null) {
                return v;
            }
            parts.add(new Bind(name, v));
            return name;
        }
        String x = name == null ? freshName("x") : name;
        parts.add(new Bind(x, v));
        String test;
        if (target instanceof Type.DomainType && value.type() instanceof Type.OptionalType) {
            test = x + " = -1";
        } else {
            int low = target instanceof Type.OptionalType ? -1 : target.low();
            test = x + " < " + (low < 0 ? "(" + low + ")" : low) + " \\/ " + x + " > " + target.high();
        }
        parts.add(new Exit(test, quote("value out of range for " + what)));
        return x;
    }

    /** {@code text} itself where it is a name, a number or a field read; else a fresh name bound to it. */
    private String bound(String text, String base, List<Part> parts) {
        if (text.matches("[\\w.\\[\\]]+")) {
            return text;
        }
        String n = freshName(base);
        parts.add(new Bind(n, text));
        return n;
    }

    private Lock lockNamed(String name) {
        return spec.locks().stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lock " + name));
    }

    /** Whether task t holds instance {@code e} of {@code lock} in record {@code m} (a reader too, if {@code read}). */
    private static String held(Lock lock, String m, String e, boolean read) {
        String owner = m + "." + ExportNames.owner(lock) + "[" + e + "] = t + 1";
        return lock.kind() == LockKind.RWSEM && read
                ? "(" + owner + " \\/ t \\in " + m + "." + ExportNames.readers(lock) + "[" + e + "])"
                : "(" + owner + ")";
    }

    /** Whether task t holds any instance of {@code lock} in record {@code m}, in any mode. */
    private String holdsAny(Lock lock, String m) {
        if (lock.instances() <= 8) {
            List<String> each = new ArrayList<>();
            for (int e = 0; e < lock.instances(); e++) {
                each.add(held(lock, m, Integer.toString(e), true));
            }
            return "(" + String.join(" \\/ ", each) + ")";
        }
        String e = freshName("q");
        return "(\\E " + e + " \\in 0.." + (lock.instances() - 1) + " : " + held(lock, m, e, true) + ")";
    }

    /** Whether instance {@code e} of {@code lock} can be taken in record {@code m} (read: no writer). */
    private static String free(Lock lock, String m, String e, boolean read) {
        String owner = m + "." + ExportNames.owner(lock) + "[" + e + "] = 0";
        return lock.kind() == LockKind.RWSEM && !read
                ? "(" + owner + " /\\ " + m + "." + ExportNames.readers(lock) + "[" + e + "] = {})"
                : "(" + owner + ")";
    }

    private static Clause take(Lock lock, String e, boolean read) {
        if (lock.kind() == LockKind.RWSEM && read) {
            String r = ExportNames.readers(lock);
            return new Clause(r, "!." + r + "[" + e + "] = @ \\cup {t}");
        }
        String o = ExportNames.owner(lock);
        return new Clause(o, "!." + o + "[" + e + "] = t + 1");
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
