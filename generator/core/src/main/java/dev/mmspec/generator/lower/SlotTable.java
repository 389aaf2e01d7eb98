package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.SymmetricDomain;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every concrete slot of the packed state, named as the spec would write it ({@code folio[1].ref}), as Java source for
 * {@code ModelInfo.Slot} constructors. Also answers "which slot is {@code folio[1].exclusive}" for the concrete guard
 * table.
 */
final class SlotTable {
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<Integer> taskValued = new ArrayList<>();
    /** For each slot: its footprint key (see {@link Independence}), word and in-word mask. */
    private final List<Bits> bits = new ArrayList<>();

    /** Where a slot lives, and what reading it is called in a footprint. */
    record Bits(String key, int word, long mask) {}

    private final Domain taskDomain;
    private boolean taskIndexed;
    /** Per symmetric domain (by name): its elements' own slots and the slots that name an element. */
    private final Map<String, DomainSlots> symmetric = new LinkedHashMap<>();

    /**
     * The slots a renaming of a symmetric domain touches.
     *
     * @param own per element, its own slots (fields of arrays over the domain, its lock instances), in the same order
     *     for every element
     * @param values the slots whose value is an element ({@code Folio} or {@code Folio?})
     * @param operations per value slot, 0, or for a task's parameter or local the operation index + 1 its task must be
     *     running for the slot to mean anything
     */
    record DomainSlots(List<List<Integer>> own, List<Integer> values, List<Integer> operations) {}

    SlotTable(Spec spec, Layout layout) {
        taskDomain = spec.taskDomain();
        for (SymmetricDomain sd : spec.symmetricDomains()) {
            List<List<Integer>> own = new ArrayList<>();
            for (int e = 0; e < sd.domain().size(); e++) {
                own.add(new ArrayList<>());
            }
            symmetric.put(sd.domain().name(), new DomainSlots(own, new ArrayList<>(), new ArrayList<>()));
        }
        for (StateVar v : spec.state()) {
            taskIndexed |= v.dimensions().contains(taskDomain);
            Block b = layout.state(v);
            String kind = v.ghost() ? "GHOST" : "STATE";
            List<String> elementNames = elementNames(v.dimensions());
            List<List<Integer>> tuples = indexTuples(v.dimensions());
            for (int e = 0; e < elementNames.size(); e++) {
                if (v.isRecord()) {
                    for (RecordDecl.Field rf : v.record().fields()) {
                        noteOwner(v.dimensions(), tuples.get(e));
                        noteValued(rf.type(), 0);
                        add(
                                v.name(),
                                v.name() + elementNames.get(e) + "." + rf.name(),
                                kind,
                                b,
                                e,
                                b.field(rf.name()),
                                valueType(rf.type()),
                                -1);
                    }
                } else {
                    noteOwner(v.dimensions(), tuples.get(e));
                    noteValued(v.type(), 0);
                    add(v.name(), v.name() + elementNames.get(e), kind, b, e, b.field(""), valueType(v.type()), -1);
                }
            }
        }
        String owners = JavaExpr.newObject("ValueType.OwnerType", "TASK_NAMES");
        for (Lock lock : spec.locks()) {
            taskIndexed |= taskDomain.equals(lock.domain());
            Block b = layout.lock(lock);
            List<Domain> dims = lock.domain() == null ? List.of() : List.of(lock.domain());
            List<String> elementNames = elementNames(dims);
            List<List<Integer>> tuples = indexTuples(dims);
            for (int e = 0; e < elementNames.size(); e++) {
                String name = "lock " + lock.name() + elementNames.get(e);
                noteOwner(dims, tuples.get(e));
                add("lock " + lock.name(), name, "LOCK_OWNER", b, e, b.field("owner"), owners, -1);
                if (lock.kind() == LockKind.RWSEM) {
                    noteOwner(dims, tuples.get(e));
                    add(
                            "lock " + lock.name(),
                            name + ".readers",
                            "LOCK_READERS",
                            b,
                            e,
                            b.field("readers"),
                            JavaExpr.newObject("ValueType.IntType"),
                            -1);
                }
            }
        }
        Block tasks = layout.tasks();
        for (Task t : spec.tasks()) {
            int e = t.index();
            add(
                    Independence.TASKS,
                    t.name() + ".op",
                    "TASK_OP",
                    tasks,
                    e,
                    tasks.field("op"),
                    JavaExpr.newObject("ValueType.OperationType", "OPERATION_NAMES"),
                    e);
            add(
                    "",
                    t.name() + ".pc",
                    "TASK_PC",
                    tasks,
                    e,
                    tasks.field("pc"),
                    JavaExpr.newObject("ValueType.IntType"),
                    e);
            for (Operation op : spec.operations()) {
                if (!t.operations().contains(op)) {
                    continue;
                }
                for (Var p : op.parameters()) {
                    noteValued(p.type(), op.index() + 1);
                    add(
                            "",
                            t.name() + "." + op.name() + "." + p.name(),
                            "TASK_PARAM",
                            tasks,
                            e,
                            layout.taskField(p),
                            valueType(p.type()),
                            e);
                }
                for (Var l : op.locals()) {
                    noteValued(l.type(), op.index() + 1);
                    add(
                            "",
                            t.name() + "." + op.name() + "." + l.name(),
                            "TASK_LOCAL",
                            tasks,
                            e,
                            layout.taskField(l),
                            valueType(l.type()),
                            e);
                }
            }
        }
    }

