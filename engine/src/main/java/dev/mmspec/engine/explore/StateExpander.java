package dev.mmspec.engine.explore;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import java.util.Arrays;
import java.util.List;

/**
 * The successor rules of the explorer, in one place for every engine that searches a model (the explorer's workers, and
 * the Spark engine's executors through this public class): which actions are tried from a state (an idle task's start
 * actions, a busy task's continue action), partial-order reduction (the first busy task's enabled independent step
 * alone), a step back to the very same state counted but not kept, successors canonicalized under symmetry, a model
 * error kept as a successor with its {@code apply} result, and a deadlock where a task is busy and nothing is enabled.
 * A change to the reductions here changes every engine alike, so their counts cannot drift.
 *
 * <p>Allocates nothing per state: {@link #expand} appends the successors of one state to flat buffers, after those
 * already there, so a caller can buffer a whole batch of states before it looks any successor up. Not thread-safe: one
 * per worker.
 */
public final class StateExpander {
    private final Model model;
    private final Successors successors;
    private final int words;
    /** {@code independent[t][step]}: task t may run {@code step} alone; null for no partial-order reduction. */
    private final boolean[][] independent;

    private final boolean symmetric;
    /** Sleep sets: {@code apply} also records each step's footprint (read and written bits). */
    private final boolean footprints;

    private final long[] target;
    /** {@code apply}'s output with footprint masks: successor, then read bits, then written bits. */
    private final long[] tracked;

    /** The buffered successors: states ({@code words} longs each), actions, {@code apply} results, fingerprints. */
    final long[] buffer;

    final int[] actions;
    final int[] results;
    final long[] fingerprints;
    /** With footprints: per buffered successor, the bits its step read and wrote. */
    final long[] readBits;

    final long[] writeBits;

    /** Enabled transitions seen (self-loops and model errors included). */
    long transitions;
    /** States expanded by one independent step instead of every enabled one. */
    long reduced;
    /** The last {@link #expand}: the busy tasks as a mask if it was a deadlock, else 0. */
    private long deadlocked;

    /**
     * For an engine outside this package: room for one state's successors, no sleep sets.
     *
     * @param partialOrder whether to apply partial-order reduction where the model allows it
     *     ({@link #independentSteps})
     */
    public StateExpander(Model model, boolean partialOrder) {
        this(model, new Successors(model.info()), independentSteps(model.info(), partialOrder), false, 1);
    }

    /**
     * @param independent the steps each task may run alone, or null
     * @param footprints whether to record each step's footprint (sleep sets)
     * @param states how many states' successors the buffers hold at once
     */
    StateExpander(Model model, Successors successors, boolean[][] independent, boolean footprints, int states) {
        this.model = model;
        this.successors = successors;
        this.words = model.info().stateWords();
        this.independent = independent;
        this.symmetric = model.info().symmetric();
        this.footprints = footprints;
        this.target = new long[words];
        this.tracked = new long[footprints ? 3 * words : 0];
        int room = successors.maxPerState * states;
        this.buffer = new long[room * words];
        this.actions = new int[room];
        this.results = new int[room];
        this.fingerprints = new long[room];
        this.readBits = new long[footprints ? room * words : 0];
        this.writeBits = new long[footprints ? room * words : 0];
    }

    /**
     * Which steps each task may run alone, or null for no partial-order reduction: not asked for, nothing independent,
     * or symmetry reduction on (combining the two needs an ample choice that is itself symmetric; not done yet).
     */
    public static boolean[][] independentSteps(ModelInfo info, boolean partialOrder) {
        if (!partialOrder
                || info.symmetric()
                || info.independentSteps().stream().allMatch(List::isEmpty)) {
            return null;
        }
        boolean[][] independent = new boolean[info.tasks().size()][info.steps().size()];
        for (int t = 0; t < independent.length; t++) {
            for (int step : info.independentSteps().get(t)) {
                independent[t][step] = true;
            }
        }
        return independent;
    }

    /**
     * Expands {@code source} into the buffers, from successor {@code count} on: every action worth trying, keeping the
     * enabled ones (model errors included) that lead elsewhere.
     *
     * @return the successors in the buffers now
     */
    int expand(long[] source, int count) {
        deadlocked = 0;
        if (independent != null) {
            int after = tryIndependentStep(source, count);
            if (after > count) {
                reduced++;
                return after;
            }
        }
        long enabledBefore = transitions;
        long busy = 0;
        for (int t = 0; t < successors.tasks; t++) {
            if (model.idle(source, t)) {
                for (int action : successors.startActions[t]) {
                    count = tryAction(source, action, count);
                }
            } else {
                busy |= 1L << t;
                int action = successors.continueAction[t];
                if (action >= 0) {
                    count = tryAction(source, action, count);
                }
            }
        }
        if (busy != 0 && transitions == enabledBefore) {
            deadlocked = busy;
        }
        return count;
    }

