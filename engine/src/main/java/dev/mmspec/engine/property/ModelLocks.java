package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.ModelError;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.Step;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock check of lockstep: in each step, the implementation holds every lock the model takes, in the model's mode
 * (an rwsem for read or for write): it takes it in the step, or holds it already from an earlier one (filemap_fault()
 * returns the folio locked, where writeback_clean's model takes the folio lock in the next step); and it releases by
 * the step's end every lock the model has released by then. Without it, a runtime that leaves out a lock passes unless
 * a {@code guard} covers a field written under it.
 *
 * <p>What the model takes is read from its lock slots: a lock slot the step wrote (from the model's footprint, or where
 * the model records none, from the slot's change) and the task did not hold before was taken in the step, even when the
 * step also released it. The implementation's lock events name locks as the spec does (the binding translates them, as
 * for the order and guard checks), so the two compare by instance, {@code folio_lock[2]}.
 */
final class ModelLocks {
    /**
     * One lock instance's slots: the owner (writer of an rwsem), and an rwsem's reader mask or null; {@code rwsem}
     * whether the lock is one (its failures then name the mode).
     */
    private record Instance(String name, String lock, Slot owner, Slot readers, boolean rwsem) {}

    private final ModelInfo info;
    private final List<Instance> instances = new ArrayList<>();

    ModelLocks(ModelInfo info) {
        this.info = info;
        List<Slot> readers = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.LOCK_READERS) {
                readers.add(slot);
            }
        }
        for (Slot slot : info.slots()) {
            if (slot.kind() != SlotKind.LOCK_OWNER) {
                continue;
            }
            String name = slot.name().startsWith("lock ") ? slot.name().substring(5) : slot.name();
            int bracket = name.indexOf('[');
            String lock = bracket < 0 ? name : name.substring(0, bracket);
            Slot reader = null;
            for (Slot r : readers) {
                if (r.name().equals(slot.name() + ".readers")
                        || r.name().equals("lock " + lock + ".readers" + name.substring(lock.length()))) {
                    reader = r;
                }
            }
            ModelInfo.LockInfo kind = info.lock(lock);
            instances.add(new Instance(
                    name, lock, slot, reader, kind != null && kind.kind().equals("rwsem")));
        }
    }

    /**
     * What one lockstep step gives the check.
     *
     * @param task the task that ran the step
     * @param step index into {@code info.steps()} of the step the model ran
     * @param before the model state before the step
     * @param after the model state after it
     * @param written the footprint of the step's writes ({@code stateWords} longs), or null where the model records
     *     none
     * @param events the implementation's lock events of the step
     * @param tracker what the implementation holds after the step
     * @param n the step number, for the failure
     */
    record LockStep(
            int task,
            int step,
            long[] before,
            long[] after,
            long[] written,
            List<SpecLockEvent> events,
            LockTracker tracker,
            int n) {}

    /** @return the first lock the implementation did not take (or did not release) as the model did, or null */
    Failure check(LockStep s) {
        for (Instance instance : instances) {
            Failure failure = check(s, instance, instance.owner, false);
            if (failure == null && instance.readers != null) {
                failure = check(s, instance, instance.readers, true);
            }
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** @return the failure of {@code instance}'s {@code slot} (its owner, or with {@code read} its readers), or null */
    private Failure check(LockStep s, Instance instance, Slot slot, boolean read) {
        int task = s.task();
        int step = s.step();
        long[] written = s.written();
        LockTracker tracker = s.tracker();
        int n = s.n();
        boolean heldBefore = holds(slot, read, task, s.before());
        boolean heldAfter = holds(slot, read, task, s.after());
        boolean wrote =
                written == null ? heldBefore != heldAfter : (written[slot.word()] & mask(slot, read, task)) != 0;
        boolean taken = wrote && !heldBefore;
        if (taken && !tracker.heldDuringStepAs(task, instance.name, read)) {
            return Failure.of(
                    ViolationKind.CONFORMANCE,
                    "lock " + instance.name,
                    ran(task, step) + " without holding " + instance.name + mode(instance, read)
                            + "; the model takes it in that step (spec line "
                            + line(step, instance.lock, " taken ") + ")" + tookInstead(s.events(), instance.name),
                    n);
        }
        if ((taken || heldBefore) && !heldAfter && tracker.holds(task, instance.name, read)) {
            return Failure.of(
                    ViolationKind.CONFORMANCE,
                    "unlock " + instance.name,
                    ran(task, step) + " and still holds " + instance.name + mode(instance, read)
                            + "; the model has released it by the step's end (spec line "
                            + line(step, instance.lock, " released ") + ")",
                    n);
        }
        return null;
    }

    /** @return "{@code task} ran {@code step's label}", the start of a failure's text */
    private String ran(int task, int step) {
        return info.tasks().get(task) + " ran " + info.steps().get(step).label();
    }

    private static String mode(Instance instance, boolean read) {
        return instance.rwsem ? (read ? " for read" : " for write") : "";
    }

    private static boolean holds(Slot slot, boolean read, int task, long[] state) {
        int value = slot.get(state);
        return read ? (value >> task & 1) != 0 : value == task + 1;
    }

    /** @return the bits of {@code slot} in its word that a write of {@code task}'s hold changes. */
    private static long mask(Slot slot, boolean read, int task) {
        if (read) {
            return 1L << (slot.shift() + task);
        }
        return ((1L << slot.bits()) - 1) << slot.shift();
    }

    private static String tookInstead(List<SpecLockEvent> events, String instance) {
        for (SpecLockEvent event : events) {
            if (event.kind() == SpecLockEvent.Kind.ACQUIRE && event.instance().equals(instance)) {
                return " (it took it " + (event.shared() ? "for read" : "for write") + ", " + event.site() + ")";
            }
        }
        return "";
    }

    /**
     * @return the spec line of the step's first statement that takes ({@code verb} " taken ") or releases (" released
     *     ") {@code lock}, from the model's lock errors that carry it; else the step's own line
     */
    private int line(int step, String lock, String verb) {
        int from = info.steps().get(step).line();
        int to = Integer.MAX_VALUE;
        for (Step other : info.steps()) {
            if (other.line() > from && other.line() < to) {
                to = other.line();
            }
        }
        for (ModelInfo.Operation operation : info.operations()) {
            if (operation.line() > from && operation.line() < to) {
                to = operation.line();
            }
        }
        for (ModelError error : info.errors()) {
            if (error.line() >= from && error.line() < to && error.message().startsWith(lock + verb)) {
                return error.line();
            }
        }
        return from;
    }
}
