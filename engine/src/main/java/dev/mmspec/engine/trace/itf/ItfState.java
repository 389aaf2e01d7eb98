package dev.mmspec.engine.trace.itf;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packed state as the variables of an ITF state, following the ITF conventions: integers as {@code {"#bigint":
 * "2"}}, records as objects, arrays over a domain as lists (domains from 0) or {@code #map}s, optional values as the
 * variants {@code {"tag": "Some", "value": v}} and {@code {"tag": "None", "value": {"#tup": []}}}, sets as
 * {@code #set}.
 *
 * <p>The spec's state and ghost variables come first, under the spec's names; then {@value #TASKS} (per task: its
 * operation, next step, parameters, locals and held locks) and {@value #LOCKS} (per lock instance: its owner and, for
 * an rwsem, its readers). Only slots are read, through the model description, so any model (generated or hand-written)
 * can be written.
 */
public final class ItfState {
    /** The variable holding each task's operation, step, parameters, locals and held locks. */
    public static final String TASKS = "mmspec::tasks";
    /** The variable holding each lock instance's owner and readers. */
    public static final String LOCKS = "mmspec::locks";

    private ItfState() {}

    /** @return the variable names of a state of {@code info}, in the order {@link #encode} writes them. */
    public static List<String> vars(ModelInfo info) {
        List<String> vars = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.STATE || slot.kind() == SlotKind.GHOST) {
                String base = base(slot.name());
                if (!vars.contains(base)) {
                    vars.add(base);
                }
            }
        }
        vars.add(TASKS);
        vars.add(LOCKS);
        return vars;
    }

    /** @return the variables of {@code state}, by name, in {@link #vars} order. */
    public static Map<String, Object> encode(ModelInfo info, long[] state) {
        Map<String, Object> tree = new LinkedHashMap<>();
        Map<String, Object> locks = new LinkedHashMap<>();
        for (Slot slot : info.slots()) {
            switch (slot.kind()) {
                case STATE, GHOST -> put(tree, path(slot.name()), value(slot.type(), slot.get(state)));
                case LOCK_OWNER -> {
                    int owner = slot.get(state);
                    List<String> path = path(slot.name().substring("lock ".length()));
                    path.add("owner");
                    put(locks, path, owner == 0 ? none() : some(info.tasks().get(owner - 1)));
                }
                case LOCK_READERS -> {
                    String name =
                            slot.name().substring("lock ".length(), slot.name().length() - ".readers".length());
                    List<String> path = path(name);
                    path.add("readers");
                    put(locks, path, set(readers(info, slot.get(state))));
                }
                case TASK_OP, TASK_PC, TASK_PARAM, TASK_LOCAL -> {
                    // Written per task below, where the current operation decides which of them mean anything.
                }
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            vars.put(e.getKey(), finish(e.getValue()));
        }
        vars.put(TASKS, tasks(info, state));
        Map<String, Object> lockValues = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : locks.entrySet()) {
            lockValues.put(e.getKey(), finish(e.getValue()));
        }
        vars.put(LOCKS, lockValues);
        return vars;
    }

    /**
     * Per task: {@code op} and {@code step} (optional), {@code params} and {@code locals} of the current operation,
     * {@code holds}.
     */
    private static Map<String, Object> tasks(ModelInfo info, long[] state) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            int operation = -1;
            int pc = 0;
            for (Slot slot : info.slots()) {
                if (slot.task() == t && slot.kind() == SlotKind.TASK_OP) {
                    operation = slot.get(state) - 1;
                } else if (slot.task() == t && slot.kind() == SlotKind.TASK_PC) {
                    pc = slot.get(state);
                }
            }
            Map<String, Object> task = new LinkedHashMap<>();
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, Object> locals = new LinkedHashMap<>();
            if (operation < 0) {
                task.put("op", none());
                task.put("step", none());
            } else {
                ModelInfo.Operation op = info.operations().get(operation);
                task.put("op", some(op.name()));
                int step = op.firstStep() + pc;
                task.put(
                        "step",
                        step < info.steps().size() ? some(info.steps().get(step).name()) : none());
                for (Slot slot : info.slots()) {
                    String name = slot.task() == t ? localName(info, slot, op.name()) : null;
                    if (name != null) {
                        (slot.kind() == SlotKind.TASK_PARAM ? params : locals)
                                .put(name, value(slot.type(), slot.get(state)));
                    }
                }
            }
            task.put("params", params);
            task.put("locals", locals);
            task.put("holds", set(new ArrayList<>(held(info, state, t))));
            tasks.put(info.tasks().get(t), task);
        }
        return tasks;
    }

    /**
     * @return the name of a parameter or local of operation {@code operation}: generated models name them
     *     {@code task.op.name}; a slot of another operation gives null, one named otherwise (a hand-written model's
     *     {@code task[t0].tmp}) its last part
     */
    private static String localName(ModelInfo info, Slot slot, String operation) {
        if (slot.kind() != SlotKind.TASK_PARAM && slot.kind() != SlotKind.TASK_LOCAL) {
            return null;
        }
        String[] parts = slot.name().split("\\.");
        if (parts.length == 3
                && info.operations().stream().anyMatch(o -> o.name().equals(parts[1]))) {
            return parts[1].equals(operation) ? parts[2] : null;
        }
        return parts[parts.length - 1];
    }

    /**
     * @return the lock instances {@code task} holds, as {@code ptl[0]}, {@code mmap_lock read}, {@code mmap_lock
     *     write}.
     */
    public static List<String> held(ModelInfo info, long[] state, int task) {
        List<String> held = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.LOCK_OWNER && slot.get(state) == task + 1) {
                String instance = slot.name().substring("lock ".length());
                held.add(instance + (isRwsem(info, instance) ? " write" : ""));
            } else if (slot.kind() == SlotKind.LOCK_READERS && (slot.get(state) & (1 << task)) != 0) {
                String instance =
                        slot.name().substring("lock ".length(), slot.name().length() - ".readers".length());
                held.add(instance + " read");
            }
        }
        return held;
    }

    private static boolean isRwsem(ModelInfo info, String instance) {
        LockInfo lock = info.lock(base(instance));
        return lock != null && lock.kind().equals("rwsem");
    }

    private static List<Object> readers(ModelInfo info, int mask) {
        List<Object> readers = new ArrayList<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            if ((mask & (1 << t)) != 0) {
                readers.add(info.tasks().get(t));
            }
        }
        return readers;
    }

    /** @return a slot value in ITF form. */
    static Object value(ValueType type, int value) {
        if (type instanceof ValueType.BoolType) {
            return value != 0;
        }
        if (type instanceof ValueType.EnumType || type instanceof ValueType.OperationType) {
            return type.format(value);
        }
        if (type instanceof ValueType.OptionalType) {
            return value == 0 ? none() : some(bigint(Integer.parseInt(type.format(value))));
        }
        if (type instanceof ValueType.OwnerType) {
            return value == 0 ? none() : some(type.format(value));
        }
        return bigint(value);
    }

    public static Map<String, Object> bigint(long value) {
        return Map.of("#bigint", Long.toString(value));
    }

    public static Map<String, Object> some(Object value) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("tag", "Some");
        variant.put("value", value);
        return variant;
    }

    public static Map<String, Object> none() {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("tag", "None");
        variant.put("value", Map.of("#tup", List.of()));
        return variant;
    }

    static Map<String, Object> set(List<Object> elements) {
        return Map.of("#set", List.copyOf(elements));
    }

    /** @return the variable a slot belongs to: {@code folio} of {@code folio[1].ref}. */
    static String base(String name) {
        int end = name.length();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '[' || name.charAt(i) == '.') {
                end = i;
                break;
            }
        }
        return name.substring(0, end);
    }

    /** @return {@code [folio, #1, ref]} for {@code folio[1].ref}: index levels marked with '#', one per dimension. */
    static List<String> path(String name) {
        List<String> path = new ArrayList<>();
        String base = base(name);
        path.add(base);
        String rest = name.substring(base.length());
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            for (String index : rest.substring(1, close).split(",")) {
                path.add("#" + index.strip());
            }
            rest = rest.substring(close + 1);
        }
        if (rest.startsWith(".")) {
            path.add(rest.substring(1));
        }
        return path;
    }

    /** An array level while the tree is built: keys are the index texts, in the slots' (ascending) order. */
    private static final class Indexed extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A record level (or a lock instance) while the tree is built. */
    private static final class Record extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, Object value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String key = strip(path.get(i));
            boolean nextIndexed = path.get(i + 1).startsWith("#");
            node = (Map<String, Object>) node.computeIfAbsent(key, k -> nextIndexed ? new Indexed() : new Record());
        }
        node.put(strip(path.get(path.size() - 1)), value);
    }

    private static String strip(String key) {
        return key.startsWith("#") ? key.substring(1) : key;
    }

    /** Turns array levels into lists (indices 0, 1, ...) or {@code #map}s (any other indices). */
    @SuppressWarnings("unchecked")
    private static Object finish(Object node) {
        if (node instanceof Indexed indexed) {
            List<Object> values = new ArrayList<>();
            boolean dense = true;
            int expected = 0;
            for (Map.Entry<String, Object> e : indexed.entrySet()) {
                dense &= e.getKey().equals(Integer.toString(expected++));
                values.add(finish(e.getValue()));
            }
            if (dense) {
                return values;
            }
            List<Object> pairs = new ArrayList<>();
            int i = 0;
            for (String key : indexed.keySet()) {
                Object k = key.matches("-?\\d+") ? bigint(Long.parseLong(key)) : key;
                pairs.add(List.of(k, values.get(i++)));
            }
            return Map.of("#map", pairs);
        }
        if (node instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : record.entrySet()) {
                out.put(e.getKey(), finish(e.getValue()));
            }
            return out;
        }
        return node;
    }
}
