package dev.mmspec.generator.lower;

import static dev.mmspec.generator.lower.Code.param;
import static dev.mmspec.generator.lower.JavaExpr.and;
import static dev.mmspec.generator.lower.JavaExpr.arrayInit;
import static dev.mmspec.generator.lower.JavaExpr.at;
import static dev.mmspec.generator.lower.JavaExpr.binary;
import static dev.mmspec.generator.lower.JavaExpr.call;
import static dev.mmspec.generator.lower.JavaExpr.complement;
import static dev.mmspec.generator.lower.JavaExpr.compound;
import static dev.mmspec.generator.lower.JavaExpr.eq;
import static dev.mmspec.generator.lower.JavaExpr.hex;
import static dev.mmspec.generator.lower.JavaExpr.infix;
import static dev.mmspec.generator.lower.JavaExpr.ints;
import static dev.mmspec.generator.lower.JavaExpr.listOf;
import static dev.mmspec.generator.lower.JavaExpr.listOfInts;
import static dev.mmspec.generator.lower.JavaExpr.method;
import static dev.mmspec.generator.lower.JavaExpr.ne;
import static dev.mmspec.generator.lower.JavaExpr.newObject;
import static dev.mmspec.generator.lower.JavaExpr.not;
import static dev.mmspec.generator.lower.JavaExpr.paren;
import static dev.mmspec.generator.lower.JavaExpr.str;
import static dev.mmspec.generator.lower.JavaExpr.strs;
import static dev.mmspec.generator.lower.JavaExpr.ternary;

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
 * Lowers a checked spec to the view of its model class: the packed layout, one method per step and task that runs it
 * (the task index a compile-time constant in each), per-task start, continue and finish methods that {@code apply}
 * dispatches to by action, the invariants, the initial state and the {@code ModelInfo} literal.
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
            if (act[0] == task.index()
                    && act[1] == op.index()
                    && actionArgs.get(a).equals(args)) {
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
        return new ModelView(
                JavaText.lineComment(spec.sourcePath()),
                JavaText.javadoc(spec.sourcePath()),
                packageName,
                className,
                JavaText.javadoc(spec.name()),
                JavaText.javadoc(spec.title()),
                spec.span().line(),
                layout.describe().stream().map(JavaText::javadoc).toList(),
                members);
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
        c.doc("Longs per packed state.");
        c.field("public static final", "int", "WORDS", Integer.toString(layout.words()));
        c.blank();
        c.field("private static final", "int", "READ", "0");
        c.field("private static final", "int", "WRITE", "1");
        c.blank();
        c.field(
                "static final",
                "List<String>",
                "TASK_NAMES",
                listOf(strs(spec.tasks().stream().map(Task::name).toList())));
        c.field(
                "static final",
                "List<String>",
                "OPERATION_NAMES",
                listOf(strs(spec.operations().stream().map(Operation::name).toList())));
        c.blank();
        c.field(
                "private static final",
                "int[]",
                "ACTION_TASK",
                arrayInit(ints(actions.stream().map(a -> a[0]).toList())));
        c.field(
                "private static final",
                "int[]",
                "ACTION_OPERATION",
                arrayInit(ints(actions.stream().map(a -> a[1]).toList())));
        c.field(
                "private static final",
                "int[][]",
                "ACTION_ARGUMENTS",
                arrayInit(actionArgs.stream().map(a -> arrayInit(ints(a))).toList()));
        c.ownDoc("Global index of each operation's first step: the hot path reads this, not {@code INFO}.");
        c.field(
                "private static final",
                "int[]",
                "FIRST_STEP",
                arrayInit(ints(spec.operations().stream()
                        .map(o -> o.steps().get(0).globalIndex())
                        .toList())));
        c.blank();
        c.field("private static final", "ModelInfo", "INFO", call("buildInfo"));
        c.blank();
        c.stmt("private final long fixesOff");
        c.blank();
        c.doc("The model with every fix on.");
        c.constructor("public", className, List.of()).stmt(call("this", "0L")).close();
        c.blank();
        c.ownDoc("@param fixesOff bit i set: fix i of {@link ModelInfo#fixes()} is switched off");
        c.constructor("public", className, List.of(param("long", "fixesOff")))
                .assign("this.fixesOff", "fixesOff")
                .close();
        c.blank();
        c.ownDoc("@return the model with the named fixes switched off.");
        c.method("public static", className, "withFixesOff", List.of(param("String...", "fixes")));
        c.returns(newObject(className, call("FixMask.of", "INFO", "fixes")));
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

    /**
     * The methods of one step: its body is lowered once, then copied into one method per task that runs the operation,
     * with {@code task} a compile-time constant, so that every access to the task's own fields and locks has a constant
     * word and shift. The operation's parameters and locals are read once, into Java locals, at the start.
     */
    private List<String> stepMethods(Operation op, Step step) {
        Code body = new Code();
        body.open("");
        boolean last = step.index() == op.steps().size() - 1;
        int endLock = errors.add("operation " + op.name() + " ended holding a lock", step.span());
        stmts.step(
                step.body(),
                new StmtEmitter.Context(false, op.name(), step.index() + 1, last, endLock, new HashSet<>()),
                body);
        body.close();
        List<String> bodyLines = body.lines().subList(1, body.lines().size() - 1);
        List<String> out = new ArrayList<>();
        for (Task t : spec.tasks()) {
            if (!t.operations().contains(op)) {
                continue;
            }
            Code c = new Code();
            c.doc(spec.sourcePath() + ":" + step.span().line() + ": step " + step.label() + ". Run by task " + t.name()
                    + ".");
            c.method("private", "int", members.step(t, op, step), List.of(param("long[]", "s")));
            c.declareFinal("int", "task", Integer.toString(t.index()));
            List<Var> vars = new ArrayList<>(op.parameters());
            vars.addAll(op.locals());
            for (Var v : vars) {
                c.declare(v.type() instanceof Type.BoolType ? "boolean" : "int", expr.local(v), expr.taskRead(v));
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
        c.override();
        c.method("public", "int", "violatedInvariant", List.of(param("long[]", "s")));
        firstViolated(c, inv -> "");
        c.blank();
        // The checking search's version: an invariant none of whose slots changed since a state
        // where every invariant held still holds, so only the others are evaluated.
        SlotTable slots = new SlotTable(spec, layout);
        int words = layout.words();
        c.ownDoc("Like {@link #violatedInvariant(long[])}, evaluating only the invariants whose slots differ from "
                + "{@code before}.");
        c.override();
        c.method("public", "int", "violatedInvariant", List.of(param("long[]", "before"), param("long[]", "s")));
        for (int w = 0; w < words; w++) {
            c.declareFinal(
                    "long", "d" + w, infix(at("before", Integer.toString(w)), "^", at("s", Integer.toString(w))));
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
                    changed.add(binary("d" + w, "&", hex(masks[w])));
                }
            }
            return changed.isEmpty() ? null : ne(paren(String.join(" | ", changed)), "0");
        });
        c.blank();
        c.override();
        c.method("public", "boolean", "violates", List.of(param("long[]", "s"), param("int", "invariant")));
        c.declareFinal("int", "task", "-1");
        c.tryBlock();
        c.switchOn("invariant");
        for (Invariant inv : spec.invariants()) {
            c.caseLabel(
                    Integer.toString(inv.index()),
                    spec.sourcePath() + ":" + inv.span().line() + ": " + inv.name());
            c.in().returns(violation(inv)).out();
        }
        c.defaultLabel();
        c.in().throwsIt(newObject("IllegalArgumentException", infix(str("no invariant "), "+", "invariant")))
                .out();
        c.close();
        c.catches("ModelFault", "f");
        c.returns("true", "it cannot even be evaluated here (a none dereferenced): that is a violation too");
        c.close();
        c.close();
        return c.lines();
    }

    /**
     * The body of a {@code violatedInvariant} method (its signature already open): the invariants in order, each
     * evaluated only if {@code guard} (a Java condition, "" for always) allows, null meaning it reads no state and so
     * cannot have become false.
     */
    private void firstViolated(Code c, java.util.function.Function<Invariant, String> guard) {
        c.declareFinal("int", "task", "-1");
        c.declare("int", "invariant", "0");
        c.tryBlock();
        for (Invariant inv : spec.invariants()) {
            String when = guard.apply(inv);
            if (when == null) {
                c.comment(inv.name() + " reads no state: it held before, it holds now");
                continue;
            }
            if (inv.index() > 0) {
                c.assign("invariant", Integer.toString(inv.index()));
            }
            c.comment(spec.sourcePath() + ":" + inv.span().line() + ": " + inv.name());
            c.ifThen(when.isEmpty() ? violation(inv) : and(when, violation(inv)));
            c.returns(Integer.toString(inv.index()));
            c.close();
        }
        c.catches("ModelFault", "f");
        c.returns("invariant", "it cannot even be evaluated here (a none dereferenced): that is a violation too");
        c.close();
        c.returns("-1");
        c.close();
    }

    /** @return the Java condition under which {@code inv} is violated (its {@code when} qualifier honoured). */
    private String violation(Invariant inv) {
        String violated = not(expr.bool(inv.body()));
        return inv.when() == null ? violated : and(expr.bool(inv.when()), violated);
    }

    private List<String> initialState() {
        Code c = new Code();
        c.override();
        c.method("public", "void", "initialState", List.of(param("long[]", "s")));
        c.stmt(call("Arrays.fill", "s", "0L"));
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
            c.declareFinal("int", "task", "-1");
            c.tryBlock();
            stmts.block(spec.init(), new StmtEmitter.Context(true, "init", 0, false, 0, new HashSet<>()), c);
            c.catches("ModelFault", "f");
            // A local for the message: palantir-java-format breaks a throw that holds the whole call chain.
            c.declareFinal(
                    "String",
                    "message",
                    method(method(method("INFO", "errors"), "get", method("f", "error")), "message"));
            c.throwsIt(newObject("IllegalStateException", infix(str("init: "), "+", "message")));
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
            c.stmt(call(setter, "s", "0", Integer.toString(initial)));
        } else {
            c.forBelow("e", "0", Integer.toString(elements))
                    .stmt(call(setter, "s", "e", Integer.toString(initial)))
                    .close();
        }
    }

    private List<String> modelMethods() {
        Code c = new Code();
        c.override();
        c.method("public", "ModelInfo", "info", List.of()).returns("INFO").close();
        c.blank();
        c.override();
        c.method("public", "long", "fixesOff", List.of()).returns("fixesOff").close();
        c.blank();
        c.override();
        c.method(
                "public",
                "int",
                "apply",
                List.of(param("long[]", "src"), param("int", "action"), param("long[]", "dst")));
        c.tryBlock();
        c.switchOn("action");
        for (int a = 0; a < actions.size(); a++) {
            Task t = spec.tasks().get(actions.get(a)[0]);
            int opIndex = actions.get(a)[1];
            c.caseLabel(Integer.toString(a));
            if (opIndex < 0) {
                c.in().returns(call(members.continueMethod(t), "src", "dst")).out();
            } else {
                Operation op = spec.operations().get(opIndex);
                c.in().returns(call(members.start(t, op), List.of("src", "dst"), ints(actionArgs.get(a))))
                        .out();
            }
        }
        c.defaultLabel();
        c.in().throwsIt(newObject("IllegalArgumentException", infix(str("no action "), "+", "action")))
                .out();
        c.close();
        c.catches("ModelFault", "f");
        c.returns(infix("-2", "-", call("f.error")));
        c.close();
        c.close();
        c.blank();
        c.override();
        c.method("public", "int", "taskOf", List.of(param("int", "action")))
                .returns(at("ACTION_TASK", "action"))
                .close();
        c.blank();
        c.override();
        c.method("public", "boolean", "recordsFootprints", List.of())
                .returns("true")
                .close();
        symmetry.members(c);
        c.blank();
        c.override();
        c.method("public", "boolean", "idle", List.of(param("long[]", "s"), param("int", "task")))
                .returns(eq(call(taskOp(), "s", "task"), "0"))
                .close();
        c.blank();
        c.override();
        c.method("public", "int", "nextStep", List.of(param("long[]", "s"), param("int", "task")));
        c.declare("int", "operation", call(taskOp(), "s", "task"));
        c.returns(ternary(
                eq("operation", "0"),
                "-1",
                infix(at("FIRST_STEP", infix("operation", "-", "1")), "+", call(taskPc(), "s", "task"))));
        c.close();
        c.blank();
        c.method("private static", "boolean", "quiescent", List.of(param("long[]", "s")));
        c.forBelow("t", "0", Integer.toString(spec.tasks().size()));
        c.ifThen(ne(call(taskOp(), "s", "t"), "0")).returns("false").close();
        c.close();
        c.returns("true");
        c.close();
        return c.lines();
    }

    /**
     * Per task: one start method per operation it runs and one continue method, each with the task index a constant;
     * they check on the source state whether the task may move before copying it.
     */
    private List<String> dispatch() {
        Code c = new Code();
        for (Task t : spec.tasks()) {
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                List<String> params = new ArrayList<>(List.of(param("long[]", "src"), param("long[]", "dst")));
                NameAllocator locals = new NameAllocator(List.of("src", "dst", "task"));
                List<String> argNames = op.parameters().stream()
                        .map(p -> locals.newName("arg_" + p.name()))
                        .toList();
                for (String arg : argNames) {
                    params.add(param("int", arg));
                }
                c.doc(t.name() + " starts " + op.name() + ": only when idle.");
                c.method("private", "int", members.start(t, op), params);
                c.declareFinal("int", "task", Integer.toString(t.index()));
                c.ifThen(ne(call(taskOp(), "src", "task"), "0"))
                        .returns("DISABLED")
                        .close();
                c.stmt(call("copy", "src", "dst"));
                c.stmt(call(setTaskOp(), "dst", "task", Integer.toString(op.index() + 1)));
                c.stmt(call(setTaskPc(), "dst", "task", "0"));
                for (int i = 0; i < argNames.size(); i++) {
                    c.stmt(call(
                            members.taskFieldSetter(
                                    layout.taskField(op.parameters().get(i))),
                            "dst",
                            "task",
                            argNames.get(i)));
                }
                c.returns(call(members.step(t, op, op.steps().get(0)), "dst"));
                c.close();
                c.blank();
            }
            c.doc(t.name() + " continues its operation with the step at its pc.");
            c.method(
                    "private",
                    "int",
                    members.continueMethod(t),
                    List.of(param("long[]", "src"), param("long[]", "dst")));
            c.declareFinal("int", "task", Integer.toString(t.index()));
            c.declare("int", "operation", call(taskOp(), "src", "task"));
            c.ifThen(eq("operation", "0")).returns("DISABLED").close();
            c.declare("int", "pc", call(taskPc(), "src", "task"));
            c.stmt(call("copy", "src", "dst"));
            c.switchOn("operation");
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                c.caseLabel(Integer.toString(op.index() + 1), op.name());
                c.in().switchOn("pc");
                for (Step step : op.steps()) {
                    c.caseLabel(Integer.toString(step.index()));
                    c.in().returns(call(members.step(t, op, step), "dst")).out();
                }
                c.defaultLabel();
                c.in().breaks().out();
                c.close().breaks().out();
            }
            c.defaultLabel();
            c.in().breaks().out();
            c.close();
            c.throwsIt(newObject(
                    "IllegalStateException",
                    String.join(
                            " + ",
                            List.of(
                                    str("task "),
                                    "task",
                                    str(" at no step: operation "),
                                    "operation",
                                    str(" pc "),
                                    "pc"))));
            c.close();
            c.blank();
        }
        c.method(
                "private static",
                "int",
                "advance",
                List.of(param("long[]", "s"), param("int", "task"), param("int", "pc")));
        c.stmt(call(setTaskPc(), "s", "task", "pc"));
        c.returns("NO_OUTCOME");
        c.close();
        c.blank();
        Block tasks = layout.tasks();
        for (Task t : spec.tasks()) {
            c.line("/**");
            c.line(" * Ends " + JavaText.javadoc(t.name())
                    + "'s operation: nothing of it may stay in the state, so idle tasks look alike. Its");
            c.line(" * operation, pc, parameters and locals all store their initial value as 0: one mask per word "
                    + "clears them.");
            c.line(" */");
            c.method(
                    "private static",
                    "int",
                    members.finish(t),
                    List.of(param("long[]", "s"), param("int", "outcome"), param("int", "lockError")));
            c.declareFinal("int", "task", Integer.toString(t.index()));
            c.ifThen(call("holdsAnyLock", "s", "task"))
                    .throwsIt(call("Packed.fault", "lockError"))
                    .close();
            java.util.Map<Integer, Long> masks = new java.util.TreeMap<>();
            for (Field f : tasks.fields()) {
                masks.merge(tasks.word(t.index(), f), f.mask() << tasks.shift(t.index(), f), (x, y) -> x | y);
            }
            for (var m : masks.entrySet()) {
                c.stmt(call("Packed.wrote", "s", "WORDS", Integer.toString(m.getKey()), "0", hex(m.getValue())));
                c.stmt(compound(at("s", Integer.toString(m.getKey())), "&", complement(hex(m.getValue()))));
            }
            c.returns("outcome");
            c.close();
            c.blank();
        }
        c.ownDoc("Copies a state: {@code WORDS} is small, so word by word.");
        c.method("private static", "void", "copy", List.of(param("long[]", "src"), param("long[]", "dst")));
        if (layout.words() <= 8) {
            for (int w = 0; w < layout.words(); w++) {
                c.assign(at("dst", Integer.toString(w)), at("src", Integer.toString(w)));
            }
        } else {
            c.stmt(call("System.arraycopy", "src", "0", "dst", "0", "WORDS"));
        }
        c.close();
        return c.lines();
    }

    /**
     * {@code buildInfo()}: the model's {@code ModelInfo}, built by name. A part the spec does not have is left out (its
     * default is empty), so the call shows what the spec declares.
     */
    private List<String> info() {
        SlotTable slots = new SlotTable(spec, layout);
        Code c = new Code();
        c.method("private static", "ModelInfo", "buildInfo", List.of());
        c.declare("List<Action>", "actions", newObject("ArrayList<>"));
        c.forBelow("a", "0", "ACTION_TASK.length");
        c.declare("List<Integer>", "args", newObject("ArrayList<>"));
        c.open("for (int v : ACTION_ARGUMENTS[a])")
                .stmt(method("args", "add", "v"))
                .close();
        c.stmt(method(
                "actions", "add", newObject("Action", at("ACTION_TASK", "a"), at("ACTION_OPERATION", "a"), "args")));
        c.close();
        c.returnsChain(call("ModelInfo.builder", str(spec.name())));
        part(c, "title", str(spec.title()));
        part(c, "sourcePath", str(spec.sourcePath()));
        part(c, "stateWords", "WORDS");
        parts(c, "slots", slots.sources());
        part(c, "tasks", "TASK_NAMES");
        List<String> ops = new ArrayList<>();
        for (Operation op : spec.operations()) {
            ops.add(newObject(
                    "Operation",
                    str(op.name()),
                    listOf(strs(op.parameters().stream().map(Var::name).toList())),
                    Integer.toString(op.steps().get(0).globalIndex()),
                    Integer.toString(op.steps().size()),
                    Integer.toString(op.span().line())));
        }
        parts(c, "operations", ops);
        List<String> steps = new ArrayList<>();
        for (Operation op : spec.operations()) {
            for (Step st : op.steps()) {
                steps.add(newObject(
                        "ModelInfo.Step",
                        Integer.toString(op.index()),
                        str(st.name()),
                        str(st.label()),
                        Integer.toString(st.span().line())));
            }
        }
        parts(c, "steps", steps);
        part(c, "actions", "actions");
        List<String> invs = new ArrayList<>();
        for (Invariant inv : spec.invariants()) {
            invs.add(newObject(
                    "ModelInfo.Invariant",
                    str(inv.name()),
                    str(inv.description()),
                    str(inv.text()),
                    str(inv.whenText()),
                    Integer.toString(inv.span().line())));
        }
        parts(c, "invariants", invs);
        parts(
                c,
                "fixes",
                spec.fixes().stream()
                        .map(f -> newObject(
                                "ModelInfo.Fix",
                                str(f.name()),
                                str(f.source()),
                                Integer.toString(f.span().line())))
                        .toList());
        parts(c, "outcomes", strs(spec.outcomes()));
        parts(
                c,
                "errors",
                errors.all().stream()
                        .map(e -> newObject("ModelError", str(e.message()), Integer.toString(e.line())))
                        .toList());
        parts(c, "scenarios", spec.scenarios().stream().map(this::scenario).toList());
        parts(
                c,
                "expectations",
                spec.expectations().stream().map(ModelLowering::expectation).toList());
        listPart(
                c,
                "symmetries",
                spec.symmetries().stream().map(ModelLowering::symmetry).toList());
        parts(c, "locks", spec.locks().stream().map(ModelLowering::lockInfo).toList());
        parts(c, "guards", guards(slots));
        // Partial-order reduction: the steps each task may run alone (see Independence).
        List<List<Integer>> independent = Independence.of(spec);
        if (independent.stream().anyMatch(alone -> !alone.isEmpty())) {
            listPart(
                    c,
                    "independentSteps",
                    independent.stream().map(JavaExpr::listOfInts).toList());
        }
        parts(c, "symmetricDomains", symmetry.infoItems());
        c.chainEnd(call("build"));
        c.close();
        return c.lines();
    }

    /** One part of the {@code ModelInfo.builder(...)} chain: {@code .name(value)}. */
    private static void part(Code c, String name, String value) {
        c.chained(name, value);
    }

    /** A list part, its elements as arguments; left out when empty (the builder's default). */
    private static void parts(Code c, String name, List<String> items) {
        if (!items.isEmpty()) {
            c.chained(name, items);
        }
    }

    /** A part whose elements are lists themselves: one {@code List.of(...)} of them; left out when empty. */
    private static void listPart(Code c, String name, List<String> items) {
        if (!items.isEmpty()) {
            c.chained(name, List.of(listOf(items)));
        }
    }

    private String scenario(Scenario sc) {
        List<String> entries = new ArrayList<>();
        for (Scenario.Entry e : sc.entries()) {
            int action = startAction(e.task(), e.operation(), e.arguments());
            int through = e.through() == null ? -1 : e.through().globalIndex();
            entries.add(newObject(
                    "ScenarioEntry",
                    Integer.toString(e.task().index()),
                    Integer.toString(e.operation().index()),
                    listOfInts(e.arguments()),
                    Integer.toString(action),
                    Integer.toString(through),
                    Integer.toString(e.span().line())));
        }
        String expected = switch (sc.expected()) {
            case HOLDS -> "holds";
            case VIOLATES -> "violates " + sc.expectedInvariant().name();
            case OUTCOME -> "outcome " + sc.expectedOutcome();
        };
        return newObject(
                "ModelInfo.Scenario",
                str(sc.name()),
                listOf(strs(sc.fixesOff().stream().map(Fix::name).toList())),
                listOf(entries),
                str(expected),
                str(sc.expectedInvariant() == null ? "" : sc.expectedInvariant().name()),
                str(sc.expectedOutcome() == null ? "" : sc.expectedOutcome()),
                Integer.toString(sc.span().line()));
    }

    private static String expectation(Expectation e) {
        return newObject(
                "Expectation",
                str(e.fix().name()),
                str(e.invariant().name()),
                Integer.toString(e.span().line()));
    }

    private static String symmetry(Symmetry s) {
        return listOfInts(s.tasks().stream().map(Task::index).toList());
    }

    private static String lockInfo(Lock l) {
        return newObject(
                "LockInfo",
                str(l.name()),
                str(l.kind().spelling()),
                str(l.granularity() == null ? "" : l.granularity()),
                Integer.toString(l.instances()),
                Integer.toString(l.rank()),
                listOf(strs(l.after())),
                Integer.toString(l.span().line()));
    }

    /** The guard rules made concrete: one entry per guarded slot. */
    private List<String> guards(SlotTable slots) {
        List<String> out = new ArrayList<>();
        for (Guard g : spec.guards()) {
            StateVar v = g.state();
            List<String> elementNames = SlotTable.elementNames(v.dimensions());
            List<List<Integer>> tuples = SlotTable.indexTuples(v.dimensions());
            for (int e = 0; e < elementNames.size(); e++) {
                int lockIndex = g.hasFixedInstance()
                        ? g.fixedInstance()
                        : g.lockIndexDimension() < 0 ? -1 : tuples.get(e).get(g.lockIndexDimension());
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
                    out.add(newObject(
                            "ModelInfo.Guard",
                            Integer.toString(slot),
                            str(g.lock().name()),
                            Integer.toString(lockIndex),
                            Integer.toString(g.span().line())));
                }
            }
        }
        return out;
    }
}
