package dev.mmspec.engine.explore;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One explorer thread: claims chunks of the current level, expands every state in them and inserts the successors. The
 * hot loop allocates nothing: the state is copied into {@link #source}, the enabled successors are written into
 * {@link #buffer}, fingerprinted, inserted and, if new, copied into the next level's chunk.
 *
 * <p>It works for either search of the {@link Explorer}: with a {@link FingerprintSet} (checking: a successor is new or
 * not) or with a {@link VisitedSet} (witness: a successor also records, and may improve, how it was reached).
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
    /** The successor rules, shared with every engine; its buffers hold the successors of a batch. */
    private final StateExpander expander;
    /**
     * The expander's buffers: the enabled successors of the states being expanded, their actions, results and
     * fingerprints.
     */
    private final long[] buffer;

    private final int[] actions;
    private final int[] results;
    private final long[] fingerprints;
    /** Keeps the JIT from dropping the touching loads as dead code. */
    long sink;
    /**
     * States the checking search expands before it looks any successor up. The lookups are random reads of a table far
     * larger than the caches; issued back to back, a batch's cache misses overlap, where one state's few misses between
     * two successor computations would not.
     */
    static final int BATCH = 32;
    /** For each successor in {@link #buffer}: which state of the batch it came from. */
    private final int[] origins;
    /**
     * Sleep sets (checking search only): whether on, the sleep sets of the level being expanded and of the level being
     * built. Off, the tables are null.
     */
    private final boolean sleepSets;

    private SleepTable sleepNow;
    private SleepTable sleepNext;
    /** Per buffered successor: the bits its step read and wrote (the expander's), and the sleep set it arrives with. */
    private final long[] readBits;

    private final long[] writeBits;
    private final long[] arrivalSleep;
    /** Per buffered successor: whether its action was asleep in the state it came from (not looked up). */
    private final boolean[] asleep;
    /** Enabled transitions not taken because their action was asleep. */
    long slept;

    /**
     * The partitioned checking search: every worker's partition, this worker's own, and its end of the traffic between
     * them; null otherwise.
     */
    private final Partition[] partitions;

    private final Partition mine;
    private final Exchange exchange;
    private final Exchange.Service serving = this::serve;
    private final MemoryBudget budget;
    /** Per buffered successor: the partition that owns it, or {@link #REPEAT}. */
    private final int[] owners;
    /** In {@link #owners}: a repeat of a fingerprint looked up lately, dropped. */
    private static final int REPEAT = -1;
    /** The partitioned search: successors owned by another worker that this one asked it about. */
    long handedOver;
    /**
     * The partitioned search: successors dropped as repeats of one this worker had just looked up or asked about
     * ({@link RecentFingerprints}).
     */
    long repeats;
    /** The partitioned search: what this worker looked up or asked about lately; else null. */
    private final RecentFingerprints recent;
    /** Of {@link #inserted}, how many {@link Level} has been told about. */
    private long reportedInserted;

    long inserted;
    long expanded;
    final List<Candidate> candidates = new ArrayList<>();

    private StateQueue.Appender out;
    private int depth;
    private long parentMeta;
    private int parentSlot;
    private long parentFingerprint;

    LevelWorker(Model model, Successors successors, VisitedSet visited, Level level) {
        this(model, successors, visited, null, level, null);
    }

    LevelWorker(
            Model model,
            Successors successors,
            FingerprintSet seen,
            Level level,
            boolean[][] independent,
            boolean sleepSets) {
        this(model, successors, null, seen, level, independent, sleepSets);
    }

    private LevelWorker(
            Model model,
            Successors successors,
            VisitedSet visited,
            FingerprintSet seen,
            Level level,
            boolean[][] independent) {
        this(model, successors, visited, seen, level, independent, false);
    }

    private LevelWorker(
            Model model,
            Successors successors,
            VisitedSet visited,
            FingerprintSet seen,
            Level level,
            boolean[][] independent,
            boolean sleepSets) {
        this(model, successors, visited, seen, level, independent, sleepSets, null, 0, null, null);
    }

    /** A worker of the partitioned checking search, owning {@code partitions[self]}. */
    LevelWorker(
            Model model,
            Successors successors,
            Partition[] partitions,
            int self,
            Exchange.Shared shared,
            Level level,
            boolean[][] independent,
            MemoryBudget budget) {
        this(model, successors, null, null, level, independent, false, partitions, self, shared, budget);
    }

    private LevelWorker(
            Model model,
            Successors successors,
            VisitedSet visited,
            FingerprintSet seen,
            Level level,
            boolean[][] independent,
            boolean sleepSets,
            Partition[] partitions,
            int self,
            Exchange.Shared shared,
            MemoryBudget budget) {
        this.partitions = partitions;
        this.mine = partitions == null ? null : partitions[self];
        this.exchange = partitions == null
                ? null
                : new Exchange(partitions, self, shared, model.info().stateWords());
        this.budget = budget;
        this.sleepSets = sleepSets;
        this.model = model;
        this.successors = successors;
        this.visited = visited;
        this.seen = seen;
        this.level = level;
        this.words = model.info().stateWords();
        this.source = new long[words];
        this.target = new long[words];
        int states = visited == null ? BATCH : 1;
        int room = successors.maxPerState * states;
        this.expander = new StateExpander(model, successors, independent, sleepSets, states);
        this.owners = new int[partitions == null ? 0 : room];
        this.recent = partitions == null ? null : new RecentFingerprints();
        this.buffer = expander.buffer;
        this.actions = expander.actions;
        this.results = expander.results;
        this.fingerprints = expander.fingerprints;
        this.origins = new int[room];
        this.readBits = expander.readBits;
        this.writeBits = expander.writeBits;
        this.arrivalSleep = new long[sleepSets ? room : 0];
        this.asleep = new boolean[sleepSets ? room : 0];
    }

    /** Sleep sets: the tables of the level about to be expanded and of the one it builds. */
    void sleepTables(SleepTable now, SleepTable next) {
        this.sleepNow = now;
        this.sleepNext = next;
    }

    /** Expands chunks of {@code frontier} (at {@code depth}) until the round has none left or a limit stops it. */
    void expand(StateQueue frontier, int depth, StateQueue.Appender out) {
        this.depth = depth;
        this.out = out;
        if (seen != null) {
            expandChecking(frontier);
        } else {
            expandWitness(frontier, VisitedSet.newMarker(depth + 1));
        }
    }

    /**
     * The checking search's loop over claimed chunks. It is apart from the witness search's ({@link #expandWitness}) so
     * that each loop's profile sees one search: the traced prefix runs the witness loop first, and one loop for both
     * was compiled for it, then trapped ({@code null_assert_or_unreached0}) and compiled again when the checking search
     * took over.
     */
    private void expandChecking(StateQueue frontier) {
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            long insertedBefore = inserted;
            int i = 0;
            // The clock is read before every batch.
            while (i < chunk.count && !level.stopRequested(inserted - insertedBefore, true)) {
                int n = Math.min(BATCH, chunk.count - i);
                checkBatch(chunk.data, i, n);
                i += n;
                expanded += n;
            }
            level.chunkDone(index, chunk.count - i, inserted - insertedBefore);
            if (i < chunk.count) {
                return;
            }
        }
    }

    /** The witness search's loop over claimed chunks (and the traced prefix's). */
    private void expandWitness(StateQueue frontier, int marker) {
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            long insertedBefore = inserted;
            int i = 0;
            // The clock is read every 8 states.
            while (i < chunk.count && !level.stopRequested(inserted - insertedBefore, (expanded & 7) == 0)) {
                System.arraycopy(chunk.data, i * words, source, 0, words);
                expandOne(marker);
                i++;
                expanded++;
            }
            level.chunkDone(index, chunk.count - i, inserted - insertedBefore);
            if (i < chunk.count) {
                return;
            }
        }
    }

    /**
     * The checking search, for states {@code first .. first + n - 1} of {@code data}: computes every successor of all
     * of them, touches all their home slots, then stores each new fingerprint and checks the new state's invariants.
     * With sleep sets, a successor whose action was asleep is counted and dropped, and one reached earlier in this
     * level only narrows its sleep set.
     */
    private void checkBatch(long[] data, int first, int n) {
        if (partitions != null) {
            routeBatch(data, first, n);
            return;
        }
        int count = sleepSets ? bufferSuccessorsAsleep(data, first, n) : bufferSuccessors(data, first, n);
        long touched = 0;
        for (int k = 0; k < count; k++) {
            if (results[k] >= 0 && !(sleepSets && asleep[k])) {
                touched ^= seen.touch(fingerprints[k]) ^ (sleepSets ? sleepNext.touch(fingerprints[k]) : 0);
            }
        }
        sink ^= touched;
        int parent = -1;
        for (int k = 0; k < count; k++) {
            if (results[k] <= -2) {
                parent = modelError(data, k, parent);
                continue;
            }
            if (sleepSets && asleep[k]) {
                slept++;
                continue;
            }
            // A second arrival in this level only narrows the sleep set; a first one may still be a
            // state of an earlier level, which the visited set knows.
            if (sleepSets && !sleepNext.arrive(fingerprints[k], arrivalSleep[k])) {
                continue;
            }
            if (seen.insert(fingerprints[k])) {
                inserted++;
                System.arraycopy(buffer, k * words, target, 0, words);
                if (!out.add(target)) {
                    level.stop("memory budget");
                }
                // Every invariant held in the parent (the search stops at the level of the first
                // violation), so only those that read a changed slot need evaluating.
                parent = loadParent(data, origins[k], parent);
                checkInvariants(model.violatedInvariant(source, target), fingerprints[k]);
            }
        }
    }

    /**
     * The partitioned checking search, for states {@code first .. first + n - 1} of {@code data}: successors owned here
     * are looked up at once, after touching their home slots as {@link #checkBatch} does; the others are asked of their
     * owners ({@link Exchange#send}). A repeat of a successor this worker looked up or asked about lately is dropped
     * ({@link RecentFingerprints}).
     */
    private void routeBatch(long[] data, int first, int n) {
        int count = bufferSuccessors(data, first, n);
        int parts = partitions.length;
        long touched = 0;
        for (int k = 0; k < count; k++) {
            if (results[k] >= 0) {
                if (recent.repeat(fingerprints[k])) {
                    owners[k] = REPEAT;
                    continue;
                }
                int owner = parts == 1 ? 0 : Fingerprint.partition(fingerprints[k], parts);
                owners[k] = owner;
                if (owner == mine.index) {
                    touched ^= mine.touch(fingerprints[k]);
                }
            }
        }
        sink ^= touched;
        int parent = -1;
        for (int k = 0; k < count; k++) {
            if (results[k] <= -2) {
                parent = modelError(data, k, parent);
            } else if (owners[k] == REPEAT) {
                repeats++;
            } else if (owners[k] != mine.index) {
                if (!exchange.send(owners[k], fingerprints[k], buffer, k * words, serving)) {
                    level.stop("a worker failed");
                    return;
                }
                handedOver++;
            } else if (storeOwned(fingerprints[k])) {
                keep(buffer, k * words);
                // The parent is at hand: only invariants that read a changed slot need evaluating.
                parent = loadParent(data, origins[k], parent);
                checkInvariants(model.violatedInvariant(source, target), fingerprints[k]);
            }
        }
    }

    /**
     * Records the model error of buffered successor {@code k}, found from state {@code origins[k]}. @return that state
     */
    private int modelError(long[] data, int k, int loaded) {
        int parent = loadParent(data, origins[k], loaded);
        candidates.add(new Candidate(
                ViolationKind.MODEL_ERROR,
                ModelText.modelError(model.info(), results[k]),
                Fingerprint.of(source),
                actions[k],
                depth + 1));
        return parent;
    }

    /** Stores a fingerprint this worker owns if new. @return whether it was new */
    private boolean storeOwned(long fingerprint) {
        int stored = mine.insert(fingerprint, budget);
        if (stored < 0) {
            level.stop("memory budget");
            return false;
        }
        if (stored == 0) {
            return false;
        }
        inserted++;
        return true;
    }

    /** Copies a new state into {@link #target} and appends it to the next level. */
    private void keep(long[] states, int offset) {
        System.arraycopy(states, offset, target, 0, words);
        if (!out.add(target)) {
            level.stop("memory budget");
        }
    }

    private void checkInvariants(int invariant, long fingerprint) {
        if (invariant >= 0) {
            candidates.add(new Candidate(
                    ViolationKind.INVARIANT,
                    model.info().invariants().get(invariant).name(),
                    fingerprint,
                    -1,
                    depth + 1));
        }
    }

    /**
     * The partitioned checking search, one level: claims chunks of {@code frontier} (at {@code depth}) and expands
     * them, answering the other workers' lookups and taking in their answers between batches; then settles the level
     * with the others ({@link Exchange#settle}). Which worker expands a state does not matter, only which one owns its
     * fingerprint: so a worker that is descheduled holds up the others' lookups, never a fixed share of the level.
     */
    void expandShare(StateQueue frontier, int depth, StateQueue.Appender out) {
        this.depth = depth;
        this.out = out;
        exchange.register();
        boolean finished = false;
        try {
            expandClaimed(frontier);
            finished = true;
        } finally {
            if (finished) {
                exchange.settle(serving);
                report();
            } else {
                exchange.abandon();
            }
        }
    }

    private void expandClaimed(StateQueue frontier) {
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            int i = 0;
            while (i < chunk.count && !level.stopRequested(inserted - reportedInserted, true)) {
                int n = Math.min(BATCH, chunk.count - i);
                checkBatch(chunk.data, i, n);
                i += n;
                expanded += n;
                serve();
            }
            level.chunkDone(index, chunk.count - i, 0);
            if (i < chunk.count) {
                return;
            }
        }
    }

    /**
     * Answers the lookups other workers asked of this partition, then keeps the new states among this worker's own
     * lookups that came back answered. An answered state's parent is long gone, so a new state has every invariant
     * evaluated.
     */
    private void serve() {
        for (Lookups asked = exchange.nextRequest(); asked != null; asked = exchange.nextRequest()) {
            long touched = 0;
            for (int i = 0; i < asked.count; i++) {
                touched ^= mine.touch(asked.fingerprints[i]);
            }
            sink ^= touched;
            for (int i = 0; i < asked.count; i++) {
                if (storeOwned(asked.fingerprints[i])) {
                    asked.fresh[i >>> 6] |= 1L << i;
                }
            }
            exchange.answer(asked);
        }
        for (Lookups back = exchange.nextAnswer(); back != null; back = exchange.nextAnswer()) {
            for (int i = 0; i < back.count; i++) {
                if (back.isFresh(i)) {
                    keep(back.states, i * words);
                    checkInvariants(model.violatedInvariant(target), back.fingerprints[i]);
                }
            }
            exchange.recycle(back);
        }
        if (inserted - reportedInserted >= REPORT_EVERY) {
            report();
        }
    }

    /**
     * New states a partitioned worker keeps to itself before adding them to the shared count: the count is one
     * contended word, and the state budget is checked against it plus this worker's own unreported ones, so only the
     * other workers' are late, by at most this many each (as a shared-table worker's are by at most a chunk's).
     */
    static final int REPORT_EVERY = 1024;

    private void report() {
        level.addStored(inserted - reportedInserted);
        reportedInserted = inserted;
    }

    /** Buffers the successors of a batch of states. @return how many */
    private int bufferSuccessors(long[] data, int first, int n) {
        int count = 0;
        for (int j = 0; j < n; j++) {
            System.arraycopy(data, (first + j) * words, source, 0, words);
            int before = count;
            count = trySuccessors(count);
            // Not a loop of its own here: its back edges, several per state, had this method compiled on stack
            // (OSR) twice before its normal compile.
            Arrays.fill(origins, before, count, first + j);
        }
        return count;
    }

    /**
     * Buffers the successors of a batch with sleep sets (returns how many). Each state is expanded with the sleep set
     * its level reached it with ({@link SleepTable}); every enabled action is applied (its footprint is needed), but an
     * action asleep is not looked up. Each successor taken arrives with the sleep set of Godefroid's algorithm: the
     * actions asleep here or taken before it from here that commute with its action in this state (footprints disjoint,
     * {@link #commute}).
     *
     * <p>Why no state is lost though states are matched (the visited set never expands a state twice). Take any state
     * {@code t} and a shortest path to it. Every path equivalent to it (reordering adjacent commuting steps) has the
     * same length and end, so it is a shortest path too, and each state on it is at its breadth-first depth: it is
     * reached in the level that expands it, never only later. Within a level, a state is expanded once with the
     * intersection of the sleep sets of all its arrivals, which explores at least what each arrival alone would. With
     * those two facts the classic argument (Godefroid 1996, thm. 5.2) goes through level by level: from a state
     * expanded with sleep set Z, a path none of whose possible first steps lies in Z is followed, up to reordering, by
     * the search; the initial state has Z empty. So every state is reached, at its shortest depth: the violation the
     * full search finds first is found at the same depth, and invariants, model errors (an erring step commutes with
     * nothing, so it is never asleep) and deadlocks (decided on enabled steps, asleep or not) are all checked there.
     */
    private int bufferSuccessorsAsleep(long[] data, int first, int n) {
        int count = 0;
        for (int j = 0; j < n; j++) {
            System.arraycopy(data, (first + j) * words, source, 0, words);
            long sleeping = sleepNow.asleep(Fingerprint.of(source));
            int before = count;
            count = trySuccessors(count);
            for (int k = before; k < count; k++) {
                origins[k] = first + j;
                asleep[k] = results[k] >= 0 && (sleeping & (1L << actions[k])) != 0;
            }
            for (int k = before; k < count; k++) {
                if (results[k] < 0 || asleep[k]) {
                    continue;
                }
                long arrival = 0;
                for (int o = before; o < count; o++) {
                    // Asleep here, or taken from here before this one: asleep after it if they commute.
                    if (o != k && results[o] >= 0 && (asleep[o] || o < k) && commute(k, o)) {
                        arrival |= 1L << actions[o];
                    }
                }
                arrivalSleep[k] = arrival;
            }
        }
        return count;
    }

    /**
     * Whether the steps of buffered successors {@code a} and {@code b} (both from {@link #source}) commute there:
     * different tasks, and neither <em>changed</em> a bit the other read or wrote. Then each reads the same values
     * after the other, so it runs the same way and writes the same values; where both write a bit, neither changed it,
     * so both orders agree there too. Counting changes rather than writes is what lets two steps that each take and
     * release the same lock (the lock ends free, as it began) commute.
     */
    private boolean commute(int a, int b) {
        if (successors.taskOf[actions[a]] == successors.taskOf[actions[b]]) {
            return false;
        }
        int ia = a * words;
        int ib = b * words;
        for (int w = 0; w < words; w++) {
            long changedA = buffer[ia + w] ^ source[w];
            long changedB = buffer[ib + w] ^ source[w];
            if ((changedA & (readBits[ib + w] | writeBits[ib + w])) != 0
                    || (changedB & (readBits[ia + w] | writeBits[ia + w])) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies state {@code index} of {@code data} into {@link #source} unless it is there ({@code loaded}). @return
     * index
     */
    private int loadParent(long[] data, int index, int loaded) {
        if (index != loaded) {
            System.arraycopy(data, index * words, source, 0, words);
        }
        return index;
    }

    /**
     * Expands {@link #source} into the buffers ({@link StateExpander#expand}); records a deadlock if a task is busy and
     * none is enabled.
     *
     * @param count successors already in the buffer (of earlier states of a batch)
     * @return the successors in the buffer now (model errors included)
     */
    private int trySuccessors(int count) {
        int after = expander.expand(source, count);
        if (expander.deadlocked() != 0) {
            candidates.add(new Candidate(ViolationKind.DEADLOCK, blockedTasks(), Fingerprint.of(source), -1, depth));
        }
        return after;
    }

    /** @return enabled transitions seen by this worker */
    long transitions() {
        return expander.transitions;
    }

    /** @return states this worker expanded by one independent step instead of every enabled one */
    long reduced() {
        return expander.reduced;
    }

    /** The witness search: also records how each successor was reached, keeping the best way. */
    private void expandOne(int marker) {
        parentFingerprint = Fingerprint.of(source);
        parentSlot = visited.settle(parentFingerprint);
        if (parentSlot < 0) {
            throw new IllegalStateException("frontier state missing from the visited set");
        }
        parentMeta = visited.metaAt(parentSlot);
        int count = trySuccessors(0);
        // Touch every successor's home slot before inserting any, so that their misses overlap.
        long touched = 0;
        for (int k = 0; k < count; k++) {
            if (results[k] >= 0) {
                touched ^= visited.touch(fingerprints[k]);
            }
        }
        sink ^= touched;
        int lastTask = VisitedSet.parent(parentMeta) == VisitedSet.NO_PARENT
                ? -1
                : successors.taskOf[VisitedSet.action(parentMeta)];
        int parentSwitches = VisitedSet.switches(parentMeta);
        for (int k = 0; k < count; k++) {
            int action = actions[k];
            if (results[k] <= -2) {
                candidates.add(new Candidate(
                        ViolationKind.MODEL_ERROR,
                        ModelText.modelError(model.info(), results[k]),
                        parentFingerprint,
                        action,
                        depth + 1));
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
                    candidates.add(new Candidate(
                            ViolationKind.INVARIANT,
                            model.info().invariants().get(invariant).name(),
                            fingerprints[k],
                            -1,
                            depth + 1));
                }
            }
        }
    }

    /** Deadlock check only, for the level after the one where a violation was found. */
    void scanForDeadlocks(StateQueue frontier, int depth) {
        for (int index = level.claim(); index >= 0; index = level.claim()) {
            StateQueue.Chunk chunk = frontier.chunk(index);
            for (int i = 0; i < chunk.count; i++) {
                System.arraycopy(chunk.data, i * words, source, 0, words);
                if (expander.deadlockedTasks(source) != 0) {
                    candidates.add(
                            new Candidate(ViolationKind.DEADLOCK, blockedTasks(), Fingerprint.of(source), -1, depth));
                }
            }
        }
    }

    private String blockedTasks() {
        StringBuilder names = new StringBuilder();
        for (int t = 0; t < successors.tasks; t++) {
            if (!model.idle(source, t)) {
                names.append(names.length() == 0 ? "" : ",")
                        .append(model.info().tasks().get(t));
            }
        }
        return names.toString();
    }
}
