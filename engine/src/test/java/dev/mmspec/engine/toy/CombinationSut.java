package dev.mmspec.engine.toy;

import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.List;

/**
 * {@link CombinationModel}'s lock as an "implementation". With {@code hidesTheBug} it keeps the last digit check
 * whatever the fix switch says, as a binding that ignores a fix-off switch would: the model shows the fix broken, the
 * implementation never breaks.
 */
public final class CombinationSut implements SystemUnderTest {
    private final boolean fixed;
    private final CombinationModel model;
    private int position;
    private int pressed = -1;

    /** @param fixed whether the fix is on; @param hidesTheBug whether the fix stays on regardless */
    public CombinationSut(CombinationModel model, boolean fixed, boolean hidesTheBug) {
        this.model = model;
        this.fixed = fixed || hidesTheBug;
    }

    @Override
    public StepReport start(int task, int operation, int[] arguments) {
        pressed = operation;
        return new StepReport("press" + operation + ".press", "", List.of(), "");
    }

    @Override
    public StepReport step(int task) {
        if (pressed < 0) {
            return new StepReport("", "", List.of(), "task " + task + " is idle");
        }
        position = CombinationModel.next(position, pressed, fixed);
        pressed = -1;
        return new StepReport("", "", List.of(), "");
    }

    @Override
    public void abstractState(long[] out) {
        model.pos.set(out, position);
    }

    @Override
    public void close() {}
}
