package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.SymmetricDomain;
import dev.mmspec.generator.ir.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the generated model class's members that come from the spec: state accessors, task field accessors, lock
 * primitives, step, start, continue and finish methods, symmetry fields and quantifier helpers. All come from one
 * {@link NameAllocator}, holding the members the generator writes itself and the simple names the model imports, and
 * are asked for in spec order, so the same spec always gets the same names (tags are spec names, unique per kind); the
 * state writer calls the setters by these names too.
 */
final class ModelNames {
    /** Members and imported simple names of every generated model: a spec name must not take one. */
    private static final List<String> RESERVED = NameAllocator.withObjectMethods(List.of(
            // the model's own members
            "WORDS",
            "READ",
            "WRITE",
            "TASK_NAMES",
            "OPERATION_NAMES",
            "ACTION_TASK",
            "ACTION_OPERATION",
            "ACTION_ARGUMENTS",
            "FIRST_STEP",
            "INFO",
            "DISABLED",
            "NO_OUTCOME",
            "fixesOff",
            "buildInfo",
            "info",
            "initialState",
            "apply",
            "recordsFootprints",
            "violatedInvariant",
            "violates",
            "taskOf",
            "idle",
            "nextStep",
            "canonicalize",
            "canonicalizeExactly",
            "withFixesOff",
            "quiescent",
            "advance",
            "copy",
            "holdsAnyLock",
            "symmetry",
            // simple names the model uses as types or packages: a field of that name would obscure them
            "dev",
            "java",
            "FixMask",
            "Model",
            "ModelFault",
            "ModelInfo",
            "Action",
            "Expectation",
            "LockInfo",
            "ModelError",
            "Operation",
            "ScenarioEntry",
            "Slot",
            "SlotKind",
            "ValueType",
            "Packed",
            "ArrayList",
            "Arrays",
            "List",
            "System",
            "Integer",
            "Long",
            "String",
            "Object",
            "Math",
            "IllegalArgumentException",
            "IllegalStateException"));

    private final NameAllocator members;

    ModelNames(Spec spec, Layout layout, String className) {
        List<String> reserved = new ArrayList<>(RESERVED);
        reserved.add(className);
        members = new NameAllocator(reserved);
        for (StateVar v : spec.state()) {
            Block b = layout.state(v);
            for (Field f : b.fields()) {
                String suffix = f.name().isEmpty() ? "" : "_" + f.name();
                members.newName("g_" + v.name() + suffix, List.of("g", v.name(), f.name()));
                members.newName("p_" + v.name() + suffix, List.of("p", v.name(), f.name()));
                if (f.isOptional()) {
                    members.newName("gr_" + v.name() + suffix, List.of("gr", v.name(), f.name()));
                }
            }
            if (v.isRecord()) {
                members.newName("pr_" + v.name(), List.of("pr", v.name()));
            }
        }
        for (Field f : layout.tasks().fields()) {
            String name = f.name().replace('.', '_');
            members.newName("t_" + name, List.of("t", f.name()));
            members.newName("tp_" + name, List.of("tp", f.name()));
        }
        for (Lock lock : spec.locks()) {
            for (String kind : List.of(
                    "owner",
                    "setOwner",
                    "readers",
                    "setReaders",
                    "held",
                    "heldAny",
                    "holds",
                    "free",
                    "take",
                    "lock",
                    "tryLock",
                    "unlock",
                    "holdsAny")) {
                members.newName(kind + "_" + lock.name(), List.of(kind, lock.name()));
            }
        }
        for (Task t : spec.tasks()) {
            for (Operation op : spec.operations()) {
                if (t.operations().contains(op)) {
                    members.newName("start_" + op.name() + "_" + t.name(), List.of("start", t.name(), op.name()));
                    for (Step step : op.steps()) {
                        members.newName(
                                "step_" + op.name() + "_" + step.name() + "_" + t.name(),
                                List.of("step", t.name(), op.name(), step.name()));
                    }
                }
            }
            members.newName("continue_" + t.name(), List.of("continue", t.name()));
            members.newName("finish_" + t.name(), List.of("finish", t.name()));
        }
        for (SymmetricDomain sd : spec.symmetricDomains()) {
            members.newName(
                    "symmetry_" + sd.domain().name(),
                    List.of("symmetry", sd.domain().name()));
        }
    }

    /** The getter of {@code field} ("" or null for a scalar) of state {@code v}. */
    String getter(StateVar v, String field) {
        return members.get(List.of("g", v.name(), field == null ? "" : field));
    }

    /** The getter of an optional field's stored bits: 0 for none, else value - low + 1. */
    String rawGetter(StateVar v, String field) {
        return members.get(List.of("gr", v.name(), field == null ? "" : field));
    }

    String setter(StateVar v, String field) {
        return members.get(List.of("p", v.name(), field == null ? "" : field));
    }

    /** The setter of a whole record element: every field at once, one masked write. */
    String recordSetter(StateVar v) {
        return members.get(List.of("pr", v.name()));
    }

    String taskFieldGetter(Field f) {
        return members.get(List.of("t", f.name()));
    }

    String taskFieldSetter(Field f) {
        return members.get(List.of("tp", f.name()));
    }

    /** A primitive of {@code lock}: {@code owner}, {@code lock}, {@code holds}, ... */
    String lock(String kind, Lock lock) {
        return members.get(List.of(kind, lock.name()));
    }

    String start(Task t, Operation op) {
        return members.get(List.of("start", t.name(), op.name()));
    }

    String step(Task t, Operation op, Step step) {
        return members.get(List.of("step", t.name(), op.name(), step.name()));
    }

    String continueMethod(Task t) {
        return members.get(List.of("continue", t.name()));
    }

    String finish(Task t) {
        return members.get(List.of("finish", t.name()));
    }

    /** The field that canonicalizes symmetric domain {@code d}. */
    String symmetry(Domain d) {
        return members.get(List.of("symmetry", d.name()));
    }

    /** @return a new helper method's name ({@code q0}, {@code q1}, ...). */
    String helper(String suggestion) {
        return members.newName(suggestion);
    }
}
