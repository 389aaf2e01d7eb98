package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * How actions, outcomes and fix masks are written in trace files and race diagrams: one place, so that the writer, the
 * reader and the diagram agree.
 */
public final class ModelText {
    private ModelText() {}

    /** @return {@code op(arg, ...)} for a start action, {@code continue} for a continue action. */
    public static String action(ModelInfo info, int action) {
        Action a = info.actions().get(action);
        if (a.isContinue()) {
            return "continue";
        }
        return invocation(info, a.operation(), a.arguments());
    }

    /** @return {@code op(arg, ...)}. */
    public static String invocation(ModelInfo info, int operation, List<Integer> arguments) {
        StringBuilder text = new StringBuilder(info.operations().get(operation).name()).append('(');
        for (int i = 0; i < arguments.size(); i++) {
            text.append(i == 0 ? "" : ",").append(arguments.get(i));
        }
        return text.append(')').toString();
    }

    /** @return the outcome as a trace file writes it: {@code none}, {@code ENOMEM}, {@code model_error[3]}. */
    public static String outcome(ModelInfo info, int outcome) {
        if (outcome == 0) {
            return "none";
        }
        if (outcome > 0) {
            return info.outcomeName(outcome);
        }
        return "model_error[" + (-2 - outcome) + "]";
    }

    /** @return the names of the fixes whose bit is set in {@code mask}, in fix order. */
    public static List<String> fixes(ModelInfo info, long mask) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < info.fixes().size(); i++) {
            if ((mask & (1L << i)) != 0) {
                names.add(info.fixes().get(i).name());
            }
        }
        return names;
    }

    /** @return {@code a,b} or {@code none}. */
    public static String fixList(List<String> fixesOff) {
        return fixesOff.isEmpty() ? "none" : String.join(",", fixesOff);
    }

    /** @return the model error's message for an {@code apply} result {@code <= -2}. */
    public static String modelError(ModelInfo info, int outcome) {
        int index = -2 - outcome;
        return index < info.errors().size() ? info.errors().get(index).message() : "model error " + index;
    }

    /** @return the number of times consecutive steps change task. */
    public static int contextSwitches(ModelInfo info, int[] actions) {
        int switches = 0;
        for (int i = 1; i < actions.length; i++) {
            if (info.actions().get(actions[i]).task()
                    != info.actions().get(actions[i - 1]).task()) {
                switches++;
            }
        }
        return switches;
    }
}
