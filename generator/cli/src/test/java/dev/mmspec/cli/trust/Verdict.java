package dev.mmspec.cli.trust;

/**
 * What one checker says about one spec with one set of fixes off.
 *
 * @param holds no invariant, model error or deadlock in any reachable state
 * @param distinct distinct states (-1: this checker's count is not comparable, see {@link #tool})
 * @param transitions transitions taken, successors computed from every reached state (-1: not comparable)
 * @param traceLength steps of the shortest counterexample, -1 when it holds
 * @param tool who said it, with the options ("mmspec workers=2 sleep-sets", "TLC", "SPIN")
 * @param deadlock the counterexample ends in a deadlock (not an invariant, an assertion or another model error)
 */
record Verdict(String tool, boolean holds, long distinct, long transitions, int traceLength, boolean deadlock) {
    Verdict(String tool, boolean holds, long distinct, long transitions, int traceLength) {
        this(tool, holds, distinct, transitions, traceLength, false);
    }

    @Override
    public String toString() {
        return tool + ": " + (holds ? "holds" : (deadlock ? "deadlock in " : "violated in ") + traceLength)
                + ", distinct=" + distinct + ", transitions=" + transitions;
    }
}
