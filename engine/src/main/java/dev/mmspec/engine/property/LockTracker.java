package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The locks each task of the implementation holds, from its lock events, across steps. Checks the spec's order on every
 * acquire (a lock may not be taken while the task holds one that the order puts after it; the order is partial, so two
 * locks it does not relate may nest either way, as in the model) and answers "did the task hold this lock at some point
 * during the step" for the guard check.
 */
final class LockTracker {
    private final ModelInfo info;

    private final List<List<SpecLockEvent>> held = new ArrayList<>();
    private final List<List<SpecLockEvent>> heldDuringStep = new ArrayList<>();

    LockTracker(ModelInfo info) {
        this.info = info;
        for (int t = 0; t < info.tasks().size(); t++) {
            held.add(new ArrayList<>());
            heldDuringStep.add(new ArrayList<>());
        }
    }

    /** Applies the step's events for {@code task}; @return a lock-order failure, or null. */
    Failure step(int task, List<SpecLockEvent> events, int stepNumber) {
        List<SpecLockEvent> holding = held.get(task);
        List<SpecLockEvent> during = heldDuringStep.get(task);
        during.clear();
        during.addAll(holding);
        Failure failure = null;
        for (SpecLockEvent event : events) {
            if (event.kind() == SpecLockEvent.Kind.ACQUIRE) {
                if (failure == null) {
                    failure = checkOrder(task, holding, event, stepNumber);
                }
                holding.add(event);
                during.add(event);
            } else {
                for (int i = holding.size() - 1; i >= 0; i--) {
                    if (holding.get(i).instance().equals(event.instance())) {
                        holding.remove(i);
                        break;
                    }
                }
            }
        }
        return failure;
    }

    private Failure checkOrder(int task, List<SpecLockEvent> holding, SpecLockEvent acquire, int stepNumber) {
        SpecLockEvent h = SpecLockEvent.heldAgainstOrder(info, holding, acquire);
        if (h == null) {
            return null;
        }
        return Failure.of(
                ViolationKind.LOCK_ORDER,
                acquire.lock() + " after " + h.lock(),
                info.tasks().get(task) + " took " + acquire.instance() + " (" + acquire.site() + ") while holding "
                        + h.instance() + " (" + h.site() + "); the spec orders " + orderText(),
                stepNumber);
    }

    /** @return whether {@code task} held {@code instance} (exclusively when {@code exclusive}) during its last step. */
    boolean heldDuringStep(int task, String instance, boolean exclusive) {
        for (SpecLockEvent event : heldDuringStep.get(task)) {
            if (event.instance().equals(instance) && !(exclusive && event.shared())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether {@code task} held {@code instance} in that mode during its last step: taken in it, or held from
     *     an earlier step
     */
    boolean heldDuringStepAs(int task, String instance, boolean shared) {
        return containsAs(heldDuringStep.get(task), instance, shared);
    }

    /** @return whether {@code task} holds {@code instance} now, after its last step, in that mode. */
    boolean holds(int task, String instance, boolean shared) {
        return containsAs(held.get(task), instance, shared);
    }

    private static boolean containsAs(List<SpecLockEvent> events, String instance, boolean shared) {
        for (SpecLockEvent event : events) {
            if (event.instance().equals(instance) && event.shared() == shared) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the order as the spec implies it, one lock and what comes after it at a time: {@code a < b, c; b < c}.
     */
    private String orderText() {
        StringBuilder text = new StringBuilder();
        for (LockInfo lock : info.locks()) {
            if (!lock.after().isEmpty()) {
                text.append(text.length() == 0 ? "" : "; ")
                        .append(lock.name())
                        .append(" < ")
                        .append(String.join(", ", lock.after()));
            }
        }
        return text.toString();
    }
}
