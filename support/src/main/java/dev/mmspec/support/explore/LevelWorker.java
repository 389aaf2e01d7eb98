package dev.mmspec.support.explore;

import dev.mmspec.support.model.Model;
import dev.mmspec.support.trace.ModelText;
import dev.mmspec.support.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One explorer thread: claims chunks of the current level, expands every state in them and inserts
 * the successors. The hot loop allocates nothing: the state is copied into {@link #source}, the
 * enabled successors are written into {@link #buffer}, fingerprinted, inserted and, if new, copied
 * into the next level's chunk.
 *
 * <p>It works for either search of the {@link Explorer}: with a {@link FingerprintSet} (checking:
 * a successor is new or not) or with a {@link VisitedSet} (witness: a successor also records, and
 * may improve, how it was reached).
 */
final class LevelWorker {
    private final Model model;
    private final Successors successors;
    /** The witness search's table, or null. */
    private final VisitedSet visited;
    /** The checking search's table, or null. */
    private final FingerprintSet seen;
    private final Level level;
    private final long[] source;
    private final long[] target;
    private final int words;
    /** The enabled successors of the state being expanded, their actions, results and fingerprints. */
    private final long[] buffer;
    private final int[] actions;
    private final int[] results;
    private final long[] fingerprints;
    /** Whether the spec declares symmetries: successors are then canonicalized before anything else. */
    private final boolean symmetric;
    /** Keeps the JIT from dropping the touching loads as dead code. */
    long sink;
    /**
     * Partial-order reduction, checking search only: {@code independent[t][step]} says that task t
     * may run {@code step} alone; null when the search expands every enabled step.
     */
    private final boolean[][] independent;
    /** States expanded by one independent step instead of every enabled one. */
    long reduced;

    long transitions;
    long inserted;
    long expanded;
    final List<Candidate> candidates = new ArrayList<>();

    private StateQueue.Appender out;
    private int depth;
    private long parentMeta;
    private int parentSlot;
    private long parentFingerprint;

    LevelWorker(Model model, Successors successors, VisitedSet visited, Level level) {
        this(model, successors, visited, null, level);
    }

    LevelWorker(Model model, Successors successors, FingerprintSet seen, Level level, boolean[][] independent) {
        this(model, successors, null, seen, level, independent);
    }

    private LevelWorker(Model model, Successors successors, VisitedSet visited, FingerprintSet seen, Level level) {
        this(model, successors, visited, seen, level, null);
    }

    private LevelWorker(Model model, Successors successors, VisitedSet visited, FingerprintSet seen, Level level,
            boolean[][] independent) {
        this.independent = independent;
        this.model = model;
        this.successors = successors;
        this.visited = visited;
        this.seen = seen;
        this.level = level;
        this.words = model.info().stateWords();
        this.source = new long[words];
        this.target = new long[words];
        this.buffer = new long[successors.maxPerState * words];
        this.actions = new int[successors.maxPerState];
        this.results = new int[successors.maxPerState];
        this.fingerprints = new long[successors.maxPerState];
        this.symmetric = !model.info().symmetries().isEmpty();
    }

    /** Expands chunks of {@code frontier} (at {@code depth}) until the round has none left or a limit stops it. */
    void expand(StateQueue frontier, int depth, StateQueue.Appender out) {
        this.depth = depth;
        this.out = out;
        int marker = VisitedSet.newMarker(depth + 1);
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            long insertedBefore = inserted;
            int i = 0;
            for (; i < chunk.count && !level.stopRequested(inserted - insertedBefore, expanded); i++) {
                System.arraycopy(chunk.data, i * words, source, 0, words);
                if (seen != null) {
                    checkOne();
                } else {
                    expandOne(marker);
                }
                expanded++;
            }
            level.chunkDone(index, chunk.count - i, inserted - insertedBefore);
            if (i < chunk.count) {
                return;
            }
        }
    }

    /** The checking search: stores each new successor's fingerprint and checks its invariants. */
    private void checkOne() {
        int count = trySuccessors();
        for (int k = 0; k < count; k++) {
            if (results[k] <= -2) {
                candidates.add(new Candidate(ViolationKind.MODEL_ERROR, ModelText.modelError(model.info(), results[k]),
                        Fingerprint.of(source), actions[k], depth + 1));
                continue;
            }
            if (seen.insert(fingerprints[k])) {
                inserted++;
                System.arraycopy(buffer, k * words, target, 0, words);
                if (!out.add(target)) {
                    level.stop("memory budget");
                }
                int invariant = model.violatedInvariant(target);
                if (invariant >= 0) {
                    candidates.add(new Candidate(ViolationKind.INVARIANT,
                            model.info().invariants().get(invariant).name(), fingerprints[k], -1, depth + 1));
                }
            }
        }
    }

    /**
     * Applies every action worth trying to {@link #source}, keeping the enabled ones in
     * {@link #buffer}; records a deadlock if a task is busy and none is enabled.
     *
     * @return how many successors (model errors included) were kept
     */
    private int trySuccessors() {
        if (independent != null) {
            int count = tryIndependentStep();
            if (count > 0) {
                reduced++;
                return count;
            }
        }
        boolean busy = false;
        int count = 0;
        for (int t = 0; t < successors.tasks; t++) {
            if (model.idle(source, t)) {
                for (int action : successors.startActions[t]) {
                    count = tryAction(action, count);
                }
            } else {
                busy = true;
                int action = successors.continueAction[t];
                if (action >= 0) {
                    count = tryAction(action, count);
                }
            }
        }
        if (busy && count == 0) {
            candidates.add(new Candidate(ViolationKind.DEADLOCK, blockedTasks(), Fingerprint.of(source), -1, depth));
        }
        return count;
    }

    /**
     * The ample set of partial-order reduction: the first busy task whose next step is independent
     * and enabled runs that step alone. It commutes with everything the other tasks can do and no
     * invariant can see it, so every state the full search would reach from here in which an
     * invariant fails, a model error occurs or the tasks deadlock is still reached (later by at most
     * the reduced steps: the witness search, which never reduces, finds the shortest trace again).
     * An independent step never jumps back, so no cycle of reduced states can postpone the other
     * tasks forever (the cycle proviso).
     *
     * @return 1 if a step was run alone, else 0
     */
    private int tryIndependentStep() {
        for (int t = 0; t < successors.tasks; t++) {
            if (!model.idle(source, t) && independent[t][model.nextStep(source, t)]) {
                int count = tryAction(successors.continueAction[t], 0);
                if (count > 0) {
                    return count;
                }
            }
        }
        return 0;
    }

    /** The witness search: also records how each successor was reached, keeping the best way. */
    private void expandOne(int marker) {
        parentFingerprint = Fingerprint.of(source);
        parentSlot = visited.settle(parentFingerprint);
        if (parentSlot < 0) {
            throw new IllegalStateException("frontier state missing from the visited set");
        }
        parentMeta = visited.metaAt(parentSlot);
        int count = trySuccessors();
        int lastTask = VisitedSet.parent(parentMeta) == VisitedSet.NO_PARENT
                ? -1
                : successors.taskOf[VisitedSet.action(parentMeta)];
        int parentSwitches = VisitedSet.switches(parentMeta);
        for (int k = 0; k < count; k++) {
            int action = actions[k];
            if (results[k] <= -2) {
                candidates.add(new Candidate(ViolationKind.MODEL_ERROR, ModelText.modelError(model.info(), results[k]),
                        parentFingerprint, action, depth + 1));
                continue;
            }
            int switches = parentSwitches + (lastTask >= 0 && lastTask != successors.taskOf[action] ? 1 : 0);
            int slot = visited.insert(fingerprints[k], VisitedSet.meta(parentSlot, action, switches, marker), marker);
            if (slot >= 0) {
                inserted++;
                System.arraycopy(buffer, k * words, target, 0, words);
                if (!out.add(target)) {
                    level.stop("memory budget");
                }
                int invariant = model.violatedInvariant(target);
                if (invariant >= 0) {
                    candidates.add(new Candidate(ViolationKind.INVARIANT,
                            model.info().invariants().get(invariant).name(), fingerprints[k], -1, depth + 1));
                }
            }
        }
    }

    /** Applies {@code action}; if it is enabled, keeps its successor as number {@code count}. @return the new count. */
    private int tryAction(int action, int count) {
        int result = model.apply(source, action, target);
        if (result == Model.DISABLED) {
            return count;
        }
        transitions++;
        System.arraycopy(target, 0, buffer, count * words, words);
        actions[count] = action;
        results[count] = result;
        if (result >= 0) {
            if (symmetric) {
                model.canonicalize(target);
                System.arraycopy(target, 0, buffer, count * words, words);
            }
            // Touch the successor's home slot now and insert it only after every action was tried:
            // the loads are independent of the work in between, so the CPU overlaps their cache
            // misses with it instead of stalling on each insert in turn.
            long fingerprint = Fingerprint.of(target);
            fingerprints[count] = fingerprint;
            sink ^= seen != null ? seen.touch(fingerprint) : visited.touch(fingerprint);
        }
        return count + 1;
    }

    /** Deadlock check only, for the level after the one where a violation was found. */
    void scanForDeadlocks(StateQueue frontier, int depth) {
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            for (int i = 0; i < chunk.count; i++) {
                System.arraycopy(chunk.data, i * words, source, 0, words);
                boolean busy = false;
                boolean enabled = false;
                for (int t = 0; t < successors.tasks && !enabled; t++) {
                    if (model.idle(source, t)) {
                        for (int action : successors.startActions[t]) {
                            if (model.apply(source, action, target) != Model.DISABLED) {
                                enabled = true;
                                break;
                            }
                        }
                    } else {
                        busy = true;
                        int action = successors.continueAction[t];
                        enabled = action >= 0 && model.apply(source, action, target) != Model.DISABLED;
                    }
                }
                if (busy && !enabled) {
                    candidates.add(new Candidate(ViolationKind.DEADLOCK, blockedTasks(), Fingerprint.of(source), -1, depth));
                }
            }
        }
    }

    private String blockedTasks() {
        StringBuilder names = new StringBuilder();
        for (int t = 0; t < successors.tasks; t++) {
            if (!model.idle(source, t)) {
                names.append(names.length() == 0 ? "" : ",").append(model.info().tasks().get(t));
            }
        }
        return names.toString();
    }
}
