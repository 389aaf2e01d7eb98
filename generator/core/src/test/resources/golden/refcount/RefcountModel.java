// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelFault;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Expectation;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.contract.model.ModelInfo.ModelError;
import dev.mmspec.contract.model.ModelInfo.Operation;
import dev.mmspec.contract.model.ModelInfo.ScenarioEntry;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import dev.mmspec.contract.model.Packed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state machine of spec {@code refcount} (golden/refcount.mmspec:2): put_page() under the lock.
 *
 * <p>Packed state layout:
 *
 * <ul>
 *   <li>page[2]: words 0+1, 3 bits/element
 *   <li>frees[]: words 0+1, 2 bits/element
 *   <li>lock page_lock[2]: words 0+1, 2 bits/element
 *   <li>task[2]: words 0+1, 6 bits/element
 * </ul>
 */
@SuppressWarnings({"unused", "PointlessArithmeticExpression", "ConstantConditions"})
public final class RefcountModel implements Model {
    /** Longs per packed state. */
    public static final int WORDS = 1;

    private static final int READ = 0;
    private static final int WRITE = 1;

    static final List<String> TASK_NAMES = List.of("cpu0", "cpu1");
    static final List<String> OPERATION_NAMES = List.of("get_put");

    private static final int[] ACTION_TASK = {0, 0, 0, 1, 1, 1};
    private static final int[] ACTION_OPERATION = {-1, 0, 0, -1, 0, 0};
    private static final int[][] ACTION_ARGUMENTS = {{}, {0}, {1}, {}, {0}, {1}};
    /** Global index of each operation's first step: the hot path reads this, not {@code INFO}. */
    private static final int[] FIRST_STEP = {0};

    private static final ModelInfo INFO = buildInfo();

    private final long fixesOff;

    /** The model with every fix on. */
    public RefcountModel() {
        this(0L);
    }

    /** @param fixesOff bit i set: fix i of {@link ModelInfo#fixes()} is switched off */
    public RefcountModel(long fixesOff) {
        this.fixesOff = fixesOff;
    }

    /** @return the model with the named fixes switched off. */
    public static RefcountModel withFixesOff(String... fixes) {
        return new RefcountModel(FixMask.of(INFO, fixes));
    }

