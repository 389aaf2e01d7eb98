package dev.mmspec.support.explore;

import dev.mmspec.support.model.Model;
import dev.mmspec.support.model.ModelInfo;
import java.util.Arrays;

/**
 * Turns a path found over canonical states (symmetry reduction) back into the actions of the
 * concrete model, so that the counterexample replays exactly with {@code Model#apply} alone.
 *
 * <p>Each step of the canonical path is an action on a representative; the concrete state is some
 * renaming of that representative, so the same step is the action of the renamed task. For each
 * step the concrete action is the first, in action order (the canonical one first), among the
 * actions of the tasks of the same symmetry group whose result and canonical successor equal those
 * of the canonical step. If none does, the spec's {@code symmetry} claim is false: that is reported,
 * never papered over. Without symmetries the path is returned as it is.
 */
final class ConcretePath {
    private final Model model;
    private final ModelInfo info;
    private final int[] groupOf;

    ConcretePath(Model model) {
        this.model = model;
        this.info = model.info();
        groupOf = new int[info.tasks().size()];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < info.symmetries().size(); g++) {
            for (int t : info.symmetries().get(g)) {
                groupOf[t] = g;
            }
        }
    }

    /** @return the concrete actions that take the concrete initial state along {@code canonical}. */
    int[] actions(int[] canonical) {
        if (info.symmetries().isEmpty()) {
            return canonical;
        }
        int words = info.stateWords();
        long[] x = new long[words];
        long[] c = new long[words];
        long[] cNext = new long[words];
        long[] xNext = new long[words];
        long[] probe = new long[words];
        model.initialState(x);
        System.arraycopy(x, 0, c, 0, words);
        model.canonicalize(c);
        int[] concrete = new int[canonical.length];
        for (int i = 0; i < canonical.length; i++) {
            int a = canonical[i];
            int result = model.apply(c, a, cNext);
            if (result >= 0) {
                model.canonicalize(cNext);
            }
            int found = -1;
            for (int pass = 0; pass < 2 && found < 0; pass++) {
                for (int b = pass == 0 ? a : 0; b < info.actions().size() && found < 0; b = pass == 0 ? Integer.MAX_VALUE : b + 1) {
                    if (!sameKind(a, b) || model.apply(x, b, xNext) != result) {
                        continue;
                    }
                    if (result < 0) {
                        found = b;
                        continue;
                    }
                    System.arraycopy(xNext, 0, probe, 0, words);
                    model.canonicalize(probe);
                    if (Arrays.equals(probe, cNext)) {
                        found = b;
                    }
                }
            }
            if (found < 0) {
                throw new IllegalStateException(info.spec() + ": step " + (i + 1) + " of a counterexample has no concrete"
                        + " counterpart: the tasks declared symmetric (" + info.symmetries() + ") are not interchangeable");
            }
            concrete[i] = found;
            model.apply(x, found, xNext);
            long[] swap = x;
            x = xNext;
            xNext = swap;
            swap = c;
            c = cNext;
            cNext = swap;
        }
        return concrete;
    }

    /** @return whether {@code b} is {@code a} or the same operation on a task of {@code a}'s group. */
    private boolean sameKind(int a, int b) {
        if (a == b) {
            return true;
        }
        ModelInfo.Action x = info.actions().get(a);
        ModelInfo.Action y = info.actions().get(b);
        int g = groupOf[x.task()];
        return g >= 0 && groupOf[y.task()] == g && x.operation() == y.operation();
    }
}
