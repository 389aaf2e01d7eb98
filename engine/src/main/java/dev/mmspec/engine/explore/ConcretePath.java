package dev.mmspec.engine.explore;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.Arrays;

/**
 * Turns a path found over canonical states (symmetry reduction) back into the actions of the concrete model, so that
 * the counterexample replays exactly with {@code Model#apply} alone.
 *
 * <p>Each step of the canonical path is an action on a representative; the concrete state is some renaming of that
 * representative, so the same step is the same operation run by a renamed task (task symmetry) or with renamed
 * arguments (a symmetric domain). For each step the concrete action is the first, in action order (the canonical one
 * first), among the actions of the same operation on the same task or a task of its symmetry group, whose result is the
 * canonical step's and whose successor lies in the class of the canonical successor: first tested by canonical forms,
 * then, where those differ (tasks and a domain both symmetric), exactly ({@link Model#canonicalizeExactly}). If none
 * does, the spec's {@code symmetry} claim is false: that is reported, never papered over. Without symmetries the path
 * is returned as it is.
 *
 * <p>A model error of a {@code choose} over a symmetric domain names the two elements it found not interchangeable, in
 * the naming of the state it ran in; its concrete counterpart names them in the concrete naming, so two errors of one
 * such site count as the same result, and {@link #violation} takes the message from the concrete run.
 *
 * <p>Public because the Spark engine rebuilds its counterexamples with it too, so that both engines' traces come from
 * one mapping.
 */
public final class ConcretePath {
    private final Model model;
    private final ModelInfo info;
    private final int[] groupOf;

    public ConcretePath(Model model) {
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
    public int[] actions(int[] canonical) {
        if (!info.symmetric()) {
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
            long[] exactNext = null;
            // Passes: the canonical action by canonical form, every action by canonical form, every action exactly.
            for (int pass = 0; pass < 3 && found < 0; pass++) {
                if (pass == 2 && result >= 0) {
                    exactNext = cNext.clone();
                    model.canonicalizeExactly(exactNext);
                }
                for (int b = pass == 0 ? a : 0;
                        b < info.actions().size() && found < 0;
                        b = pass == 0 ? Integer.MAX_VALUE : b + 1) {
                    if (!sameKind(a, b) || !sameResult(result, model.apply(x, b, xNext))) {
                        continue;
                    }
                    if (result < 0) {
                        found = b;
                    } else if (pass < 2) {
                        System.arraycopy(xNext, 0, probe, 0, words);
                        model.canonicalize(probe);
                        found = Arrays.equals(probe, cNext) ? b : -1;
                    } else {
                        System.arraycopy(xNext, 0, probe, 0, words);
                        model.canonicalizeExactly(probe);
                        found = Arrays.equals(probe, exactNext) ? b : -1;
                    }
                }
            }
            if (found < 0) {
                throw new IllegalStateException(info.spec() + ": step " + (i + 1)
                        + " of a counterexample has no concrete"
                        + " counterpart: what the spec declares symmetric (tasks " + info.symmetries() + ", domains "
                        + info.symmetricDomains().stream()
                                .map(ModelInfo.SymmetricDomain::name)
                                .toList() + ") is not interchangeable");
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

    /**
     * @return the violation {@code concretePath} ends in: the canonical one, except that a model error's message comes
     *     from the concrete run (it may name elements of a symmetric domain)
     */
    public Violation violation(ViolationKind kind, String name, int[] concretePath) {
        if (kind != ViolationKind.MODEL_ERROR || info.symmetricDomains().isEmpty() || concretePath.length == 0) {
            return new Violation(kind, name);
        }
        long[] state = new long[info.stateWords()];
        long[] next = new long[info.stateWords()];
        model.initialState(state);
        int result = Model.NO_OUTCOME;
        for (int action : concretePath) {
            result = model.apply(state, action, next);
            long[] swap = state;
            state = next;
            next = swap;
        }
        return new Violation(kind, result <= -2 ? ModelText.modelError(info, result) : name);
    }

    /** @return whether {@code b} is {@code a}, or the same operation on the same task or a task of its group. */
    private boolean sameKind(int a, int b) {
        if (a == b) {
            return true;
        }
        ModelInfo.Action x = info.actions().get(a);
        ModelInfo.Action y = info.actions().get(b);
        if (x.operation() != y.operation()) {
            return false;
        }
        int g = groupOf[x.task()];
        return x.task() == y.task() ? !info.symmetricDomains().isEmpty() : g >= 0 && groupOf[y.task()] == g;
    }

    /** @return whether two results of {@code apply} are the same, up to the naming of a symmetric domain's elements. */
    private boolean sameResult(int expected, int actual) {
        if (expected == actual) {
            return true;
        }
        if (expected > -2 || actual > -2) {
            return false;
        }
        int x = -2 - expected;
        int y = -2 - actual;
        for (ModelInfo.SymmetricDomain d : info.symmetricDomains()) {
            for (int first : d.pairErrors()) {
                if (x >= first && x < first + d.pairs() && y >= first && y < first + d.pairs()) {
                    return true;
                }
            }
        }
        return false;
    }
}
