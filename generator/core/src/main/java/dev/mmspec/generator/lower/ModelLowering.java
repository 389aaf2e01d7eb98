package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Expectation;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Symmetry;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Lowers a checked spec to the view of its model class: the packed layout, one method per step and
 * task that runs it (the task index a compile-time constant in each), per-task start, continue and
 * finish methods that {@code apply} dispatches to by action, the invariants, the initial state and
 * the {@code ModelInfo} literal.
 */
public final class ModelLowering {
    private final Spec spec;
    private final Layout layout;
    private final ModelNames members;
    private final Names names = new Names();
    private final ErrorSites errors = new ErrorSites();
    private final ExprEmitter expr;
    private final SymmetryLowering symmetry;
    private final StmtEmitter stmts;
    private final List<int[]> actions = new ArrayList<>();
    private final List<List<Integer>> actionArgs = new ArrayList<>();

    /** @param className the model class's simple name, from {@link ClassNames#model} */
    public ModelLowering(Spec spec, String className) {
        this.spec = spec;
        this.layout = new Layout(spec);
        this.members = new ModelNames(spec, layout, className);
        this.expr = new ExprEmitter(layout, members, names, errors);
        this.symmetry = new SymmetryLowering(spec, layout, members);
        this.stmts = new StmtEmitter(spec, layout, members, names, errors, expr, symmetry);
        enumerateActions();
    }

    public Layout layout() {
        return layout;
    }

    /** @return the number of actions (continue and start actions of every task). */
    public int actionCount() {
        return actions.size();
    }

    /** @return the action number that starts {@code op(args)} on {@code task}, or -1. */
    public int startAction(Task task, Operation op, List<Integer> args) {
        for (int a = 0; a < actions.size(); a++) {
            int[] act = actions.get(a);
            if (act[0] == task.index() && act[1] == op.index() && actionArgs.get(a).equals(args)) {
                return a;
            }
        }
        return -1;
    }

    public ModelView lower(String packageName, String className) {
        Code body = new Code();
        List<String> stepMethods = new ArrayList<>();
        for (Operation op : spec.operations()) {
            for (Step step : op.steps()) {
                stepMethods.addAll(stepMethods(op, step));
            }
        }
        List<String> invariants = invariantMethods();
        List<String> init = initialState();
        // Errors are numbered while steps, invariants and init are lowered: build the info last.
        constants(body, className);
        List<String> members = new ArrayList<>(indent(body.lines()));
        members.add("");
        members.addAll(indent(info()));
        members.add("");
        members.addAll(indent(modelMethods()));
        members.add("");
        members.addAll(indent(init));
        members.add("");
        members.addAll(indent(invariants));
        members.add("");
        members.addAll(indent(dispatch()));
        members.add("");
        members.addAll(indent(stepMethods));
        for (List<String> helper : expr.helpers()) {
            members.addAll(indent(helper));
            members.add("");
        }
        for (List<String> accessor : new Accessors(spec, layout, this.members).methods()) {
            members.addAll(indent(accessor));
            members.add("");
        }
        while (!members.isEmpty() && members.get(members.size() - 1).isEmpty()) {
            members.remove(members.size() - 1);
        }
        return new ModelView(JavaText.lineComment(spec.sourcePath()), JavaText.javadoc(spec.sourcePath()), packageName, className,
                JavaText.javadoc(spec.name()), JavaText.javadoc(spec.title()), spec.span().line(),
                layout.describe().stream().map(JavaText::javadoc).toList(), members);
    }

    private static List<String> indent(List<String> lines) {
        return lines.stream().map(l -> l.isEmpty() ? l : "    " + l).toList();
    }

