// Generated from fixtures/good/symmetric_folios.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.symmetric_folios;

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
 * The state machine of spec {@code symmetric_folios} (fixtures/good/symmetric_folios.mmspec:7): what a symmetric domain
 * allows.
 *
 * <p>Packed state layout:
 *
 * <ul>
 *   <li>folio[3]: words 0+1, 3 bits/element
 *   <li>pte[2]: words 0+1, 3 bits/element
 *   <li>lock folio_lock[3]: words 0+1, 2 bits/element
 *   <li>lock ptl[2]: words 0+1, 2 bits/element
 *   <li>task[2]: words 0+1, 7 bits/element
 * </ul>
 */
@SuppressWarnings({"unused", "PointlessArithmeticExpression", "ConstantConditions"})
public final class SymmetricFoliosModel implements Model {
    /** Longs per packed state. */
    public static final int WORDS = 1;

    private static final int READ = 0;
    private static final int WRITE = 1;

    static final List<String> TASK_NAMES = List.of("app0", "app1");
    static final List<String> OPERATION_NAMES = List.of("map", "unmap", "write", "share", "writeback");

    private static final int[] ACTION_TASK = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
    };
    private static final int[] ACTION_OPERATION = {
        -1, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, -1, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4
    };
    private static final int[][] ACTION_ARGUMENTS = {
        {}, {0}, {1}, {0}, {1}, {0}, {1}, {0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {}, {}, {0}, {1}, {0}, {1},
        {0}, {1}, {0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {}
    };
    /** Global index of each operation's first step: the hot path reads this, not {@code INFO}. */
    private static final int[] FIRST_STEP = {0, 2, 3, 4, 5};

    private static final ModelInfo INFO = buildInfo();

    private final long fixesOff;

    /** The model with every fix on. */
    public SymmetricFoliosModel() {
        this(0L);
    }

    /** @param fixesOff bit i set: fix i of {@link ModelInfo#fixes()} is switched off */
    public SymmetricFoliosModel(long fixesOff) {
        this.fixesOff = fixesOff;
    }

    /** @return the model with the named fixes switched off. */
    public static SymmetricFoliosModel withFixesOff(String... fixes) {
        return new SymmetricFoliosModel(FixMask.of(INFO, fixes));
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
        return ModelInfo.builder("symmetric_folios")
                .title("what a symmetric domain allows")
                .sourcePath("fixtures/good/symmetric_folios.mmspec")
                .stateWords(WORDS)
                .slots(
                        new Slot("folio[0].ref", SlotKind.STATE, 0, 0, 2, 0, 2, new ValueType.IntType(), -1),
                        new Slot("folio[0].dirty", SlotKind.STATE, 0, 2, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot("folio[1].ref", SlotKind.STATE, 0, 3, 2, 0, 2, new ValueType.IntType(), -1),
                        new Slot("folio[1].dirty", SlotKind.STATE, 0, 5, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot("folio[2].ref", SlotKind.STATE, 0, 6, 2, 0, 2, new ValueType.IntType(), -1),
                        new Slot("folio[2].dirty", SlotKind.STATE, 0, 8, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot(
                                "pte[0].folio",
                                SlotKind.STATE,
                                0,
                                9,
                                2,
                                0,
                                3,
                                new ValueType.OptionalType("Folio", 0),
                                -1),
                        new Slot("pte[0].writable", SlotKind.STATE, 0, 11, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot(
                                "pte[1].folio",
                                SlotKind.STATE,
                                0,
                                12,
                                2,
                                0,
                                3,
                                new ValueType.OptionalType("Folio", 0),
                                -1),
                        new Slot("pte[1].writable", SlotKind.STATE, 0, 14, 1, 0, 1, new ValueType.BoolType(), -1),
                        new Slot(
                                "lock folio_lock[0]",
                                SlotKind.LOCK_OWNER,
                                0,
                                15,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "lock folio_lock[1]",
                                SlotKind.LOCK_OWNER,
                                0,
                                17,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "lock folio_lock[2]",
                                SlotKind.LOCK_OWNER,
                                0,
                                19,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "lock ptl[0]",
                                SlotKind.LOCK_OWNER,
                                0,
                                21,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "lock ptl[1]",
                                SlotKind.LOCK_OWNER,
                                0,
                                23,
                                2,
                                0,
                                2,
                                new ValueType.OwnerType(TASK_NAMES),
                                -1),
                        new Slot(
                                "app0.op",
                                SlotKind.TASK_OP,
                                0,
                                25,
                                3,
                                0,
                                5,
                                new ValueType.OperationType(OPERATION_NAMES),
                                0),
                        new Slot("app0.pc", SlotKind.TASK_PC, 0, 28, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot("app0.map.a", SlotKind.TASK_PARAM, 0, 29, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot(
                                "app0.map.f",
                                SlotKind.TASK_LOCAL,
                                0,
                                30,
                                2,
                                0,
                                3,
                                new ValueType.OptionalType("Folio", 0),
                                0),
                        new Slot("app0.unmap.a", SlotKind.TASK_PARAM, 0, 29, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot("app0.write.a", SlotKind.TASK_PARAM, 0, 29, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot("app0.share.f", SlotKind.TASK_PARAM, 0, 29, 2, 0, 2, new ValueType.IntType(), 0),
                        new Slot("app0.share.a", SlotKind.TASK_PARAM, 0, 31, 1, 0, 1, new ValueType.IntType(), 0),
                        new Slot(
                                "app1.op",
                                SlotKind.TASK_OP,
                                0,
                                32,
                                3,
                                0,
                                5,
                                new ValueType.OperationType(OPERATION_NAMES),
                                1),
                        new Slot("app1.pc", SlotKind.TASK_PC, 0, 35, 1, 0, 1, new ValueType.IntType(), 1),
                        new Slot("app1.map.a", SlotKind.TASK_PARAM, 0, 36, 1, 0, 1, new ValueType.IntType(), 1),
                        new Slot(
                                "app1.map.f",
                                SlotKind.TASK_LOCAL,
                                0,
                                37,
                                2,
                                0,
                                3,
                                new ValueType.OptionalType("Folio", 0),
                                1),
                        new Slot("app1.unmap.a", SlotKind.TASK_PARAM, 0, 36, 1, 0, 1, new ValueType.IntType(), 1),
                        new Slot("app1.write.a", SlotKind.TASK_PARAM, 0, 36, 1, 0, 1, new ValueType.IntType(), 1),
                        new Slot("app1.share.f", SlotKind.TASK_PARAM, 0, 36, 2, 0, 2, new ValueType.IntType(), 1),
                        new Slot("app1.share.a", SlotKind.TASK_PARAM, 0, 38, 1, 0, 1, new ValueType.IntType(), 1))
                .tasks(TASK_NAMES)
                .operations(
                        new Operation("map", List.of("a"), 0, 2, 37),
                        new Operation("unmap", List.of("a"), 2, 1, 59),
                        new Operation("write", List.of("a"), 3, 1, 75),
                        new Operation("share", List.of("f", "a"), 4, 1, 86),
                        new Operation("writeback", List.of(), 5, 1, 99))
                .steps(
                        new ModelInfo.Step(0, "get", "map.get", 39),
                        new ModelInfo.Step(0, "install", "map.install", 48),
                        new ModelInfo.Step(1, "zap", "unmap.zap", 60),
                        new ModelInfo.Step(2, "store", "write.store", 76),
                        new ModelInfo.Step(3, "map_shared", "share.map_shared", 87),
                        new ModelInfo.Step(4, "clean", "writeback.clean", 100))
                .actions(actions)
                .invariants(
                        new ModelInfo.Invariant(
                                "mapped_folios_are_referenced",
                                "every folio a PTE maps holds a reference per mapping",
                                "forall g in Folio: folio[g].ref >= count(a in Addr: pte[a].folio == g)",
                                "",
                                109),
                        new ModelInfo.Invariant(
                                "free_folios_are_clean",
                                "a free folio is not dirty",
                                "forall g in Folio: folio[g].ref == 0 implies !folio[g].dirty",
                                "",
                                112))
                .fixes(new ModelInfo.Fix("reset_on_free", "a freed folio forgets that it was dirty", 30))
                .outcomes("ENOMEM")
                .errors(
                        new ModelError("operation map ended holding a lock", 39),
                        new ModelError(
                                "alloc n in Folio: Folio 0 and 1 both fit but differ (fields, locks or what names "
                                        + "them), so taking the lowest is not symmetric; make fitting Folio elements "
                                        + "alike (reset a freed one's fields, clear what still names it) or drop "
                                        + "'symmetry Folio'",
                                41),
                        new ModelError(
                                "alloc n in Folio: Folio 0 and 2 both fit but differ (fields, locks or what names "
                                        + "them), so taking the lowest is not symmetric; make fitting Folio elements "
                                        + "alike (reset a freed one's fields, clear what still names it) or drop "
                                        + "'symmetry Folio'",
                                41),
                        new ModelError(
                                "alloc n in Folio: Folio 1 and 2 both fit but differ (fields, locks or what names "
                                        + "them), so taking the lowest is not symmetric; make fitting Folio elements "
                                        + "alike (reset a freed one's fields, clear what still names it) or drop "
                                        + "'symmetry Folio'",
                                41),
                        new ModelError("operation map ended holding a lock", 48),
                        new ModelError("ptl taken against the lock order", 49),
                        new ModelError("ptl taken while this task already holds it (self-deadlock)", 49),
                        new ModelError("pte.folio written without holding ptl", 51),
                        new ModelError("pte.writable written without holding ptl", 51),
                        new ModelError("none used as an index of folio", 53),
                        new ModelError("ptl released by a task that does not hold it", 55),
                        new ModelError("operation unmap ended holding a lock", 60),
                        new ModelError("ptl taken against the lock order", 61),
                        new ModelError("ptl taken while this task already holds it (self-deadlock)", 61),
                        new ModelError("none assigned to f (Folio)", 63),
                        new ModelError("pte.folio written without holding ptl", 64),
                        new ModelError("pte.writable written without holding ptl", 64),
                        new ModelError("value out of range 0..2 for folio.ref", 68),
                        new ModelError("ptl released by a task that does not hold it", 71),
                        new ModelError("operation write ended holding a lock", 76),
                        new ModelError("ptl taken against the lock order", 77),
                        new ModelError("ptl taken while this task already holds it (self-deadlock)", 77),
                        new ModelError("none used as an index of folio", 79),
                        new ModelError("ptl released by a task that does not hold it", 81),
                        new ModelError("operation share ended holding a lock", 87),
                        new ModelError("ptl taken against the lock order", 89),
                        new ModelError("ptl taken while this task already holds it (self-deadlock)", 89),
                        new ModelError("pte.folio written without holding ptl", 91),
                        new ModelError("pte.writable written without holding ptl", 91),
                        new ModelError("value out of range 0..2 for folio.ref", 92),
                        new ModelError("ptl released by a task that does not hold it", 94),
                        new ModelError("operation writeback ended holding a lock", 100),
                        new ModelError("folio_lock taken against the lock order", 102),
                        new ModelError("folio_lock taken while this task already holds it (self-deadlock)", 102),
                        new ModelError("folio_lock released by a task that does not hold it", 104))
                .scenarios(new ModelInfo.Scenario(
                        "share_the_first_page",
                        List.of(),
                        List.of(
                                new ScenarioEntry(0, 3, List.of(2, 0), 11, -1, 116),
                                new ScenarioEntry(1, 2, List.of(1), 20, -1, 117)),
                        "holds",
                        "",
                        "",
                        115))
                .expectations(new Expectation("reset_on_free", "free_folios_are_clean", 120))
                .symmetries(List.of(List.of(0, 1)))
                .locks(
                        new LockInfo("folio_lock", "sleeping", "", 3, 0, List.of("ptl"), 25),
                        new LockInfo("ptl", "spinlock", "", 2, 1, List.of(), 26))
                .guards(
                        new ModelInfo.Guard(6, "ptl", 0, 28),
                        new ModelInfo.Guard(7, "ptl", 0, 28),
                        new ModelInfo.Guard(8, "ptl", 1, 28),
                        new ModelInfo.Guard(9, "ptl", 1, 28))
                .symmetricDomains(new ModelInfo.SymmetricDomain("Folio", 0, 3, List.of(1)))
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
                    return continue_app0(src, dst);
                case 1:
                    return start_map_app0(src, dst, 0);
                case 2:
                    return start_map_app0(src, dst, 1);
                case 3:
                    return start_unmap_app0(src, dst, 0);
                case 4:
                    return start_unmap_app0(src, dst, 1);
                case 5:
                    return start_write_app0(src, dst, 0);
                case 6:
                    return start_write_app0(src, dst, 1);
                case 7:
                    return start_share_app0(src, dst, 0, 0);
                case 8:
                    return start_share_app0(src, dst, 0, 1);
                case 9:
                    return start_share_app0(src, dst, 1, 0);
                case 10:
                    return start_share_app0(src, dst, 1, 1);
                case 11:
                    return start_share_app0(src, dst, 2, 0);
                case 12:
                    return start_share_app0(src, dst, 2, 1);
                case 13:
                    return start_writeback_app0(src, dst);
                case 14:
                    return continue_app1(src, dst);
                case 15:
                    return start_map_app1(src, dst, 0);
                case 16:
                    return start_map_app1(src, dst, 1);
                case 17:
                    return start_unmap_app1(src, dst, 0);
                case 18:
                    return start_unmap_app1(src, dst, 1);
                case 19:
                    return start_write_app1(src, dst, 0);
                case 20:
                    return start_write_app1(src, dst, 1);
                case 21:
                    return start_share_app1(src, dst, 0, 0);
                case 22:
                    return start_share_app1(src, dst, 0, 1);
                case 23:
                    return start_share_app1(src, dst, 1, 0);
                case 24:
                    return start_share_app1(src, dst, 1, 1);
                case 25:
                    return start_share_app1(src, dst, 2, 0);
                case 26:
                    return start_share_app1(src, dst, 2, 1);
                case 27:
                    return start_writeback_app1(src, dst);
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

    /**
     * Symmetry reduction (fixtures/good/symmetric_folios.mmspec:22): tasks of a group sorted, task references renamed.
     */
    private final dev.mmspec.contract.model.TaskSymmetry symmetry =
            new dev.mmspec.contract.model.TaskSymmetry(INFO, new int[] {});

    /**
     * Symmetry reduction (fixtures/good/symmetric_folios.mmspec:23): Folio elements sorted, references to them renamed.
     */
    private final dev.mmspec.contract.model.DomainSymmetry symmetry_Folio =
            new dev.mmspec.contract.model.DomainSymmetry(
                    INFO,
                    "Folio",
                    new int[][] {{0, 1, 10}, {2, 3, 11}, {4, 5, 12}},
                    new int[] {6, 8, 18, 21, 26, 29},
                    new int[] {0, 0, 1, 4, 1, 4});

    @Override
    public void canonicalize(long[] s) {
        symmetry.canonicalize(s);
        symmetry_Folio.canonicalize(s);
    }

    @Override
    public void canonicalizeExactly(long[] s) {
        dev.mmspec.contract.model.DomainSymmetry.canonicalizeExactly(s, symmetry, List.of(symmetry_Folio));
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
            final int e_11 = 2;
            final int r_13 = 1;
            final int r_14 = (false ? 1 : 0);
            pr_folio(s, e_11, r_13, r_14);
            final int e_12 = 1;
            final int r_15 = 2;
            final int r_16 = (true ? 1 : 0);
            pr_pte(s, e_12, r_15, r_16);
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
            // fixtures/good/symmetric_folios.mmspec:109: mapped_folios_are_referenced
            if (!q1(s, task)) {
                return 0;
            }
            invariant = 1;
            // fixtures/good/symmetric_folios.mmspec:112: free_folios_are_clean
            if (!q3(s, task)) {
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
            // fixtures/good/symmetric_folios.mmspec:109: mapped_folios_are_referenced
            if (((d0 & 0x7fffL)) != 0 && !q1(s, task)) {
                return 0;
            }
            invariant = 1;
            // fixtures/good/symmetric_folios.mmspec:112: free_folios_are_clean
            if (((d0 & 0x1ffL)) != 0 && !q3(s, task)) {
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
                case 0: // fixtures/good/symmetric_folios.mmspec:109: mapped_folios_are_referenced
                    return !q1(s, task);
                case 1: // fixtures/good/symmetric_folios.mmspec:112: free_folios_are_clean
                    return !q3(s, task);
                default:
                    throw new IllegalArgumentException("no invariant " + invariant);
            }
        } catch (ModelFault f) {
            return true; // it cannot even be evaluated here (a none dereferenced): that is a violation too
        }
    }

    /** app0 starts map: only when idle. */
    private int start_map_app0(long[] src, long[] dst, int arg_a) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 1);
        tp_pc(dst, task, 0);
        tp_map_a(dst, task, arg_a);
        return step_map_get_app0(dst);
    }

    /** app0 starts unmap: only when idle. */
    private int start_unmap_app0(long[] src, long[] dst, int arg_a) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 2);
        tp_pc(dst, task, 0);
        tp_unmap_a(dst, task, arg_a);
        return step_unmap_zap_app0(dst);
    }

    /** app0 starts write: only when idle. */
    private int start_write_app0(long[] src, long[] dst, int arg_a) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 3);
        tp_pc(dst, task, 0);
        tp_write_a(dst, task, arg_a);
        return step_write_store_app0(dst);
    }

    /** app0 starts share: only when idle. */
    private int start_share_app0(long[] src, long[] dst, int arg_f, int arg_a) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 4);
        tp_pc(dst, task, 0);
        tp_share_f(dst, task, arg_f);
        tp_share_a(dst, task, arg_a);
        return step_share_map_shared_app0(dst);
    }

    /** app0 starts writeback: only when idle. */
    private int start_writeback_app0(long[] src, long[] dst) {
        final int task = 0;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 5);
        tp_pc(dst, task, 0);
        return step_writeback_clean_app0(dst);
    }

    /** app0 continues its operation with the step at its pc. */
    private int continue_app0(long[] src, long[] dst) {
        final int task = 0;
        int operation = t_op(src, task);
        if (operation == 0) {
            return DISABLED;
        }
        int pc = t_pc(src, task);
        copy(src, dst);
        switch (operation) {
            case 1: // map
                switch (pc) {
                    case 0:
                        return step_map_get_app0(dst);
                    case 1:
                        return step_map_install_app0(dst);
                    default:
                        break;
                }
                break;
            case 2: // unmap
                switch (pc) {
                    case 0:
                        return step_unmap_zap_app0(dst);
                    default:
                        break;
                }
                break;
            case 3: // write
                switch (pc) {
                    case 0:
                        return step_write_store_app0(dst);
                    default:
                        break;
                }
                break;
            case 4: // share
                switch (pc) {
                    case 0:
                        return step_share_map_shared_app0(dst);
                    default:
                        break;
                }
                break;
            case 5: // writeback
                switch (pc) {
                    case 0:
                        return step_writeback_clean_app0(dst);
                    default:
                        break;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("task " + task + " at no step: operation " + operation + " pc " + pc);
    }

    /** app1 starts map: only when idle. */
    private int start_map_app1(long[] src, long[] dst, int arg_a) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 1);
        tp_pc(dst, task, 0);
        tp_map_a(dst, task, arg_a);
        return step_map_get_app1(dst);
    }

    /** app1 starts unmap: only when idle. */
    private int start_unmap_app1(long[] src, long[] dst, int arg_a) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 2);
        tp_pc(dst, task, 0);
        tp_unmap_a(dst, task, arg_a);
        return step_unmap_zap_app1(dst);
    }

    /** app1 starts write: only when idle. */
    private int start_write_app1(long[] src, long[] dst, int arg_a) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 3);
        tp_pc(dst, task, 0);
        tp_write_a(dst, task, arg_a);
        return step_write_store_app1(dst);
    }

    /** app1 starts share: only when idle. */
    private int start_share_app1(long[] src, long[] dst, int arg_f, int arg_a) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 4);
        tp_pc(dst, task, 0);
        tp_share_f(dst, task, arg_f);
        tp_share_a(dst, task, arg_a);
        return step_share_map_shared_app1(dst);
    }

    /** app1 starts writeback: only when idle. */
    private int start_writeback_app1(long[] src, long[] dst) {
        final int task = 1;
        if (t_op(src, task) != 0) {
            return DISABLED;
        }
        copy(src, dst);
        tp_op(dst, task, 5);
        tp_pc(dst, task, 0);
        return step_writeback_clean_app1(dst);
    }

    /** app1 continues its operation with the step at its pc. */
    private int continue_app1(long[] src, long[] dst) {
        final int task = 1;
        int operation = t_op(src, task);
        if (operation == 0) {
            return DISABLED;
        }
        int pc = t_pc(src, task);
        copy(src, dst);
        switch (operation) {
            case 1: // map
                switch (pc) {
                    case 0:
                        return step_map_get_app1(dst);
                    case 1:
                        return step_map_install_app1(dst);
                    default:
                        break;
                }
                break;
            case 2: // unmap
                switch (pc) {
                    case 0:
                        return step_unmap_zap_app1(dst);
                    default:
                        break;
                }
                break;
            case 3: // write
                switch (pc) {
                    case 0:
                        return step_write_store_app1(dst);
                    default:
                        break;
                }
                break;
            case 4: // share
                switch (pc) {
                    case 0:
                        return step_share_map_shared_app1(dst);
                    default:
                        break;
                }
                break;
            case 5: // writeback
                switch (pc) {
                    case 0:
                        return step_writeback_clean_app1(dst);
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
     * Ends app0's operation: nothing of it may stay in the state, so idle tasks look alike. Its operation, pc,
     * parameters and locals all store their initial value as 0: one mask per word clears them.
     */
    private static int finish_app0(long[] s, int outcome, int lockError) {
        final int task = 0;
        if (holdsAnyLock(s, task)) {
            throw Packed.fault(lockError);
        }
        Packed.wrote(s, WORDS, 0, 0, 0xfe000000L);
        s[0] &= ~0xfe000000L;
        return outcome;
    }

    /**
     * Ends app1's operation: nothing of it may stay in the state, so idle tasks look alike. Its operation, pc,
     * parameters and locals all store their initial value as 0: one mask per word clears them.
     */
    private static int finish_app1(long[] s, int outcome, int lockError) {
        final int task = 1;
        if (holdsAnyLock(s, task)) {
            throw Packed.fault(lockError);
        }
        Packed.wrote(s, WORDS, 0, 0, 0x7f00000000L);
        s[0] &= ~0x7f00000000L;
        return outcome;
    }

    /** Copies a state: {@code WORDS} is small, so word by word. */
    private static void copy(long[] src, long[] dst) {
        dst[0] = src[0];
    }

    /** fixtures/good/symmetric_folios.mmspec:39: step map.get. Run by task app0. */
    private int step_map_get_app0(long[] s) {
        final int task = 0;
        int v_a = t_map_a(s, task);
        int v_f = t_map_f(s, task);
        if (!(gr_pte_folio(s, v_a) == 0)) {
            return DISABLED;
        }
        // symmetry Folio: the lowest fitting Folio, and any other must be interchangeable with it
        boolean found = false;
        int pick = 0;
        for (int v_n = 0; v_n <= 2; v_n++) {
            if ((g_folio_ref(s, v_n) == 0)) {
                if (!found) {
                    found = true;
                    pick = v_n;
                } else if (!symmetry_Folio.interchangeable(s, pick, v_n)) {
                    throw Packed.fault(1 + dev.mmspec.contract.model.DomainSymmetry.pair(pick, v_n, 3));
                }
            }
        }
        if (found) {
            final int v_n = pick;
            final int e = v_n;
            final int r = 1;
            final int r_2 = (false ? 1 : 0);
            pr_folio(s, e, r, r_2);
            v_f = v_n;
            tp_map_f(s, task, v_f);
        } else {
            return finish_app0(s, 1, 0); // ENOMEM
        }
        return advance(s, task, 1);
    }

    /** fixtures/good/symmetric_folios.mmspec:39: step map.get. Run by task app1. */
    private int step_map_get_app1(long[] s) {
        final int task = 1;
        int v_a = t_map_a(s, task);
        int v_f = t_map_f(s, task);
        if (!(gr_pte_folio(s, v_a) == 0)) {
            return DISABLED;
        }
        // symmetry Folio: the lowest fitting Folio, and any other must be interchangeable with it
        boolean found = false;
        int pick = 0;
        for (int v_n = 0; v_n <= 2; v_n++) {
            if ((g_folio_ref(s, v_n) == 0)) {
                if (!found) {
                    found = true;
                    pick = v_n;
                } else if (!symmetry_Folio.interchangeable(s, pick, v_n)) {
                    throw Packed.fault(1 + dev.mmspec.contract.model.DomainSymmetry.pair(pick, v_n, 3));
                }
            }
        }
        if (found) {
            final int v_n = pick;
            final int e = v_n;
            final int r = 1;
            final int r_2 = (false ? 1 : 0);
            pr_folio(s, e, r, r_2);
            v_f = v_n;
            tp_map_f(s, task, v_f);
        } else {
            return finish_app1(s, 1, 0); // ENOMEM
        }
        return advance(s, task, 1);
    }

    /** fixtures/good/symmetric_folios.mmspec:48: step map.install. Run by task app0. */
    private int step_map_install_app0(long[] s) {
        final int task = 0;
        int v_a = t_map_a(s, task);
        int v_f = t_map_f(s, task);
        if (!lock_ptl(s, task, v_a, WRITE, 5, 6)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a) == 0)) {
            final int e_2 = v_a;
            final int r_3 = v_f;
            final int r_4 = (true ? 1 : 0);
            if (!holds_ptl(s, task, v_a, WRITE)) {
                throw Packed.fault(7);
            }
            pr_pte(s, e_2, r_3, r_4);
        } else {
            final int e_3 = Packed.some(v_f, 9);
            final int r_5 = 0;
            final int r_6 = (false ? 1 : 0);
            pr_folio(s, e_3, r_5, r_6);
        }
        unlock_ptl(s, task, v_a, WRITE, 10);
        return finish_app0(s, NO_OUTCOME, 4);
    }

    /** fixtures/good/symmetric_folios.mmspec:48: step map.install. Run by task app1. */
    private int step_map_install_app1(long[] s) {
        final int task = 1;
        int v_a = t_map_a(s, task);
        int v_f = t_map_f(s, task);
        if (!lock_ptl(s, task, v_a, WRITE, 5, 6)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a) == 0)) {
            final int e_2 = v_a;
            final int r_3 = v_f;
            final int r_4 = (true ? 1 : 0);
            if (!holds_ptl(s, task, v_a, WRITE)) {
                throw Packed.fault(7);
            }
            pr_pte(s, e_2, r_3, r_4);
        } else {
            final int e_3 = Packed.some(v_f, 9);
            final int r_5 = 0;
            final int r_6 = (false ? 1 : 0);
            pr_folio(s, e_3, r_5, r_6);
        }
        unlock_ptl(s, task, v_a, WRITE, 10);
        return finish_app1(s, NO_OUTCOME, 4);
    }

    /** fixtures/good/symmetric_folios.mmspec:60: step unmap.zap. Run by task app0. */
    private int step_unmap_zap_app0(long[] s) {
        final int task = 0;
        int v_a_2 = t_unmap_a(s, task);
        if (!lock_ptl(s, task, v_a_2, WRITE, 12, 13)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a_2) != 0)) {
            final int v_f_2 = Packed.someStored(gr_pte_folio(s, v_a_2), 0, 14);
            final int e_4 = v_a_2;
            final int r_7 = (-1);
            final int r_8 = (false ? 1 : 0);
            if (!holds_ptl(s, task, v_a_2, WRITE)) {
                throw Packed.fault(15);
            }
            pr_pte(s, e_4, r_7, r_8);
            if (((g_folio_ref(s, v_f_2) == 1) && ((fixesOff & 1L) == 0L))) {
                final int e_5 = v_f_2;
                final int r_9 = 0;
                final int r_10 = (false ? 1 : 0);
                pr_folio(s, e_5, r_9, r_10);
            } else {
                final int e_6 = v_f_2;
                p_folio_ref(s, e_6, Packed.check((g_folio_ref(s, v_f_2) - 1), 0, 2, 17));
            }
        }
        unlock_ptl(s, task, v_a_2, WRITE, 18);
        return finish_app0(s, NO_OUTCOME, 11);
    }

    /** fixtures/good/symmetric_folios.mmspec:60: step unmap.zap. Run by task app1. */
    private int step_unmap_zap_app1(long[] s) {
        final int task = 1;
        int v_a_2 = t_unmap_a(s, task);
        if (!lock_ptl(s, task, v_a_2, WRITE, 12, 13)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a_2) != 0)) {
            final int v_f_2 = Packed.someStored(gr_pte_folio(s, v_a_2), 0, 14);
            final int e_4 = v_a_2;
            final int r_7 = (-1);
            final int r_8 = (false ? 1 : 0);
            if (!holds_ptl(s, task, v_a_2, WRITE)) {
                throw Packed.fault(15);
            }
            pr_pte(s, e_4, r_7, r_8);
            if (((g_folio_ref(s, v_f_2) == 1) && ((fixesOff & 1L) == 0L))) {
                final int e_5 = v_f_2;
                final int r_9 = 0;
                final int r_10 = (false ? 1 : 0);
                pr_folio(s, e_5, r_9, r_10);
            } else {
                final int e_6 = v_f_2;
                p_folio_ref(s, e_6, Packed.check((g_folio_ref(s, v_f_2) - 1), 0, 2, 17));
            }
        }
        unlock_ptl(s, task, v_a_2, WRITE, 18);
        return finish_app1(s, NO_OUTCOME, 11);
    }

    /** fixtures/good/symmetric_folios.mmspec:76: step write.store. Run by task app0. */
    private int step_write_store_app0(long[] s) {
        final int task = 0;
        int v_a_3 = t_write_a(s, task);
        if (!lock_ptl(s, task, v_a_3, WRITE, 20, 21)) {
            return DISABLED;
        }
        if (((gr_pte_folio(s, v_a_3) != 0) && (g_pte_writable(s, v_a_3) != 0))) {
            final int e_7 = Packed.someStored(gr_pte_folio(s, v_a_3), 0, 22);
            p_folio_dirty(s, e_7, (true ? 1 : 0));
        }
        unlock_ptl(s, task, v_a_3, WRITE, 23);
        return finish_app0(s, NO_OUTCOME, 19);
    }

    /** fixtures/good/symmetric_folios.mmspec:76: step write.store. Run by task app1. */
    private int step_write_store_app1(long[] s) {
        final int task = 1;
        int v_a_3 = t_write_a(s, task);
        if (!lock_ptl(s, task, v_a_3, WRITE, 20, 21)) {
            return DISABLED;
        }
        if (((gr_pte_folio(s, v_a_3) != 0) && (g_pte_writable(s, v_a_3) != 0))) {
            final int e_7 = Packed.someStored(gr_pte_folio(s, v_a_3), 0, 22);
            p_folio_dirty(s, e_7, (true ? 1 : 0));
        }
        unlock_ptl(s, task, v_a_3, WRITE, 23);
        return finish_app1(s, NO_OUTCOME, 19);
    }

    /** fixtures/good/symmetric_folios.mmspec:87: step share.map_shared. Run by task app0. */
    private int step_share_map_shared_app0(long[] s) {
        final int task = 0;
        int v_f_3 = t_share_f(s, task);
        int v_a_4 = t_share_a(s, task);
        if (!((g_folio_ref(s, v_f_3) == 1) && q0(s, task, v_f_3))) {
            return DISABLED;
        }
        if (!lock_ptl(s, task, v_a_4, WRITE, 25, 26)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a_4) == 0)) {
            final int e_8 = v_a_4;
            final int r_11 = v_f_3;
            final int r_12 = (false ? 1 : 0);
            if (!holds_ptl(s, task, v_a_4, WRITE)) {
                throw Packed.fault(27);
            }
            pr_pte(s, e_8, r_11, r_12);
            final int e_9 = v_f_3;
            p_folio_ref(s, e_9, Packed.check((g_folio_ref(s, v_f_3) + 1), 0, 2, 29));
        }
        unlock_ptl(s, task, v_a_4, WRITE, 30);
        return finish_app0(s, NO_OUTCOME, 24);
    }

    /** fixtures/good/symmetric_folios.mmspec:87: step share.map_shared. Run by task app1. */
    private int step_share_map_shared_app1(long[] s) {
        final int task = 1;
        int v_f_3 = t_share_f(s, task);
        int v_a_4 = t_share_a(s, task);
        if (!((g_folio_ref(s, v_f_3) == 1) && q0(s, task, v_f_3))) {
            return DISABLED;
        }
        if (!lock_ptl(s, task, v_a_4, WRITE, 25, 26)) {
            return DISABLED;
        }
        if ((gr_pte_folio(s, v_a_4) == 0)) {
            final int e_8 = v_a_4;
            final int r_11 = v_f_3;
            final int r_12 = (false ? 1 : 0);
            if (!holds_ptl(s, task, v_a_4, WRITE)) {
                throw Packed.fault(27);
            }
            pr_pte(s, e_8, r_11, r_12);
            final int e_9 = v_f_3;
            p_folio_ref(s, e_9, Packed.check((g_folio_ref(s, v_f_3) + 1), 0, 2, 29));
        }
        unlock_ptl(s, task, v_a_4, WRITE, 30);
        return finish_app1(s, NO_OUTCOME, 24);
    }

    /** fixtures/good/symmetric_folios.mmspec:100: step writeback.clean. Run by task app0. */
    private int step_writeback_clean_app0(long[] s) {
        final int task = 0;
        for (int v_f_4 = 0; v_f_4 <= 2; v_f_4++) {
            if ((g_folio_dirty(s, v_f_4) != 0)) {
                if (!lock_folio_lock(s, task, v_f_4, WRITE, 32, 33)) {
                    return DISABLED;
                }
                final int e_10 = v_f_4;
                p_folio_dirty(s, e_10, (false ? 1 : 0));
                unlock_folio_lock(s, task, v_f_4, WRITE, 34);
            }
        }
        return finish_app0(s, NO_OUTCOME, 31);
    }

    /** fixtures/good/symmetric_folios.mmspec:100: step writeback.clean. Run by task app1. */
    private int step_writeback_clean_app1(long[] s) {
        final int task = 1;
        for (int v_f_4 = 0; v_f_4 <= 2; v_f_4++) {
            if ((g_folio_dirty(s, v_f_4) != 0)) {
                if (!lock_folio_lock(s, task, v_f_4, WRITE, 32, 33)) {
                    return DISABLED;
                }
                final int e_10 = v_f_4;
                p_folio_dirty(s, e_10, (false ? 1 : 0));
                unlock_folio_lock(s, task, v_f_4, WRITE, 34);
            }
        }
        return finish_app1(s, NO_OUTCOME, 31);
    }

    /** exists at spec line 88, unrolled over b in Addr (0..1). */
    private boolean q0(long[] s, int task, int v_f_3) {
        // b = 0
        if ((gr_pte_folio(s, 0) == (v_f_3 + 1))) {
            return true;
        }
        // b = 1
        if ((gr_pte_folio(s, 1) == (v_f_3 + 1))) {
            return true;
        }
        return false;
    }

    /** count at spec line 110, unrolled over a in Addr (0..1). */
    private int q2(long[] s, int task, int v_g) {
        int n = 0;
        // a = 0
        if ((gr_pte_folio(s, 0) == (v_g + 1))) {
            n++;
        }
        // a = 1
        if ((gr_pte_folio(s, 1) == (v_g + 1))) {
            n++;
        }
        return n;
    }

    /** forall at spec line 110, unrolled over g in Folio (0..2). */
    private boolean q1(long[] s, int task) {
        // g = 0
        if (!(g_folio_ref(s, 0) >= q2(s, task, 0))) {
            return false;
        }
        // g = 1
        if (!(g_folio_ref(s, 1) >= q2(s, task, 1))) {
            return false;
        }
        // g = 2
        if (!(g_folio_ref(s, 2) >= q2(s, task, 2))) {
            return false;
        }
        return true;
    }

    /** forall at spec line 113, unrolled over g in Folio (0..2). */
    private boolean q3(long[] s, int task) {
        // g = 0
        if (!(!(g_folio_ref(s, 0) == 0) || !(g_folio_dirty(s, 0) != 0))) {
            return false;
        }
        // g = 1
        if (!(!(g_folio_ref(s, 1) == 0) || !(g_folio_dirty(s, 1) != 0))) {
            return false;
        }
        // g = 2
        if (!(!(g_folio_ref(s, 2) == 0) || !(g_folio_dirty(s, 2) != 0))) {
            return false;
        }
        return true;
    }

    static int g_folio_ref(long[] s, int e) {
        Packed.read(s, WORDS, 0, e * 3, 0x3L);
        return Packed.get(s, 0, e * 3, 0x3L, 0);
    }

    static void p_folio_ref(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, e * 3, 0x3L);
        Packed.set(s, 0, e * 3, 0x3L, 0, v);
    }

    static int g_folio_dirty(long[] s, int e) {
        Packed.read(s, WORDS, 0, 2 + e * 3, 0x1L);
        return Packed.get(s, 0, 2 + e * 3, 0x1L, 0);
    }

    static void p_folio_dirty(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 2 + e * 3, 0x1L);
        Packed.set(s, 0, 2 + e * 3, 0x1L, 0, v);
    }

    /** Writes every field of folio[e] at once (the same as one setter per field). */
    static void pr_folio(long[] s, int e, int f_ref, int f_dirty) {
        long bits = ((long) f_ref & 0x3L) | ((long) f_dirty & 0x1L) << 2;
        int shift = e * 3;
        Packed.wrote(s, WORDS, 0, shift, 0x7L);
        s[0] = (s[0] & ~(0x7L << shift)) | (bits << shift);
    }

    static int g_pte_folio(long[] s, int e) {
        Packed.read(s, WORDS, 0, 9 + e * 3, 0x3L);
        return Packed.getOptional(s, 0, 9 + e * 3, 0x3L, 0);
    }

    static void p_pte_folio(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 9 + e * 3, 0x3L);
        Packed.setOptional(s, 0, 9 + e * 3, 0x3L, 0, v);
    }

    static int gr_pte_folio(long[] s, int e) {
        Packed.read(s, WORDS, 0, 9 + e * 3, 0x3L);
        return Packed.get(s, 0, 9 + e * 3, 0x3L, 0);
    }

    static int g_pte_writable(long[] s, int e) {
        Packed.read(s, WORDS, 0, 11 + e * 3, 0x1L);
        return Packed.get(s, 0, 11 + e * 3, 0x1L, 0);
    }

    static void p_pte_writable(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 11 + e * 3, 0x1L);
        Packed.set(s, 0, 11 + e * 3, 0x1L, 0, v);
    }

    /** Writes every field of pte[e] at once (the same as one setter per field). */
    static void pr_pte(long[] s, int e, int f_folio, int f_writable) {
        long bits = ((f_folio == -1 ? 0L : f_folio + 1L) & 0x3L) | ((long) f_writable & 0x1L) << 2;
        int shift = 9 + e * 3;
        Packed.wrote(s, WORDS, 0, shift, 0x7L);
        s[0] = (s[0] & ~(0x7L << shift)) | (bits << shift);
    }

    static int t_op(long[] s, int e) {
        Packed.read(s, WORDS, 0, 25 + e * 7, 0x7L);
        return Packed.get(s, 0, 25 + e * 7, 0x7L, 0);
    }

    static void tp_op(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 25 + e * 7, 0x7L);
        Packed.set(s, 0, 25 + e * 7, 0x7L, 0, v);
    }

    static int t_pc(long[] s, int e) {
        Packed.read(s, WORDS, 0, 28 + e * 7, 0x1L);
        return Packed.get(s, 0, 28 + e * 7, 0x1L, 0);
    }

    static void tp_pc(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 28 + e * 7, 0x1L);
        Packed.set(s, 0, 28 + e * 7, 0x1L, 0, v);
    }

    static int t_map_a(long[] s, int e) {
        Packed.read(s, WORDS, 0, 29 + e * 7, 0x1L);
        return Packed.get(s, 0, 29 + e * 7, 0x1L, 0);
    }

    static void tp_map_a(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 29 + e * 7, 0x1L);
        Packed.set(s, 0, 29 + e * 7, 0x1L, 0, v);
    }

    static int t_map_f(long[] s, int e) {
        Packed.read(s, WORDS, 0, 30 + e * 7, 0x3L);
        return Packed.getOptional(s, 0, 30 + e * 7, 0x3L, 0);
    }

    static void tp_map_f(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 30 + e * 7, 0x3L);
        Packed.setOptional(s, 0, 30 + e * 7, 0x3L, 0, v);
    }

    static int t_unmap_a(long[] s, int e) {
        Packed.read(s, WORDS, 0, 29 + e * 7, 0x1L);
        return Packed.get(s, 0, 29 + e * 7, 0x1L, 0);
    }

    static void tp_unmap_a(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 29 + e * 7, 0x1L);
        Packed.set(s, 0, 29 + e * 7, 0x1L, 0, v);
    }

    static int t_write_a(long[] s, int e) {
        Packed.read(s, WORDS, 0, 29 + e * 7, 0x1L);
        return Packed.get(s, 0, 29 + e * 7, 0x1L, 0);
    }

    static void tp_write_a(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 29 + e * 7, 0x1L);
        Packed.set(s, 0, 29 + e * 7, 0x1L, 0, v);
    }

    static int t_share_f(long[] s, int e) {
        Packed.read(s, WORDS, 0, 29 + e * 7, 0x3L);
        return Packed.get(s, 0, 29 + e * 7, 0x3L, 0);
    }

    static void tp_share_f(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 29 + e * 7, 0x3L);
        Packed.set(s, 0, 29 + e * 7, 0x3L, 0, v);
    }

    static int t_share_a(long[] s, int e) {
        Packed.read(s, WORDS, 0, 31 + e * 7, 0x1L);
        return Packed.get(s, 0, 31 + e * 7, 0x1L, 0);
    }

    static void tp_share_a(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 31 + e * 7, 0x1L);
        Packed.set(s, 0, 31 + e * 7, 0x1L, 0, v);
    }

    static int owner_folio_lock(long[] s, int e) {
        Packed.read(s, WORDS, 0, 15 + e * 2, 0x3L);
        return Packed.get(s, 0, 15 + e * 2, 0x3L, 0);
    }

    static void setOwner_folio_lock(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 15 + e * 2, 0x3L);
        Packed.set(s, 0, 15 + e * 2, 0x3L, 0, v);
    }

    private static boolean held_folio_lock(long[] s, int e) {
        return owner_folio_lock(s, e) != 0;
    }

    private static boolean heldAny_folio_lock(long[] s) {
        for (int e = 0; e < 3; e++) {
            if (held_folio_lock(s, e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds_folio_lock(long[] s, int task, int e, int mode) {
        return Packed.get(s, 0, 15 + e * 2, 0x3L, 0) == task + 1;
    }

    private static boolean free_folio_lock(long[] s, int e, int mode) {
        return owner_folio_lock(s, e) == 0;
    }

    private static void take_folio_lock(long[] s, int task, int e, int mode) {
        setOwner_folio_lock(s, e, task + 1);
    }

    /** Takes folio_lock[e]; false if another task holds it (the step blocks). */
    private static boolean lock_folio_lock(long[] s, int task, int e, int mode, int orderError, int selfError) {
        if (holds_folio_lock(s, task, e, READ)) {
            throw Packed.fault(selfError);
        }
        if (holdsAny_ptl(s, task)) {
            throw Packed.fault(orderError);
        }
        if (!free_folio_lock(s, e, mode)) {
            return false;
        }
        take_folio_lock(s, task, e, mode);
        return true;
    }

    /** folio_trylock() and friends: cannot deadlock, so the order does not apply. */
    private static boolean tryLock_folio_lock(long[] s, int task, int e, int mode) {
        if (holds_folio_lock(s, task, e, READ) || !free_folio_lock(s, e, mode)) {
            return false;
        }
        take_folio_lock(s, task, e, mode);
        return true;
    }

    private static void unlock_folio_lock(long[] s, int task, int e, int mode, int notHeldError) {
        if (Packed.get(s, 0, 15 + e * 2, 0x3L, 0) != task + 1) {
            throw Packed.fault(notHeldError);
        }
        setOwner_folio_lock(s, e, 0);
    }

    /** Whether the task holds any folio_lock: every instance's owner tested at once, word by word. */
    private static boolean holdsAny_folio_lock(long[] s, int task) {
        return Packed.anyFieldEquals(s[0], 0xa8000L, 0x150000L, 0x1f8000L, task + 1);
    }

    static int owner_ptl(long[] s, int e) {
        Packed.read(s, WORDS, 0, 21 + e * 2, 0x3L);
        return Packed.get(s, 0, 21 + e * 2, 0x3L, 0);
    }

    static void setOwner_ptl(long[] s, int e, int v) {
        Packed.wrote(s, WORDS, 0, 21 + e * 2, 0x3L);
        Packed.set(s, 0, 21 + e * 2, 0x3L, 0, v);
    }

    private static boolean held_ptl(long[] s, int e) {
        return owner_ptl(s, e) != 0;
    }

    private static boolean heldAny_ptl(long[] s) {
        for (int e = 0; e < 2; e++) {
            if (held_ptl(s, e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds_ptl(long[] s, int task, int e, int mode) {
        return Packed.get(s, 0, 21 + e * 2, 0x3L, 0) == task + 1;
    }

    private static boolean free_ptl(long[] s, int e, int mode) {
        return owner_ptl(s, e) == 0;
    }

    private static void take_ptl(long[] s, int task, int e, int mode) {
        setOwner_ptl(s, e, task + 1);
    }

    /** Takes ptl[e]; false if another task holds it (the step blocks). */
    private static boolean lock_ptl(long[] s, int task, int e, int mode, int orderError, int selfError) {
        if (holds_ptl(s, task, e, READ)) {
            throw Packed.fault(selfError);
        }
        if (!free_ptl(s, e, mode)) {
            return false;
        }
        take_ptl(s, task, e, mode);
        return true;
    }

    /** folio_trylock() and friends: cannot deadlock, so the order does not apply. */
    private static boolean tryLock_ptl(long[] s, int task, int e, int mode) {
        if (holds_ptl(s, task, e, READ) || !free_ptl(s, e, mode)) {
            return false;
        }
        take_ptl(s, task, e, mode);
        return true;
    }

    private static void unlock_ptl(long[] s, int task, int e, int mode, int notHeldError) {
        if (Packed.get(s, 0, 21 + e * 2, 0x3L, 0) != task + 1) {
            throw Packed.fault(notHeldError);
        }
        setOwner_ptl(s, e, 0);
    }

    /** Whether the task holds any ptl: every instance's owner tested at once, word by word. */
    private static boolean holdsAny_ptl(long[] s, int task) {
        return Packed.anyFieldEquals(s[0], 0xa00000L, 0x1400000L, 0x1e00000L, task + 1);
    }

    private static boolean holdsAnyLock(long[] s, int task) {
        return holdsAny_folio_lock(s, task) || holdsAny_ptl(s, task);
    }
}
