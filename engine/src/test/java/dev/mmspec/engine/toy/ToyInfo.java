package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Fix;
import dev.mmspec.contract.model.ModelInfo.Guard;
import dev.mmspec.contract.model.ModelInfo.Invariant;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.contract.model.ModelInfo.ModelError;
import dev.mmspec.contract.model.ModelInfo.Operation;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.Step;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link ModelInfo} of a hand-written toy model, slot by slot, without the generator. */
final class ToyInfo {
    private final String spec;
    private final List<Slot> slots = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private final List<Operation> operations = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<Invariant> invariants = new ArrayList<>();
    private final List<Fix> fixes = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final List<ModelError> errors = new ArrayList<>();
    private final List<LockInfo> locks = new ArrayList<>();
    private final List<Guard> guards = new ArrayList<>();
    private int bit;

    ToyInfo(String spec) {
        this.spec = spec;
    }

    /** Adds a slot in the next free bits of word 0 and returns it. */
    Slot slot(String name, SlotKind kind, int high, ValueType type, int task) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, high));
        Slot slot = new Slot(name, kind, 0, bit, bits, 0, high, type, task);
        bit += bits;
        if (bit > 64) {
            throw new IllegalStateException("toy state does not fit one word");
        }
        slots.add(slot);
        return slot;
    }

    Slot intSlot(String name, SlotKind kind, int high) {
        return slot(name, kind, high, new ValueType.IntType(), -1);
    }

    ToyInfo task(String name) {
        tasks.add(name);
        return this;
    }

    /** Adds an operation with its steps; returns its index. */
    int operation(String name, String... stepNames) {
        int index = operations.size();
        operations.add(new Operation(name, List.of(), steps.size(), stepNames.length, 10 + index));
        for (String step : stepNames) {
            steps.add(new Step(index, step, name + "." + step, 20 + steps.size()));
        }
        return index;
    }

    /** Adds an action; returns its number. */
    int action(int task, int operation) {
        actions.add(new Action(task, operation, List.of()));
        return actions.size() - 1;
    }

    ToyInfo invariant(String name, int line) {
        invariants.add(new Invariant(name, "", name, "", line));
        return this;
    }

    ToyInfo fix(String name) {
        fixes.add(new Fix(name, "toy", 5));
        return this;
    }

    ToyInfo error(String message) {
        errors.add(new ModelError(message, 30));
        return this;
    }

    /** A lock; {@code after}: the locks the order puts after it (taking it while holding one is against the order). */
    ToyInfo lock(String name, int rank, String... after) {
        locks.add(new LockInfo(name, "spinlock", "global", 1, rank, List.of(after), 3));
        return this;
    }

    ToyInfo guard(Slot slot, String lock) {
        guards.add(new Guard(slots.indexOf(slot), lock, -1, 4));
        return this;
    }

    ModelInfo build() {
        return ModelInfo.builder(spec)
                .title("toy " + spec)
                .sourcePath("spec/" + spec + ".mmspec")
                .slots(slots)
                .tasks(tasks)
                .operations(operations)
                .steps(steps)
                .actions(actions)
                .invariants(invariants)
                .fixes(fixes)
                .outcomes(outcomes)
                .errors(errors)
                .locks(locks)
                .guards(guards)
                .build();
    }
}
