package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.LockInfo;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The locks each task of the implementation holds, from its lock events, across steps. Checks the
 * spec's order on every acquire (a lock may only be taken while every held lock has a smaller rank)
 * and answers "did the task hold this lock at some point during the step" for the guard check.
 */
final class LockTracker {
    private final ModelInfo info;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final List<List<SpecLockEvent>> held = new ArrayList<>();
    private final List<List<SpecLockEvent>> heldDuringStep = new ArrayList<>();

    LockTracker(ModelInfo info) {
        this.info = info;
        for (LockInfo lock : info.locks()) {
            ranks.put(lock.name(), lock.rank());
        }
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
        int rank = ranks.getOrDefault(acquire.lock(), -1);
        if (rank < 0 || acquire.trylock()) {
            return null;
        }
        for (SpecLockEvent h : holding) {
            int heldRank = ranks.getOrDefault(h.lock(), -1);
            if (heldRank >= 0 && rank <= heldRank) {
                return Failure.of(ViolationKind.LOCK_ORDER, acquire.lock() + " after " + h.lock(),
                        info.tasks().get(task) + " took " + acquire.instance() + " (" + acquire.site() + ") while holding "
                                + h.instance() + " (" + h.site() + "); the spec orders " + orderText(),
                        stepNumber);
            }
        }
        return null;
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

    private String orderText() {
        List<LockInfo> ordered = new ArrayList<>();
        for (LockInfo lock : info.locks()) {
            if (lock.rank() >= 0) {
                ordered.add(lock);
            }
        }
        ordered.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        StringBuilder text = new StringBuilder();
        for (LockInfo lock : ordered) {
            text.append(text.length() == 0 ? "" : " < ").append(lock.name());
        }
        return text.toString();
    }
}
