package dev.mmspec.engine.trace.itf;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays an ITF trace on a model and checks it state by state: the steps as {@link ModelReplay} checks them, and every
 * variable the file recorded against the state the model reaches. A file edited by hand or written by another tool is
 * held to what the model does; the first difference names its step and variable ({@code folio[0].ref}).
 */
public final class ItfReplay {
    private ItfReplay() {}

    /**
     * @return the trace with its states, its violation checked
     * @throws ReplayException at the first step whose action, step, outcome or state differs
     */
    public static Trace replay(Model model, ItfFormat.ItfTrace itf) throws ReplayException {
        Trace trace = itf.trace();
        if (trace.steps().size() + 1 != itf.states().size()) {
            throw new ReplayException(
                    0,
                    "the file has " + itf.states().size() + " states for "
                            + trace.steps().size() + " steps");
        }
        Trace replayed;
        try {
            replayed = ModelReplay.replayWithoutCheckingViolation(model, trace);
        } catch (ReplayException e) {
            // A state that already differed before the step that does not replay is the first difference.
            if (e.step() > 0) {
                int[] prefix = Arrays.copyOf(trace.actions(), e.step() - 1);
                Trace partial = ModelReplay.record(model, prefix, trace.violation(), trace.seed());
                compareStates(model, partial, itf.states());
            }
            throw e;
        }
        compareStates(model, replayed, itf.states());
        return ModelReplay.replay(model, trace);
    }

    private static void compareStates(Model model, Trace replayed, List<Map<String, Object>> recorded)
            throws ReplayException {
        for (int i = 0; i < replayed.states().size(); i++) {
            Map<String, Object> expected =
                    ItfState.encode(model.info(), replayed.states().get(i));
            Map<String, Object> found = recorded.get(i);
            for (Map.Entry<String, Object> var : expected.entrySet()) {
                if (!found.containsKey(var.getKey())) {
                    throw new ReplayException(i, where(i) + "the file has no variable " + var.getKey());
                }
                String difference = difference(var.getKey(), var.getValue(), found.get(var.getKey()));
                if (difference != null) {
                    throw new ReplayException(i, where(i) + difference);
                }
            }
        }
    }

    private static String where(int state) {
        return state == 0 ? "initial state: " : "state after the step: ";
    }

    /**
     * @return the first difference inside one variable ({@code folio[0].ref: the file has 2, the model 3}), or null.
     */
    private static String difference(String path, Object model, Object file) {
        if (model instanceof List<?> m && file instanceof List<?> f && m.size() == f.size()) {
            for (int i = 0; i < m.size(); i++) {
                String d = difference(path + "[" + i + "]", m.get(i), f.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (model instanceof Map<?, ?> m
                && file instanceof Map<?, ?> f
                && !isValue(m)
                && m.keySet().equals(f.keySet())) {
            for (Object key : m.keySet()) {
                String d = difference(path + "." + key, m.get(key), f.get(key));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (Objects.equals(normalise(model), normalise(file))) {
            return null;
        }
        return path + ": the file has " + (file == null ? "nothing" : Json.writeCompact(file)) + ", the model "
                + Json.writeCompact(model);
    }

    /**
     * ITF values ({@code #bigint}, variants, sets, maps) are compared whole: their inside has no name a user would look
     * for.
     */
    private static boolean isValue(Map<?, ?> map) {
        return map.containsKey("#bigint")
                || map.containsKey("#set")
                || map.containsKey("#map")
                || map.containsKey("#tup")
                || map.containsKey("tag");
    }

    /** Parsed JSON numbers are BigIntegers; written ones may be ints: compare their text. */
    private static Object normalise(Object value) {
        return value == null ? null : Json.writeCompact(value);
    }
}
