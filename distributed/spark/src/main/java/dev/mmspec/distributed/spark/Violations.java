package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;

/**
 * A violation found on an executor, as a {@code long[]} so that it travels through the shuffle with the successors
 * ({@code [kind, fingerprint, extra action, length, code]}): through data, not an accumulator, so that a retried task
 * cannot count it twice. The driver turns it into a name.
 *
 * <p>The code is the invariant's index, the model error's {@code apply} result, or for a deadlock the mask of the busy
 * tasks.
 */
final class Violations {
    private Violations() {}

    static long[] of(ViolationKind kind, long fingerprint, int extraAction, int length, long code) {
        return new long[] {kind.ordinal(), fingerprint, extraAction, length, code};
    }

    static ViolationKind kind(long[] v) {
        return ViolationKind.values()[(int) v[0]];
    }

    static long fingerprint(long[] v) {
        return v[1];
    }

    static int extraAction(long[] v) {
        return (int) v[2];
    }

    static int length(long[] v) {
        return (int) v[3];
    }

    /** @return the violation as the local explorer names it */
    static Violation named(long[] v, ModelInfo info) {
        ViolationKind kind = kind(v);
        long code = v[4];
        String name = switch (kind) {
            case INVARIANT -> info.invariants().get((int) code).name();
            case MODEL_ERROR -> ModelText.modelError(info, (int) code);
            case DEADLOCK -> blockedTasks(info, code);
            default -> throw new AssertionError(kind);
        };
        return new Violation(kind, name);
    }

    private static String blockedTasks(ModelInfo info, long busy) {
        StringBuilder names = new StringBuilder();
        for (int t = 0; t < info.tasks().size(); t++) {
            if ((busy & (1L << t)) != 0) {
                names.append(names.length() == 0 ? "" : ",").append(info.tasks().get(t));
            }
        }
        return names.toString();
    }
}