    /**
     * Expands {@code source} alone. @return how many successors it has ({@link #state}, {@link #action},
     * {@link #result}, {@link #fingerprint} 0 .. that - 1)
     */
    public int expand(long[] source) {
        return expand(source, 0);
    }

    /**
     * The ample set of partial-order reduction: the first busy task whose next step is independent and enabled runs
     * that step alone. It commutes with everything the other tasks can do and no invariant can see it, so every state
     * the full search would reach from here in which an invariant fails, a model error occurs or the tasks deadlock is
     * still reached (later by at most the reduced steps: the witness search, which never reduces, finds the shortest
     * trace again). An independent step never jumps back, so no cycle of reduced states can postpone the other tasks
     * forever (the cycle proviso).
     *
     * @return {@code count + 1} if a step was run alone, else {@code count}
     */
    private int tryIndependentStep(long[] source, int count) {
        for (int t = 0; t < successors.tasks; t++) {
            if (!model.idle(source, t) && independent[t][model.nextStep(source, t)]) {
                int after = tryAction(source, successors.continueAction[t], count);
                if (after > count) {
                    return after;
                }
            }
        }
        return count;
    }

    /**
     * Applies {@code action}; if it is enabled and leads elsewhere, keeps its successor as number {@code count}. A step
     * back to the very same state (an operation that starts, finds nothing to do and ends: 12% of the bench spec's
     * transitions) is counted but not kept: its target is a state already stored, and looking it up would cost a cache
     * miss for nothing.
     *
     * @return the new count
     */
    private int tryAction(long[] source, int action, int count) {
        int result;
        if (footprints) {
            Arrays.fill(tracked, words, 3 * words, 0L);
            result = model.apply(source, action, tracked);
            if (result == Model.DISABLED) {
                return count;
            }
            System.arraycopy(tracked, 0, target, 0, words);
            System.arraycopy(tracked, words, readBits, count * words, words);
            System.arraycopy(tracked, 2 * words, writeBits, count * words, words);
        } else {
            result = model.apply(source, action, target);
            if (result == Model.DISABLED) {
                return count;
            }
        }
        transitions++;
        if (result >= 0) {
            if (symmetric) {
                model.canonicalize(target);
            }
            if (Arrays.equals(target, source)) {
                return count;
            }
            fingerprints[count] = Fingerprint.of(target);
        }
        System.arraycopy(target, 0, buffer, count * words, words);
        actions[count] = action;
        results[count] = result;
        return count + 1;
    }

    /**
     * @return the busy tasks as a mask if the last {@link #expand} found a deadlock (a task busy, nothing enabled),
     *     else 0
     */
    public long deadlocked() {
        return deadlocked;
    }

    /**
     * The deadlock check alone, for the level after the one where a violation was found: stops at the first enabled
     * action. @return the busy tasks as a mask if {@code state} is a deadlock, else 0
     */
    public long deadlockedTasks(long[] state) {
        long busy = 0;
        for (int t = 0; t < successors.tasks; t++) {
            if (model.idle(state, t)) {
                for (int action : successors.startActions[t]) {
                    if (model.apply(state, action, target) != Model.DISABLED) {
                        return 0;
                    }
                }
            } else {
                busy |= 1L << t;
                int action = successors.continueAction[t];
                if (action >= 0 && model.apply(state, action, target) != Model.DISABLED) {
                    return 0;
                }
            }
        }
        return busy;
    }

    /** Copies buffered successor {@code k}'s state into {@code out}. */
    public void state(int k, long[] out) {
        System.arraycopy(buffer, k * words, out, 0, words);
    }

    /** @return buffered successor {@code k}'s action */
    public int action(int k) {
        return actions[k];
    }

    /** @return buffered successor {@code k}'s {@code apply} result: {@code <= -2} for a model error */
    public int result(int k) {
        return results[k];
    }

    /** @return buffered successor {@code k}'s fingerprint (not for a model error) */
    public long fingerprint(int k) {
        return fingerprints[k];
    }

    /** @return the task that runs {@code action} */
    public int taskOf(int action) {
        return successors.taskOf[action];
    }

    /** @return enabled transitions seen so far (steps back to the same state and model errors included) */
    public long transitions() {
        return transitions;
    }

    /** @return states expanded by one independent step instead of every enabled one */
    public long reduced() {
        return reduced;
    }
}