    private static ModelInfo buildInfo() {
        List<Action> actions = new ArrayList<>();
        for (int a = 0; a < ACTION_TASK.length; a++) {
            List<Integer> args = new ArrayList<>();
            for (int v : ACTION_ARGUMENTS[a]) {
                args.add(v);
            }
            actions.add(new Action(ACTION_TASK[a], ACTION_OPERATION[a], args));
        }
        return ModelInfo.builder("refcount")
                .title("put_page() under the lock")
                .sourcePath("golden/refcount.mmspec")
                .stateWords(WORDS)
                .slots(
                        new Slot("page[0].ref", SlotKind.STATE, 0, 0, 2, 0, 3, new ValueType.IntType(), -1),
                        new Slot("page[0].freed", SlotKind.STATE, 0, 2, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot("page[1].ref", SlotKind.STATE, 0, 3, 2, 0, 3, new ValueType.IntType(), -1),
                        new Slot("page[1].freed", SlotKind.STATE, 0, 5, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot("frees", SlotKind.GHOST, 0, 6, 2, 0, 2, new ValueType.IntType(), -1),
                        new Slot(
                                "lock page_lock[0]",
                                SlotKind.LOCK_OWNER,
                                0,
                                8,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "lock page_lock[1]",
                                SlotKind.LOCK_OWNER,
                                0,
                                10,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "cpu0.op",
                                SlotKind.TASK_OP,
                                0,
                                12,
                                1,
                                0,
                                1,
                                new ValueType.OperationType(OPERATION_NAMES),
                                0),
                        new Slot("cpu0.pc", SlotKind.TASK_PC, 0, 13, 2, 0, 2, new ValueType.IntType(), 0),
                        new Slot("cpu0.get_put.p", SlotKind.TASK_PARAM, 0, 15, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot("cpu0.get_put.seen", SlotKind.TASK_LOCAL, 0, 16, 2, 0, 3, new ValueType.IntType(), 0),
                        new Slot(
                                "cpu1.op",
                                SlotKind.TASK_OP,
                                0,
                                18,
                                1,
                                0,
                                1,
                                new ValueType.OperationType(OPERATION_NAMES),
                                1),
                        new Slot("cpu1.pc", SlotKind.TASK_PC, 0, 19, 2, 0, 2, new ValueType.IntType(), 1),
                        new Slot("cpu1.get_put.p", SlotKind.TASK_PARAM, 0, 21, 1, 0, 1, new ValueType.IntType(), 1),
                        new Slot("cpu1.get_put.seen", SlotKind.TASK_LOCAL, 0, 22, 2, 0, 3, new ValueType.IntType(), 1))
                .tasks(TASK_NAMES)
                .operations(new Operation("get_put", List.of("p"), 0, 3, 24))
                .steps(
                        new ModelInfo.Step(0, "get", "get_put.get", 27),
                        new ModelInfo.Step(0, "put", "get_put.put", 32),
                        new ModelInfo.Step(0, "finish", "get_put.finish", 42))
                .actions(actions)
                .invariants(
                        new ModelInfo.Invariant(
                                "never_freed_while_used",
                                "a page with references is never freed",
                                "forall p in Page: page[p].freed implies page[p].ref == 0",
                                "",
                                49),
                        new ModelInfo.Invariant(
                                "initial_reference_kept",
                                "the initial reference is never dropped",
                                "page[0].ref >= 1",
                                "",
                                52))
                .fixes(new ModelInfo.Fix("put_locked", "hypothetical: take page_lock around the decrement", 18))
                .errors(
                        new ModelError("operation get_put ended holding a lock", 27),
                        new ModelError("value out of range 0..3 for page.ref", 29),
                        new ModelError("operation get_put ended holding a lock", 32),
                        new ModelError("page_lock taken against the lock order", 34),
                        new ModelError("page_lock taken while this task already holds it (self-deadlock)", 34),
                        new ModelError("value out of range 0..3 for page.ref", 35),
                        new ModelError("page_lock released by a task that does not hold it", 36),
                        new ModelError("operation get_put ended holding a lock", 42),
                        new ModelError("value out of range 0..3 for page.ref", 44))
                .scenarios(new ModelInfo.Scenario(
                        "lost_update",
                        List.of("put_locked"),
                        List.of(
                                new ScenarioEntry(0, 0, List.of(0), 1, 1, 56),
                                new ScenarioEntry(1, 0, List.of(0), 4, 0, 57),
                                new ScenarioEntry(0, 0, List.of(0), 1, -1, 58),
                                new ScenarioEntry(1, 0, List.of(0), 4, -1, 58)),
                        "violates initial_reference_kept",
                        "initial_reference_kept",
                        "",
                        55))
                .expectations(new Expectation("put_locked", "initial_reference_kept", 61))
                .symmetries(List.of(List.of(0, 1)))
                .locks(new LockInfo("page_lock", "spinlock", "folio", 2, -1, List.of(), 15))
                .guards(new ModelInfo.Guard(1, "page_lock", 0, 16), new ModelInfo.Guard(3, "page_lock", 1, 16))
                .build();
    }

    @Override
    public ModelInfo info() {
        return INFO;
    }

    @Override
    public long fixesOff() {
        return fixesOff;
    }

    @Override
    public int apply(long[] src, int action, long[] dst) {
        try {
            switch (action) {
                case 0:
                    return continue_cpu0(src, dst);
                case 1:
                    return start_get_put_cpu0(src, dst, 0);
                case 2:
                    return start_get_put_cpu0(src, dst, 1);
                case 3:
                    return continue_cpu1(src, dst);
                case 4:
                    return start_get_put_cpu1(src, dst, 0);
                case 5:
                    return start_get_put_cpu1(src, dst, 1);
                default:
                    throw new IllegalArgumentException("no action " + action);
            }
        } catch (ModelFault f) {
            return -2 - f.error();
        }
    }

    @Override
    public int taskOf(int action) {
        return ACTION_TASK[action];
    }

    @Override
    public boolean recordsFootprints() {
        return true;
    }

    /** Symmetry reduction (golden/refcount.mmspec:13): tasks of a group sorted, task references renamed. */
    private final dev.mmspec.contract.model.TaskSymmetry symmetry =
            new dev.mmspec.contract.model.TaskSymmetry(INFO, new int[] {});

    @Override
    public void canonicalize(long[] s) {
        symmetry.canonicalize(s);
    }

    @Override
    public boolean idle(long[] s, int task) {
        return t_op(s, task) == 0;
    }

    @Override
    public int nextStep(long[] s, int task) {
        int operation = t_op(s, task);
        return operation == 0 ? -1 : FIRST_STEP[operation - 1] + t_pc(s, task);
    }

    private static boolean quiescent(long[] s) {
        for (int t = 0; t < 2; t++) {
            if (t_op(s, t) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void initialState(long[] s) {
        Arrays.fill(s, 0L);
        final int task = -1;
        try {
            final int e_4 = 0;
            p_page_ref(s, e_4, 1);
        } catch (ModelFault f) {
            final String message = INFO.errors().get(f.error()).message();
            throw new IllegalStateException("init: " + message);
        }
    }

    @Override
    public int violatedInvariant(long[] s) {
        final int task = -1;
        int invariant = 0;
        try {
            // golden/refcount.mmspec:49: never_freed_while_used
            if (!q0(s, task)) {
                return 0;
            }
            invariant = 1;
            // golden/refcount.mmspec:52: initial_reference_kept
            if (!(g_page_ref(s, 0) >= 1)) {
                return 1;
            }
        } catch (ModelFault f) {
            return invariant; // it cannot even be evaluated here (a none dereferenced): that is a violation too
        }
        return -1;
    }

    /**
     * Like {@link #violatedInvariant(long[])}, evaluating only the invariants whose slots differ from {@code before}.
     */
    @Override
    public int violatedInvariant(long[] before, long[] s) {
        final long d0 = before[0] ^ s[0];
        final int task = -1;
        int invariant = 0;
        try {
            // golden/refcount.mmspec:49: never_freed_while_used
            if (((d0 & 0x3fL)) != 0 && !q0(s, task)) {
                return 0;
            }
            invariant = 1;
            // golden/refcount.mmspec:52: initial_reference_kept
            if (((d0 & 0x3fL)) != 0 && !(g_page_ref(s, 0) >= 1)) {
                return 1;
            }
        } catch (ModelFault f) {
            return invariant; // it cannot even be evaluated here (a none dereferenced): that is a violation too
        }
        return -1;
    }

    @Override
    public boolean violates(long[] s, int invariant) {
        final int task = -1;
        try {
            switch (invariant) {
                case 0: // golden/refcount.mmspec:49: never_freed_while_used
                    return !q0(s, task);
                case 1: // golden/refcount.mmspec:52: initial_reference_kept
                    return !(g_page_ref(s, 0) >= 1);
                default:
                    throw new IllegalArgumentException("no invariant " + invariant);
            }
        } catch (ModelFault f) {
            return true; // it cannot even be evaluated here (a none dereferenced): that is a violation too
        }
    }

    /** cpu0 starts get_put: only when idle. */
    private int start_get_put_cpu0(long[] src, long[] dst, int arg_p) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 1);
        tp_pc(dst, task, 0);
        tp_get_put_p(dst, task, arg_p);
        return step_get_put_get_cpu0(dst);
    }

    /** cpu0 continues its operation with the step at its pc. */
    private int continue_cpu0(long[] src, long[] dst) {
        final int task = 0;
        int operation = t_op(src, task);
        if (operation == 0) {
            return DISABLED;
        }
        int pc = t_pc(src, task);
        copy(src, dst);
        switch (operation) {
            case 1: // get_put
                switch (pc) {
                    case 0:
                        return step_get_put_get_cpu0(dst);
                    case 1:
                        return step_get_put_put_cpu0(dst);
                    case 2:
                        return step_get_put_finish_cpu0(dst);
                    default:
                        break;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("task " + task + " at no step: operation " + operation + " pc " + pc);
    }

    /** cpu1 starts get_put: only when idle. */
    private int start_get_put_cpu1(long[] src, long[] dst, int arg_p) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 1);
        tp_pc(dst, task, 0);
        tp_get_put_p(dst, task, arg_p);
        return step_get_put_get_cpu1(dst);
    }

    /** cpu1 continues its operation with the step at its pc. */
    private int continue_cpu1(long[] src, long[] dst) {
        final int task = 1;
        int operation = t_op(src, task);
        if (operation == 0) {
            return DISABLED;
        }
        int pc = t_pc(src, task);
        copy(src, dst);
        switch (operation) {
            case 1: // get_put
                switch (pc) {
                    case 0:
                        return step_get_put_get_cpu1(dst);
                    case 1:
                        return step_get_put_put_cpu1(dst);
                    case 2:
                        return step_get_put_finish_cpu1(dst);
                    default:
                        break;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("task " + task + " at no step: operation " + operation + " pc " + pc);
    }

    private static int advance(long[] s, int task, int pc) {
        tp_pc(s, task, pc);
        return NO_OUTCOME;
    }

    /**
     * Ends cpu0's operation: nothing of it may stay in the state, so idle tasks look alike. Its operation, pc,
     * parameters and locals all store their initial value as 0: one mask per word clears them.
     */
    private static int finish_cpu0(long[] s, int outcome, int lockError) {
        final int task = 0;
        if (holdsAnyLock(s, task)) {
            throw Packed.fault(lockError);
        }
        Packed.wrote(s, WORDS, 0, 0, 0x3f000L);
        s[0] &= ~0x3f000L;
        return outcome;
    }

    /**
     * Ends cpu1's operation: nothing of it may stay in the state, so idle tasks look alike. Its operation, pc,
     * parameters and locals all store their initial value as 0: one mask per word clears them.
     */
    private static int finish_cpu1(long[] s, int outcome, int lockError) {
        final int task = 1;
        if (holdsAnyLock(s, task)) {
            throw Packed.fault(lockError);
        }
        Packed.wrote(s, WORDS, 0, 0, 0xfc0000L);
        s[0] &= ~0xfc0000L;
        return outcome;
    }

    /** Copies a state: {@code WORDS} is small, so word by word. */
    private static void copy(long[] src, long[] dst) {
        dst[0] = src[0];
    }

    /** golden/refcount.mmspec:27: step get_put.get. Run by task cpu0. */
    private int step_get_put_get_cpu0(long[] s) {
        final int task = 0;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (!((g_page_ref(s, v_p) > 0) && !(g_page_freed(s, v_p) != 0))) {
            return DISABLED;
        }
        final int e = v_p;
        p_page_ref(s, e, Packed.check((g_page_ref(s, v_p) + 1), 0, 3, 1));
        return advance(s, task, 1);
    }

    /** golden/refcount.mmspec:27: step get_put.get. Run by task cpu1. */
    private int step_get_put_get_cpu1(long[] s) {
        final int task = 1;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (!((g_page_ref(s, v_p) > 0) && !(g_page_freed(s, v_p) != 0))) {
            return DISABLED;
        }
        final int e = v_p;
        p_page_ref(s, e, Packed.check((g_page_ref(s, v_p) + 1), 0, 3, 1));
        return advance(s, task, 1);
    }

    /** golden/refcount.mmspec:32: step get_put.put. Run by task cpu0. */
    private int step_get_put_put_cpu0(long[] s) {
        final int task = 0;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (((fixesOff & 1L) == 0L)) {
            if (!lock_page_lock(s, task, v_p, WRITE, 3, 4)) {
                return DISABLED;
            }
            final int e_2 = v_p;
            p_page_ref(s, e_2, Packed.check((g_page_ref(s, v_p) - 1), 0, 3, 5));
            unlock_page_lock(s, task, v_p, WRITE, 6);
        } else {
            v_seen = g_page_ref(s, v_p);
            tp_get_put_seen(s, task, v_seen);
        }
        return advance(s, task, 2);
    }

    /** golden/refcount.mmspec:32: step get_put.put. Run by task cpu1. */
    private int step_get_put_put_cpu1(long[] s) {
        final int task = 1;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (((fixesOff & 1L) == 0L)) {
            if (!lock_page_lock(s, task, v_p, WRITE, 3, 4)) {
                return DISABLED;
            }
            final int e_2 = v_p;
            p_page_ref(s, e_2, Packed.check((g_page_ref(s, v_p) - 1), 0, 3, 5));
            unlock_page_lock(s, task, v_p, WRITE, 6);
        } else {
            v_seen = g_page_ref(s, v_p);
            tp_get_put_seen(s, task, v_seen);
        }
        return advance(s, task, 2);
    }

    /** golden/refcount.mmspec:42: step get_put.finish. Run by task cpu0. */
    private int step_get_put_finish_cpu0(long[] s) {
        final int task = 0;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (!((fixesOff & 1L) == 0L)) {
            final int e_3 = v_p;
            p_page_ref(s, e_3, Packed.check((v_seen - 1), 0, 3, 8));
        }
        return finish_cpu0(s, NO_OUTCOME, 7);
    }

    /** golden/refcount.mmspec:42: step get_put.finish. Run by task cpu1. */
    private int step_get_put_finish_cpu1(long[] s) {
        final int task = 1;
        int v_p = t_get_put_p(s, task);
        int v_seen = t_get_put_seen(s, task);
        if (!((fixesOff & 1L) == 0L)) {
            final int e_3 = v_p;
            p_page_ref(s, e_3, Packed.check((v_seen - 1), 0, 3, 8));
        }
        return finish_cpu1(s, NO_OUTCOME, 7);
    }

    /** forall at spec line 50, unrolled over p in Page (0..1). */
    private boolean q0(long[] s, int task) {
        // p = 0
        if (!(!(g_page_freed(s, 0) != 0) || (g_page_ref(s, 0) == 0))) {
            return false;
        }
        // p = 1
        if (!(!(g_page_freed(s, 1) != 0) || (g_page_ref(s, 1) == 0))) {
            return false;
        }
        return true;
    }

    static int g_page_ref(long[] s, int e) {
        Packed.read(s, WORDS, 0, e * 3, 0x3L);
        return Packed.get(s, 0, e * 3, 0x3L, 0);
    }

    static void p_page_ref(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, e * 3, 0x3L);
        Packed.set(s, 0, e * 3, 0x3L, 0, v);
    }

    static int g_page_freed(long[] s, int e) {
        Packed.read(s, WORDS, 0, 2 + e * 3, 0x1L);
        return Packed.get(s, 0, 2 + e * 3, 0x1L, 0);
    }

    static void p_page_freed(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 2 + e * 3, 0x1L);
        Packed.set(s, 0, 2 + e * 3, 0x1L, 0, v);
    }

    /** Writes every field of page[e] at once (the same as one setter per field). */
    static void pr_page(long[] s, int e, int f_ref, int f_freed) {
        long bits = ((long) f_ref & 0x3L) | ((long) f_freed & 0x1L) << 2;
        int shift = e * 3;
        Packed.wrote(s, WORDS, 0, shift, 0x7L);
        s[0] = (s[0] & ~(0x7L << shift)) | (bits << shift);
    }

    static int g_frees(long[] s, int e) {
        Packed.read(s, WORDS, 0, 6, 0x3L);
        return Packed.get(s, 0, 6, 0x3L, 0);
    }

    static void p_frees(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 6, 0x3L);
        Packed.set(s, 0, 6, 0x3L, 0, v);
    }

    static int t_op(long[] s, int e) {
        Packed.read(s, WORDS, 0, 12 + e * 6, 0x1L);
        return Packed.get(s, 0, 12 + e * 6, 0x1L, 0);
    }

    static void tp_op(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 12 + e * 6, 0x1L);
        Packed.set(s, 0, 12 + e * 6, 0x1L, 0, v);
    }

    static int t_pc(long[] s, int e) {
        Packed.read(s, WORDS, 0, 13 + e * 6, 0x3L);
        return Packed.get(s, 0, 13 + e * 6, 0x3L, 0);
    }

    static void tp_pc(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 13 + e * 6, 0x3L);
        Packed.set(s, 0, 13 + e * 6, 0x3L, 0, v);
    }

    static int t_get_put_p(long[] s, int e) {
        Packed.read(s, WORDS, 0, 15 + e * 6, 0x1L);
        return Packed.get(s, 0, 15 + e * 6, 0x1L, 0);
    }

    static void tp_get_put_p(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 15 + e * 6, 0x1L);
        Packed.set(s, 0, 15 + e * 6, 0x1L, 0, v);
    }

