package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * An implementation of {@link LockOrderModel} with the {@code lock_order} fix whose {@code ba} takes lock_a first, as
 * the model does, but in its second step drops it, takes lock_b and takes lock_a again: it holds what the model holds
 * after each step, and takes lock_a while holding lock_b, which the lock-order check must report.
 */
public final class AbbaSut implements SystemUnderTest {
    private final Slot countSlot;
    private final String[] owner = {null, null};
    private final int[] pc = {-1, -1};
    private int count;

    public AbbaSut(ModelInfo info) {
        countSlot = info.slots().stream()
                .filter(s -> s.name().equals("count"))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public StepReport start(int task, int operation, int[] arguments) {
        pc[task] = 0;
        return new StepReport(label(task), "", List.of(), "");
    }

    @Override
    public StepReport step(int task) {
        if (pc[task] < 2) {
            String lock = pc[task] == 0 ? "lock_a" : "lock_b";
            int index = lock.equals("lock_a") ? 0 : 1;
            if (owner[index] != null) {
                return new StepReport("", "", List.of(), "blocked on " + lock);
            }
            owner[index] = "t" + task;
            pc[task]++;
            List<SpecLockEvent> events = new ArrayList<>();
            if (task == 1 && lock.equals("lock_b")) {
                events.add(new SpecLockEvent(task, SpecLockEvent.Kind.RELEASE, "lock_a", -1, false, "AbbaSut.step"));
            }
            events.add(new SpecLockEvent(task, SpecLockEvent.Kind.ACQUIRE, lock, -1, false, "AbbaSut.step"));
            if (task == 1 && lock.equals("lock_b")) {
                events.add(new SpecLockEvent(task, SpecLockEvent.Kind.ACQUIRE, "lock_a", -1, false, "AbbaSut.step"));
            }
            return new StepReport(label(task), "", events, "");
        }
        owner[0] = null;
        owner[1] = null;
        count++;
        pc[task] = -1;
        return new StepReport(
                "",
                "",
                List.of(
                        new SpecLockEvent(task, SpecLockEvent.Kind.RELEASE, "lock_b", -1, false, "AbbaSut.release"),
                        new SpecLockEvent(task, SpecLockEvent.Kind.RELEASE, "lock_a", -1, false, "AbbaSut.release")),
                "");
    }

    private String label(int task) {
        String op = task == 0 ? "ab" : "ba";
        return op + "." + List.of("lock_first", "lock_second", "release").get(pc[task]);
    }

    @Override
    public void abstractState(long[] out) {
        countSlot.set(out, count);
    }

    @Override
    public void close() {}
}