    List<String> sources() {
        return List.copyOf(sources);
    }

    /** @return the indices of the slots whose value is a task ({@code Task} or {@code Task?}). */
    List<Integer> taskValued() {
        return List.copyOf(taskValued);
    }

    /**
     * @return whether some state variable or lock is an array over {@code Task}: permuting tasks would then have to
     *     move array elements too, which symmetry reduction does not do
     */
    boolean taskIndexed() {
        return taskIndexed;
    }

    /** @return the slots of each symmetric domain, by name, in the order the spec declares them. */
    Map<String, DomainSlots> symmetric() {
        return symmetric;
    }

    /**
     * Records that the slot about to be added holds a task or an element of a symmetric domain, if {@code type} says
     * so; {@code operation} as in {@link DomainSlots#operations()}.
     */
    private void noteValued(Type type, int operation) {
        Domain d = type instanceof Type.DomainType dt
                ? dt.domain()
                : type instanceof Type.OptionalType ot ? ot.domain() : null;
        if (taskDomain.equals(d)) {
            taskValued.add(sources.size());
        }
        DomainSlots slots = d == null ? null : symmetric.get(d.name());
        if (slots != null) {
            slots.values().add(sources.size());
            slots.operations().add(operation);
        }
    }

    /**
     * Records the slot about to be added as its element's own, for each symmetric domain among {@code dims} (at most
     * once each).
     */
    private void noteOwner(List<Domain> dims, List<Integer> tuple) {
        for (int k = 0; k < dims.size(); k++) {
            DomainSlots slots = symmetric.get(dims.get(k).name());
            if (slots != null) {
                slots.own().get(tuple.get(k) - dims.get(k).low()).add(sources.size());
            }
        }
    }

    /** @return every index tuple of {@code dims}, row-major as {@link #elementNames} (one empty tuple for a scalar). */
    static List<List<Integer>> indexTuples(List<Domain> dims) {
        List<List<Integer>> tuples = new ArrayList<>();
        tuples.add(List.of());
        for (Domain d : dims) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : tuples) {
                for (int i = d.low(); i <= d.high(); i++) {
                    List<Integer> t = new ArrayList<>(prefix);
                    t.add(i);
                    next.add(t);
                }
            }
            tuples = next;
        }
        return tuples;
    }

    /** @return the words and masks of the slots read under {@code keys}. */
    long[] masks(java.util.Set<String> keys, int words) {
        long[] masks = new long[words];
        for (Bits b : bits) {
            if (keys.contains(b.key())) {
                masks[b.word()] |= b.mask();
            }
        }
        return masks;
    }

    /** @return the slot index of {@code name}, or -1. */
    int index(String name) {
        return byName.getOrDefault(name, -1);
    }

    /**
     * @param key what reading the slot is called in a footprint (see {@link Independence}); "" for task-private slots
     */
    private void add(String key, String name, String kind, Block b, int e, Field f, String type, int task) {
        int low = f.isOptional() ? 0 : f.low();
        int high = f.isOptional() ? (int) f.mask() : f.high();
        byName.put(name, sources.size());
        bits.add(new Bits(key, b.word(e, f), f.mask() << b.shift(e, f)));
        sources.add(JavaExpr.newObject(
                "Slot",
                List.of(
                        JavaExpr.str(name),
                        "SlotKind." + kind,
                        Integer.toString(b.word(e, f)),
                        Integer.toString(b.shift(e, f)),
                        Integer.toString(f.bits()),
                        Integer.toString(low),
                        Integer.toString(high),
                        type,
                        Integer.toString(task))));
    }

    /** @return {@code ["[0]", "[1]"]} or {@code ["[0, 0]", "[0, 1]", ...]}, row-major; {@code [""]} for a scalar. */
    static List<String> elementNames(List<Domain> dims) {
        List<String> names = new ArrayList<>();
        names.add("");
        for (int d = 0; d < dims.size(); d++) {
            List<String> next = new ArrayList<>();
            for (String prefix : names) {
                for (int i = dims.get(d).low(); i <= dims.get(d).high(); i++) {
                    next.add(prefix.isEmpty() ? String.valueOf(i) : prefix + ", " + i);
                }
            }
            names = next;
        }
        if (dims.isEmpty()) {
            return List.of("");
        }
        return names.stream().map(n -> "[" + n + "]").toList();
    }

    static String valueType(Type t) {
        if (t instanceof Type.BoolType) {
            return JavaExpr.newObject("ValueType.BoolType");
        }
        if (t instanceof Type.EnumType et) {
            return JavaExpr.newObject(
                    "ValueType.EnumType",
                    JavaExpr.listOf(JavaExpr.strs(et.decl().literals())));
        }
        if (t instanceof Type.OptionalType ot) {
            return JavaExpr.newObject(
                    "ValueType.OptionalType",
                    JavaExpr.str(ot.domain().name()),
                    Integer.toString(ot.domain().low()));
        }
        return JavaExpr.newObject("ValueType.IntType");
    }
}