    static int t_get_put_seen(long[] s, int e) {
        Packed.read(s, WORDS, 0, 16 + e * 6, 0x3L);
        return Packed.get(s, 0, 16 + e * 6, 0x3L, 0);
    }

    static void tp_get_put_seen(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 16 + e * 6, 0x3L);
        Packed.set(s, 0, 16 + e * 6, 0x3L, 0, v);
    }

    static int owner_page_lock(long[] s, int e) {
        Packed.read(s, WORDS, 0, 8 + e * 2, 0x3L);
        return Packed.get(s, 0, 8 + e * 2, 0x3L, 0);
    }

    static void setOwner_page_lock(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 8 + e * 2, 0x3L);
        Packed.set(s, 0, 8 + e * 2, 0x3L, 0, v);
    }

    private static boolean held_page_lock(long[] s, int e) {
        return owner_page_lock(s, e) != 0;
    }

    private static boolean heldAny_page_lock(long[] s) {
        for (int e = 0; e < 2; e++) {
            if (held_page_lock(s, e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds_page_lock(long[] s, int task, int e, int mode) {
        return Packed.get(s, 0, 8 + e * 2, 0x3L, 0) == task + 1;
    }

    private static boolean free_page_lock(long[] s, int e, int mode) {
        return owner_page_lock(s, e) == 0;
    }

    private static void take_page_lock(long[] s, int task, int e, int mode) {
        setOwner_page_lock(s, e, task + 1);
    }

    /** Takes page_lock[e]; false if another task holds it (the step blocks). */
    private static boolean lock_page_lock(long[] s, int task, int e, int mode, int orderError, int selfError) {
        if (holds_page_lock(s, task, e, READ)) {
            throw Packed.fault(selfError);
        }
        if (!free_page_lock(s, e, mode)) {
            return false;
        }
        take_page_lock(s, task, e, mode);
        return true;
    }

    /** folio_trylock() and friends: cannot deadlock, so the order does not apply. */
    private static boolean tryLock_page_lock(long[] s, int task, int e, int mode) {
        if (holds_page_lock(s, task, e, READ) || !free_page_lock(s, e, mode)) {
            return false;
        }
        take_page_lock(s, task, e, mode);
        return true;
    }

    private static void unlock_page_lock(long[] s, int task, int e, int mode, int notHeldError) {
        if (Packed.get(s, 0, 8 + e * 2, 0x3L, 0) != task + 1) {
            throw Packed.fault(notHeldError);
        }
        setOwner_page_lock(s, e, 0);
    }

    /** Whether the task holds any page_lock: every instance's owner tested at once, word by word. */
    private static boolean holdsAny_page_lock(long[] s, int task) {
        return Packed.anyFieldEquals(s[0], 0x500L, 0xa00L, 0xf00L, task + 1);
    }

    private static boolean holdsAnyLock(long[] s, int task) {
        return holdsAny_page_lock(s, task);
    }
}
