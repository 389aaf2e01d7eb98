package dev.mmspec.engine.trace;

/**
 * One step of a trace: the action taken, the step of the spec it ran and what it produced.
 *
 * @param action the action number (index into {@code ModelInfo.actions()})
 * @param step the global index of the spec step that ran (into {@code ModelInfo.steps()})
 * @param outcome the result of {@code Model.apply}: {@code 0} none, {@code > 0} an outcome id, {@code <= -2} a model
 *     error
 */
public record TraceStep(int action, int step, int outcome) {

    public TraceStep {
        if (action < 0) {
            throw new IllegalArgumentException("action must be >= 0, was " + action);
        }
        if (outcome == -1) {
            throw new IllegalArgumentException("a trace step cannot be disabled (outcome -1)");
        }
    }
}
