package dev.mmspec.engine.check;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a spec scenario into the exact action sequence it means on the model: each entry starts its operation if the
 * task is idle and runs it through the named step (or to its end). The result stops at the first violation, as a
 * report's interleaving does.
 */
final class ScenarioRunner {
    private ScenarioRunner() {}

    /** What a scenario does on the model. */
    record Played(Trace trace, Optional<Violation> violation, List<String> outcomes) {}

    static Played play(Model model, ModelInfo.Scenario scenario) {
        ModelInfo info = model.info();
        long[] state = new long[info.stateWords()];
        model.initialState(state);
        List<Integer> actions = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        Optional<Violation> violation = invariant(model, state);
        for (ModelInfo.ScenarioEntry entry : scenario.entries()) {
            if (violation.isPresent()) {
                break;
            }
            int task = entry.task();
            boolean first = true;
            while (violation.isEmpty()) {
                int action;
                if (first && model.idle(state, task)) {
                    action = entry.startAction();
                } else if (model.idle(state, task)) {
                    break; // the operation ended before the step the entry names (an early exit)
                } else {
                    action = continueAction(info, task);
                }
                first = false;
                int step = ModelReplay.stepToRun(model, state, action);
                long[] next = new long[state.length];
                int result = model.apply(state, action, next);
                if (result == Model.DISABLED) {
                    throw new AssertionError(info.sourcePath() + ":" + entry.line() + ": scenario " + scenario.name()
                            + ": "
                            + info.tasks().get(task) + " cannot run " + ModelText.action(info, action)
                            + (step >= 0 ? " (" + info.steps().get(step).label() + ")" : "") + " here: it is blocked");
                }
                actions.add(action);
                state = next;
                if (result <= -2) {
                    violation =
                            Optional.of(new Violation(ViolationKind.MODEL_ERROR, ModelText.modelError(info, result)));
                    break;
                }
                if (result > 0) {
                    outcomes.add(info.outcomeName(result));
                }
                violation = invariant(model, state);
                if (entry.throughStep() >= 0 && step == entry.throughStep()) {
                    break;
                }
                if (model.idle(state, task)) {
                    break;
                }
            }
        }
        int[] array = actions.stream().mapToInt(Integer::intValue).toArray();
        Trace trace = ModelReplay.record(model, array, violation, OptionalLong.empty());
        return new Played(trace, violation, outcomes);
    }

    private static Optional<Violation> invariant(Model model, long[] state) {
        int broken = model.violatedInvariant(state);
        return broken < 0
                ? Optional.empty()
                : Optional.of(new Violation(
                        ViolationKind.INVARIANT,
                        model.info().invariants().get(broken).name()));
    }

    static int continueAction(ModelInfo info, int task) {
        for (int a = 0; a < info.actions().size(); a++) {
            ModelInfo.Action act = info.actions().get(a);
            if (act.task() == task && act.isContinue()) {
                return a;
            }
        }
        throw new IllegalStateException("task " + task + " has no continue action");
    }
}
