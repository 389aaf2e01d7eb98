package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a deadlock every tool shares: no action is enabled while some task is in the middle of an
 * operation (so it waits forever for a lock or a {@code require}).
 */
public final class Deadlocks {
    private Deadlocks() {}

    /** @return the busy tasks' names joined by commas if {@code state} is a deadlock, else null. */
    public static String deadlock(Model model, long[] state) {
        int tasks = model.info().tasks().size();
        boolean busy = false;
        for (int t = 0; t < tasks && !busy; t++) {
            busy = !model.idle(state, t);
        }
        if (!busy) {
            return null;
        }
        long[] scratch = new long[state.length];
        int actions = model.info().actions().size();
        for (int a = 0; a < actions; a++) {
            if (model.apply(state, a, scratch) != Model.DISABLED) {
                return null;
            }
        }
        List<String> blocked = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            if (!model.idle(state, t)) {
                blocked.add(model.info().tasks().get(t));
            }
        }
        return String.join(",", blocked);
    }
}
