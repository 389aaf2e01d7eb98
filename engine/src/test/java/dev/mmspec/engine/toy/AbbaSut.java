package dev.mmspec.engine.toy;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.List;

/**
 * An implementation of {@link LockOrderModel} whose {@code ba} always takes lock_b first, whatever the spec says:
 * against a model with the {@code lock_order} fix it takes lock_a while holding lock_b, which the lock-order check must
 * report.
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
        String first = task == 0 ? "lock_a" : "lock_b";
        String second = task == 0 ? "lock_b" : "lock_a";
        if (pc[task] < 2) {
            String lock = pc[task] == 0 ? first : second;
            int index = lock.equals("lock_a") ? 0 : 1;
            if (owner[index] != null) {
                return new StepReport("", "", List.of(), "blocked on " + lock);
            }
            owner[index] = "t" + task;
            pc[task]++;
            return new StepReport(
                    label(task),
                    "",
                    List.of(new SpecLockEvent(task, SpecLockEvent.Kind.ACQUIRE, lock, -1, false, "AbbaSut.step")),
                    "");
        }
        owner[0] = null;
        owner[1] = null;
        count++;
        pc[task] = -1;
        return new StepReport(
                "",
                "",
                List.of(
                        new SpecLockEvent(task, SpecLockEvent.Kind.RELEASE, second, -1, false, "AbbaSut.release"),
                        new SpecLockEvent(task, SpecLockEvent.Kind.RELEASE, first, -1, false, "AbbaSut.release")),
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