    private void enumerateActions() {
        for (Task t : spec.tasks()) {
            actions.add(new int[] {t.index(), -1});
            actionArgs.add(List.of());
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                for (List<Integer> args : argumentTuples(op.parameters())) {
                    actions.add(new int[] {t.index(), op.index()});
                    actionArgs.add(args);
                }
            }
        }
    }

    private static List<List<Integer>> argumentTuples(List<Var> params) {
        List<List<Integer>> tuples = new ArrayList<>();
        tuples.add(List.of());
        for (Var p : params) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : tuples) {
                for (int v : values(p.type())) {
                    List<Integer> t = new ArrayList<>(prefix);
                    t.add(v);
                    next.add(t);
                }
            }
            tuples = next;
        }
        return tuples;
    }

    private static List<Integer> values(Type t) {
        List<Integer> out = new ArrayList<>();
        if (t instanceof Type.OptionalType o) {
            out.add(-1);
            for (int v = o.domain().low(); v <= o.domain().high(); v++) {
                out.add(v);
            }
            return out;
        }
        for (int v = t.low(); v <= t.high(); v++) {
            out.add(v);
        }
        return out;
    }

    private void constants(Code c, String className) {
        c.line("/** Longs per packed state. */");
        c.line("public static final int WORDS = " + layout.words() + ";");
        c.line("");
        c.line("private static final int READ = 0;");
        c.line("private static final int WRITE = 1;");
        c.line("");
        c.line("static final List<String> TASK_NAMES = List.of(" + joinQuoted(spec.tasks().stream().map(Task::name).toList()) + ");");
        c.line("static final List<String> OPERATION_NAMES = List.of("
                + joinQuoted(spec.operations().stream().map(Operation::name).toList()) + ");");
        c.line("");
        StringBuilder task = new StringBuilder();
        StringBuilder op = new StringBuilder();
        for (int[] a : actions) {
            task.append(task.length() == 0 ? "" : ", ").append(a[0]);
            op.append(op.length() == 0 ? "" : ", ").append(a[1]);
        }
        c.line("private static final int[] ACTION_TASK = {" + task + "};");
        c.line("private static final int[] ACTION_OPERATION = {" + op + "};");
        List<String> args = new ArrayList<>();
        for (List<Integer> a : actionArgs) {
            args.add("{" + String.join(", ", a.stream().map(String::valueOf).toList()) + "}");
        }
        c.line("private static final int[][] ACTION_ARGUMENTS = {" + String.join(", ", args) + "};");
        c.line("/** Global index of each operation's first step: the hot path reads this, not {@code INFO}. */");
        c.line("private static final int[] FIRST_STEP = {"
                + String.join(", ", spec.operations().stream().map(o -> String.valueOf(o.steps().get(0).globalIndex())).toList()) + "};");
        c.line("");
        c.line("private static final ModelInfo INFO = buildInfo();");
        c.line("");
        c.line("private final long fixesOff;");
        c.line("");
        c.line("/** The model with every fix on. */");
        c.open("public " + className + "()").line("this(0L);").close();
        c.line("");
        c.line("/** @param fixesOff bit i set: fix i of {@link ModelInfo#fixes()} is switched off */");
        c.open("public " + className + "(long fixesOff)").line("this.fixesOff = fixesOff;").close();
        c.line("");
        c.line("/** @return the model with the named fixes switched off. */");
        c.open("public static " + className + " withFixesOff(String... fixes)");
        c.line("return new " + className + "(FixMask.of(INFO, fixes));");
        c.close();
    }

    /** The task's current operation (0 = idle) and program counter: the task block's header fields. */
    private String taskOp() {
        return members.taskFieldGetter(layout.tasks().field("op"));
    }

    private String taskPc() {
        return members.taskFieldGetter(layout.tasks().field("pc"));
    }

    private String setTaskOp() {
        return members.taskFieldSetter(layout.tasks().field("op"));
    }

    private String setTaskPc() {
        return members.taskFieldSetter(layout.tasks().field("pc"));
    }

    private static String joinQuoted(List<String> names) {
        return String.join(", ", names.stream().map(JavaText::literal).toList());
    }

    /**
     * The methods of one step: its body is lowered once, then copied into one method per task that
     * runs the operation, with {@code task} a compile-time constant, so that every access to the
     * task's own fields and locks has a constant word and shift. The operation's parameters and
     * locals are read once, into Java locals, at the start.
     */
    private List<String> stepMethods(Operation op, Step step) {
        Code body = new Code();
        body.open("");
        boolean last = step.index() == op.steps().size() - 1;
        int endLock = errors.add("operation " + op.name() + " ended holding a lock", step.span());
        stmts.step(step.body(), new StmtEmitter.Context(false, op.name(), step.index() + 1, last, endLock, new HashSet<>()), body);
        body.close();
        List<String> bodyLines = body.lines().subList(1, body.lines().size() - 1);
        List<String> out = new ArrayList<>();
        for (Task t : spec.tasks()) {
            if (!t.operations().contains(op)) {
                continue;
            }
            Code c = new Code();
            c.doc(spec.sourcePath() + ":" + step.span().line() + ": step " + step.label() + ". Run by task " + t.name() + ".");
            c.open("private int " + members.step(t, op, step) + "(long[] s)");
            c.line("final int task = " + t.index() + ";");
            List<Var> vars = new ArrayList<>(op.parameters());
            vars.addAll(op.locals());
            for (Var v : vars) {
                c.line((v.type() instanceof Type.BoolType ? "boolean " : "int ") + expr.local(v) + " = " + expr.taskRead(v) + ";");
            }
            List<String> lines = new ArrayList<>(c.lines());
            for (String line : bodyLines) {
                lines.add(line.replace(StmtEmitter.FINISH, members.finish(t)));
            }
            lines.add("}");
            out.addAll(lines);
            out.add("");
        }
        return out;
    }

    private List<String> invariantMethods() {
        Code c = new Code();
        c.line("@Override");
        c.open("public int violatedInvariant(long[] s)");
        firstViolated(c, inv -> "");
        c.line("");
        // The checking search's version: an invariant none of whose slots changed since a state
        // where every invariant held still holds, so only the others are evaluated.
        SlotTable slots = new SlotTable(spec, layout);
        int words = layout.words();
        c.line("/** Like {@link #violatedInvariant(long[])}, evaluating only the invariants whose slots differ from {@code before}. */");
        c.line("@Override");
        c.open("public int violatedInvariant(long[] before, long[] s)");
        for (int w = 0; w < words; w++) {
            c.line("final long d" + w + " = before[" + w + "] ^ s[" + w + "];");
        }
        firstViolated(c, inv -> {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            Independence.reads(inv.body(), keys);
            if (inv.when() != null) {
                Independence.reads(inv.when(), keys);
            }
            long[] masks = slots.masks(keys, words);
            List<String> changed = new ArrayList<>();
            for (int w = 0; w < words; w++) {
                if (masks[w] != 0) {
                    changed.add("(d" + w + " & 0x" + Long.toHexString(masks[w]) + "L)");
                }
            }
            return changed.isEmpty() ? null : "(" + String.join(" | ", changed) + ") != 0 && ";
        });
        c.line("");
        c.line("@Override");
        c.open("public boolean violates(long[] s, int invariant)");
        c.line("final int task = -1;");
        c.open("try");
        c.open("switch (invariant)");
        for (Invariant inv : spec.invariants()) {
            c.line("case " + inv.index() + ":", spec.sourcePath() + ":" + inv.span().line() + ": " + inv.name());
            c.line("    return " + violation(inv) + ";");
        }
        c.line("default:");
        c.line("    throw new IllegalArgumentException(\"no invariant \" + invariant);");
        c.close();
        c.reopen("catch (ModelFault f)");
        c.line("return true; // it cannot even be evaluated here (a none dereferenced): that is a violation too");
        c.close();
        c.close();
        return c.lines();
    }

    /**
     * The body of a {@code violatedInvariant} method (its signature already open): the invariants in
     * order, each evaluated only if {@code guard} (a Java condition prefix ending in {@code &&}, ""
     * for always) allows, null meaning it reads no state and so cannot have become false.
     */
    private void firstViolated(Code c, java.util.function.Function<Invariant, String> guard) {
        c.line("final int task = -1;");
        c.line("int invariant = 0;");
        c.open("try");
        for (Invariant inv : spec.invariants()) {
            String when = guard.apply(inv);
            if (when == null) {
                c.comment(inv.name() + " reads no state: it held before, it holds now");
                continue;
            }
            if (inv.index() > 0) {
                c.line("invariant = " + inv.index() + ";");
            }
            c.comment(spec.sourcePath() + ":" + inv.span().line() + ": " + inv.name());
            c.open("if (" + when + violation(inv) + ")");
            c.line("return " + inv.index() + ";");
            c.close();
        }
        c.reopen("catch (ModelFault f)");
        c.line("return invariant; // it cannot even be evaluated here (a none dereferenced): that is a violation too");
        c.close();
        c.line("return -1;");
        c.close();
    }

    /** @return the Java condition under which {@code inv} is violated (its {@code when} qualifier honoured). */
    private String violation(Invariant inv) {
        String when = inv.when() == null ? "" : expr.bool(inv.when()) + " && ";
        return when + "!" + expr.bool(inv.body());
    }

    private List<String> initialState() {
        Code c = new Code();
        c.line("@Override");
        c.open("public void initialState(long[] s)");
        c.line("Arrays.fill(s, 0L);");
        for (StateVar v : spec.state()) {
            Block b = layout.state(v);
            int elements = b.elements();
            if (v.isRecord()) {
                for (RecordDecl.Field f : v.record().fields()) {
                    initField(c, v, f.name(), f.type(), f.initial(), elements);
                }
            } else {
                initField(c, v, null, v.type(), v.initial(), elements);
            }
        }
        if (!spec.init().isEmpty()) {
            c.line("final int task = -1;");
            c.open("try");
            stmts.block(spec.init(), new StmtEmitter.Context(true, "init", 0, false, 0, new HashSet<>()), c);
            c.reopen("catch (ModelFault f)");
            c.line("throw new IllegalStateException(\"init: \" + INFO.errors().get(f.error()).message());");
            c.close();
        }
        c.close();
        return c.lines();
    }

    private void initField(Code c, StateVar v, String field, Type type, int initial, int elements) {
        int storedZero = type instanceof Type.OptionalType ? -1 : type.low();
        if (initial == storedZero) {
            return;
        }
        String setter = members.setter(v, field);
        if (elements == 1) {
            c.line(setter + "(s, 0, " + initial + ");");
        } else {
            c.open("for (int e = 0; e < " + elements + "; e++)").line(setter + "(s, e, " + initial + ");").close();
        }
    }

    private List<String> modelMethods() {
        Code c = new Code();
        c.line("@Override");
        c.open("public ModelInfo info()").line("return INFO;").close();
        c.line("");
        c.line("@Override");
        c.open("public long fixesOff()").line("return fixesOff;").close();
        c.line("");
        c.line("@Override");
        c.open("public int apply(long[] src, int action, long[] dst)");
        c.open("try");
        c.open("switch (action)");
        for (int a = 0; a < actions.size(); a++) {
            Task t = spec.tasks().get(actions.get(a)[0]);
            int opIndex = actions.get(a)[1];
            List<String> args = actionArgs.get(a).stream().map(String::valueOf).toList();
            if (opIndex < 0) {
                c.line("case " + a + ":");
                c.line("    return " + members.continueMethod(t) + "(src, dst);");
            } else {
                Operation op = spec.operations().get(opIndex);
                c.line("case " + a + ":");
                c.line("    return " + members.start(t, op) + "(src, dst" + (args.isEmpty() ? "" : ", " + String.join(", ", args)) + ");");
            }
        }
        c.line("default:");
        c.line("    throw new IllegalArgumentException(\"no action \" + action);");
        c.close();
        c.reopen("catch (ModelFault f)");
        c.line("return -2 - f.error();");
        c.close();
        c.close();
        c.line("");
        c.line("@Override");
        c.open("public int taskOf(int action)").line("return ACTION_TASK[action];").close();
        c.line("");
        c.line("@Override");
        c.open("public boolean recordsFootprints()").line("return true;").close();
        symmetry.members(c);
        c.line("");
        c.line("@Override");
        c.open("public boolean idle(long[] s, int task)").line("return " + taskOp() + "(s, task) == 0;").close();
        c.line("");
        c.line("@Override");
        c.open("public int nextStep(long[] s, int task)");
        c.line("int operation = " + taskOp() + "(s, task);");
        c.line("return operation == 0 ? -1 : FIRST_STEP[operation - 1] + " + taskPc() + "(s, task);");
        c.close();
        c.line("");
        c.open("private static boolean quiescent(long[] s)");
        c.open("for (int t = 0; t < " + spec.tasks().size() + "; t++)");
        c.open("if (" + taskOp() + "(s, t) != 0)").line("return false;").close();
        c.close();
        c.line("return true;");
        c.close();
        return c.lines();
    }

    /**
     * Per task: one start method per operation it runs and one continue method, each with the task
     * index a constant; they check on the source state whether the task may move before copying it.
     */
    private List<String> dispatch() {
        Code c = new Code();
        for (Task t : spec.tasks()) {
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                List<String> params = new ArrayList<>();
                NameAllocator locals = new NameAllocator(List.of("src", "dst", "task"));
                List<String> argNames = op.parameters().stream().map(p -> locals.newName("arg_" + p.name())).toList();
                for (String arg : argNames) {
                    params.add("int " + arg);
                }
                c.doc(t.name() + " starts " + op.name() + ": only when idle.");
                c.open("private int " + members.start(t, op) + "(long[] src, long[] dst" + (params.isEmpty() ? "" : ", " + String.join(", ", params)) + ")");
                c.line("final int task = " + t.index() + ";");
                c.open("if (" + taskOp() + "(src, task) != 0)").line("return DISABLED;").close();
                c.line("copy(src, dst);");
                c.line(setTaskOp() + "(dst, task, " + (op.index() + 1) + ");");
                c.line(setTaskPc() + "(dst, task, 0);");
                for (int i = 0; i < argNames.size(); i++) {
                    c.line(members.taskFieldSetter(layout.taskField(op.parameters().get(i))) + "(dst, task, " + argNames.get(i) + ");");
                }
                c.line("return " + members.step(t, op, op.steps().get(0)) + "(dst);");
                c.close();
                c.line("");
            }
            c.doc(t.name() + " continues its operation with the step at its pc.");
            c.open("private int " + members.continueMethod(t) + "(long[] src, long[] dst)");
            c.line("final int task = " + t.index() + ";");
            c.line("int operation = " + taskOp() + "(src, task);");
            c.open("if (operation == 0)").line("return DISABLED;").close();
            c.line("int pc = " + taskPc() + "(src, task);");
            c.line("copy(src, dst);");
            c.open("switch (operation)");
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                c.line("case " + (op.index() + 1) + ":", op.name());
                c.line("    switch (pc) {");
                for (Step step : op.steps()) {
                    c.line("        case " + step.index() + ":");
                    c.line("            return " + members.step(t, op, step) + "(dst);");
                }
                c.line("        default:");
                c.line("            break;");
                c.line("    }");
                c.line("    break;");
            }
            c.line("default:");
            c.line("    break;");
            c.close();
            c.line("throw new IllegalStateException(\"task \" + task + \" at no step: operation \" + operation + \" pc \" + pc);");
            c.close();
            c.line("");
        }
        c.open("private static int advance(long[] s, int task, int pc)");
        c.line(setTaskPc() + "(s, task, pc);");
        c.line("return NO_OUTCOME;");
        c.close();
        c.line("");
        Block tasks = layout.tasks();
        for (Task t : spec.tasks()) {
            c.line("/**");
            c.line(" * Ends " + JavaText.javadoc(t.name()) + "'s operation: nothing of it may stay in the state, so idle tasks look alike. Its");
            c.line(" * operation, pc, parameters and locals all store their initial value as 0: one mask per word clears them.");
            c.line(" */");
            c.open("private static int " + members.finish(t) + "(long[] s, int outcome, int lockError)");
            c.line("final int task = " + t.index() + ";");
            c.open("if (holdsAnyLock(s, task))").line("throw Packed.fault(lockError);").close();
            java.util.Map<Integer, Long> masks = new java.util.TreeMap<>();
            for (Field f : tasks.fields()) {
                masks.merge(tasks.word(t.index(), f), f.mask() << tasks.shift(t.index(), f), (x, y) -> x | y);
            }
            for (var m : masks.entrySet()) {
                c.line("Packed.wrote(s, WORDS, " + m.getKey() + ", 0, 0x" + Long.toHexString(m.getValue()) + "L);");
                c.line("s[" + m.getKey() + "] &= ~0x" + Long.toHexString(m.getValue()) + "L;");
            }
            c.line("return outcome;");
            c.close();
            c.line("");
        }
        c.line("/** Copies a state: {@code WORDS} is small, so word by word. */");
        c.open("private static void copy(long[] src, long[] dst)");
        if (layout.words() <= 8) {
            for (int w = 0; w < layout.words(); w++) {
                c.line("dst[" + w + "] = src[" + w + "];");
            }
        } else {
            c.line("System.arraycopy(src, 0, dst, 0, WORDS);");
        }
        c.close();
        return c.lines();
    }

    /**
     * {@code buildInfo()}: the model's {@code ModelInfo}, built by name. A part the spec does not
     * have is left out (its default is empty), so the call shows what the spec declares.
     */
    private List<String> info() {
        SlotTable slots = new SlotTable(spec, layout);
        Code c = new Code();
        c.open("private static ModelInfo buildInfo()");
        c.line("List<Action> actions = new ArrayList<>();");
        c.open("for (int a = 0; a < ACTION_TASK.length; a++)");
        c.line("List<Integer> args = new ArrayList<>();");
        c.open("for (int v : ACTION_ARGUMENTS[a])").line("args.add(v);").close();
        c.line("actions.add(new Action(ACTION_TASK[a], ACTION_OPERATION[a], args));");
        c.close();
        c.line("return ModelInfo.builder(" + JavaText.literal(spec.name()) + ")");
        part(c, "title", JavaText.literal(spec.title()));
        part(c, "sourcePath", JavaText.literal(spec.sourcePath()));
        part(c, "stateWords", "WORDS");
        parts(c, "slots", slots.sources());
        part(c, "tasks", "TASK_NAMES");
        List<String> ops = new ArrayList<>();
        for (Operation op : spec.operations()) {
            ops.add("new Operation(" + JavaText.literal(op.name()) + ", List.of(" + joinQuoted(op.parameters().stream().map(Var::name).toList())
                    + "), " + op.steps().get(0).globalIndex() + ", " + op.steps().size() + ", " + op.span().line() + ")");
        }
        parts(c, "operations", ops);
        List<String> steps = new ArrayList<>();
        for (Operation op : spec.operations()) {
            for (Step st : op.steps()) {
                steps.add("new ModelInfo.Step(" + op.index() + ", " + JavaText.literal(st.name()) + ", " + JavaText.literal(st.label()) + ", "
                        + st.span().line() + ")");
            }
        }
        parts(c, "steps", steps);
        part(c, "actions", "actions");
        List<String> invs = new ArrayList<>();
        for (Invariant inv : spec.invariants()) {
            invs.add("new ModelInfo.Invariant(" + JavaText.literal(inv.name()) + ", " + JavaText.literal(inv.description()) + ", "
                    + JavaText.literal(inv.text()) + ", " + JavaText.literal(inv.whenText()) + ", " + inv.span().line() + ")");
        }
        parts(c, "invariants", invs);
        parts(c, "fixes", spec.fixes().stream()
                .map(f -> "new ModelInfo.Fix(" + JavaText.literal(f.name()) + ", " + JavaText.literal(f.source()) + ", " + f.span().line() + ")")
                .toList());
        parts(c, "outcomes", spec.outcomes().stream().map(JavaText::literal).toList());
        parts(c, "errors", errors.all().stream().map(e -> "new ModelError(" + JavaText.literal(e.message()) + ", " + e.line() + ")").toList());
        parts(c, "scenarios", spec.scenarios().stream().map(this::scenario).toList());
        parts(c, "expectations", spec.expectations().stream().map(ModelLowering::expectation).toList());
        listPart(c, "symmetries", spec.symmetries().stream().map(ModelLowering::symmetry).toList());
        parts(c, "locks", spec.locks().stream().map(ModelLowering::lockInfo).toList());
        parts(c, "guards", guards(slots));
        // Partial-order reduction: the steps each task may run alone (see Independence).
        List<List<Integer>> independent = Independence.of(spec);
        if (independent.stream().anyMatch(alone -> !alone.isEmpty())) {
            listPart(c, "independentSteps", independent.stream()
                    .map(alone -> "List.of(" + String.join(", ", alone.stream().map(String::valueOf).toList()) + ")").toList());
        }
        parts(c, "symmetricDomains", symmetry.infoItems());
        c.line("        .build();");
        c.close();
        return c.lines();
    }

    /** One part of the {@code ModelInfo.builder(...)} chain: {@code .name(value)}. */
    private static void part(Code c, String name, String value) {
        c.line("        ." + name + "(" + value + ")");
    }

    /** A list part, element by element, one a line; left out when empty (the builder's default). */
    private static void parts(Code c, String name, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        c.line("        ." + name + "(");
        for (int i = 0; i < items.size(); i++) {
            c.line("                " + items.get(i) + (i == items.size() - 1 ? ")" : ","));
        }
    }

    /** A part whose elements are lists themselves: one {@code List.of(...)} of them; left out when empty. */
    private static void listPart(Code c, String name, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        c.line("        ." + name + "(List.of(");
        for (int i = 0; i < items.size(); i++) {
            c.line("                " + items.get(i) + (i == items.size() - 1 ? "))" : ","));
        }
    }

    private String scenario(Scenario sc) {
        List<String> entries = new ArrayList<>();
        for (Scenario.Entry e : sc.entries()) {
            int action = startAction(e.task(), e.operation(), e.arguments());
            int through = e.through() == null ? -1 : e.through().globalIndex();
            entries.add("new ScenarioEntry(" + e.task().index() + ", " + e.operation().index() + ", List.of("
                    + String.join(", ", e.arguments().stream().map(String::valueOf).toList()) + "), " + action + ", " + through + ", "
                    + e.span().line() + ")");
        }
        String expected = switch (sc.expected()) {
            case HOLDS -> "holds";
            case VIOLATES -> "violates " + sc.expectedInvariant().name();
            case OUTCOME -> "outcome " + sc.expectedOutcome();
        };
        return "new ModelInfo.Scenario(" + JavaText.literal(sc.name()) + ", List.of("
                + joinQuoted(sc.fixesOff().stream().map(Fix::name).toList()) + "), List.of(" + String.join(", ", entries) + "), "
                + JavaText.literal(expected) + ", " + JavaText.literal(sc.expectedInvariant() == null ? "" : sc.expectedInvariant().name()) + ", "
                + JavaText.literal(sc.expectedOutcome() == null ? "" : sc.expectedOutcome()) + ", " + sc.span().line() + ")";
    }

    private static String expectation(Expectation e) {
        return "new Expectation(" + JavaText.literal(e.fix().name()) + ", " + JavaText.literal(e.invariant().name()) + ", " + e.span().line() + ")";
    }

    private static String symmetry(Symmetry s) {
        return "List.of(" + String.join(", ", s.tasks().stream().map(t -> String.valueOf(t.index())).toList()) + ")";
    }

    private static String lockInfo(Lock l) {
        return "new LockInfo(" + JavaText.literal(l.name()) + ", " + JavaText.literal(l.kind().spelling()) + ", "
                + JavaText.literal(l.granularity() == null ? "" : l.granularity()) + ", " + l.instances() + ", " + l.rank() + ", "
                + l.span().line() + ")";
    }

    /** The guard rules made concrete: one entry per guarded slot. */
    private List<String> guards(SlotTable slots) {
        List<String> out = new ArrayList<>();
        for (Guard g : spec.guards()) {
            StateVar v = g.state();
            List<String> elementNames = SlotTable.elementNames(v.dimensions());
            List<List<Integer>> tuples = SlotTable.indexTuples(v.dimensions());
            for (int e = 0; e < elementNames.size(); e++) {
                int lockIndex = g.hasFixedInstance() ? g.fixedInstance() : g.lockIndexDimension() < 0 ? -1 : tuples.get(e).get(g.lockIndexDimension());
                List<String> fields = new ArrayList<>();
                if (!v.isRecord()) {
                    fields.add("");
                } else if (g.field() != null) {
                    fields.add("." + g.field());
                } else {
                    v.record().fields().forEach(f -> fields.add("." + f.name()));
                }
                for (String f : fields) {
                    int slot = slots.index(v.name() + elementNames.get(e) + f);
                    out.add("new ModelInfo.Guard(" + slot + ", " + JavaText.literal(g.lock().name()) + ", " + lockIndex + ", " + g.span().line() + ")");
                }
            }
        }
        return out;
    }
}
