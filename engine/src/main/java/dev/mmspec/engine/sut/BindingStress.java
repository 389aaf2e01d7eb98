package dev.mmspec.engine.sut;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.sched.StressRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The real-thread stress mode for any binding: one thread per spec task, each starting random operations of its task
 * one after another through the binding, uncontrolled (step points are no-ops, locks block for real); every so often
 * all threads park between operations and, at that quiescent point, the implementation's abstract state must satisfy
 * the spec's invariants. Every lock a thread takes must respect the spec's order, as in lockstep.
 *
 * <p>An operation starts only if the model would let it: its first step is applied to the implementation's abstract
 * state as read just before (with the ghost state this run has kept, see below, every lock free and every other task
 * idle), and an operation whose {@code require} fails there is skipped for another of the task's, as the explorer skips
 * a disabled action. The ghost state the requires read is kept from the model: when an operation ends with the outcome
 * the model gives it from the state it started in, run alone, the ghost fields the model's operation changed take the
 * model's values. The read is not atomic with the start (other threads run meanwhile), so a binding must still make
 * each operation safe to start in a state its task can reach; an abstract state that cannot be read at that moment (a
 * transient value out of the model's bounds) skips the start too. Each quiescent point ends an epoch: after the check
 * the run goes on with a fresh implementation from the spec's {@code init}, so that operations a spec allows once
 * ({@code require !forked}) run again and the binding's names never run out.
 *
 * <p>What it cannot check: invariants over ghost state (only the model has it; they are skipped and listed in the
 * result), guards and step conformance (there are no step boundaries on real threads). Schedules are the machine's: a
 * failure is not replayable, only reported with what was found.
 */
public final class BindingStress {
    /** How often the threads stop for a quiescent check. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(50);

    /** How long a thread whose task may start nothing waits before it asks again. */
    private static final long SKIP_PAUSE_NANOS = 20_000;

    /**
     * @param operations operations run, over all threads
     * @param checks quiescent checks made
     * @param skippedInvariants invariants not checked because they read ghost state
     * @param failure what went wrong, if anything did
     * @param skippedStarts starts not made because the model would not let the operation start there (a {@code require}
     *     failed), or the abstract state could not be read at that moment
     * @param epochs implementations run, one per quiescent point and one more
     */
    public record Result(
            long operations,
            long checks,
            List<String> skippedInvariants,
            Optional<String> failure,
            long skippedStarts,
            long epochs) {
        public Result {
            skippedInvariants = List.copyOf(skippedInvariants);
        }
    }

    private BindingStress() {}

    /**
     * @param implementation gives a fresh implementation for each epoch (a generated
     *     {@code <Spec>Conformance.supplier(fixesOff)})
     * @param seed seeds each thread's choice of operations (the interleaving is the machine's)
     */
    public static Result run(Model model, Supplier<SystemUnderTest> implementation, Duration duration, long seed) {
        Objects.requireNonNull(implementation, "implementation (no binding registered?)");
        ModelInfo info = model.info();
        List<Integer> checked = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> ghosts = ghostNames(info);
        for (int i = 0; i < info.invariants().size(); i++) {
            if (readsAny(info.invariants().get(i).text(), ghosts)) {
                skipped.add(info.invariants().get(i).name());
            } else {
                checked.add(i);
            }
        }
        int tasks = info.tasks().size();
        List<Random> randoms = new ArrayList<>();
        List<LockOrder> orders = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            randoms.add(new Random(seed + 0x9E3779B97F4A7C15L * (t + 1)));
            orders.add(new LockOrder(info, info.tasks().get(t)));
        }
        long[] initial = new long[info.stateWords()];
        model.initialState(initial);
        Epoch first = new Epoch(model, initial, free(implementation.get()));
        AtomicReference<Epoch> epoch = new AtomicReference<>(first);
        AtomicLong ran = new AtomicLong();
        AtomicLong skippedStarts = new AtomicLong();
        AtomicLong epochs = new AtomicLong(1);
        try {
            StressRunner.Result result = StressRunner.run(
                    tasks,
                    duration,
                    CHECK_EVERY,
                    task -> {
                        Epoch current = epoch.get();
                        Epoch.Start start = current.choose(task, randoms.get(task));
                        if (start == null) {
                            skippedStarts.incrementAndGet();
                            LockSupport.parkNanos(SKIP_PAUSE_NANOS);
                            return;
                        }
                        Action action = info.actions().get(start.action());
                        int[] arguments = action.arguments().stream()
                                .mapToInt(Integer::intValue)
                                .toArray();
                        String outcome;
                        try {
                            outcome = current.sut()
                                    .runFree(task, action.operation(), arguments, orders.get(task)::accept);
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    info.tasks().get(task) + " "
                                            + info.operations()
                                                    .get(action.operation())
                                                    .name() + action.arguments() + " threw " + e,
                                    e);
                        }
                        ran.incrementAndGet();
                        current.finished(start, outcome);
                    },
                    () -> {
                        // Every thread is parked between operations: check, then start the next epoch.
                        Epoch ending = epoch.get();
                        checkQuiescent(model, ending.sut(), initial, checked);
                        ending.sut().close();
                        epoch.set(new Epoch(model, initial, free(implementation.get())));
                        epochs.incrementAndGet();
                    });
            Optional<String> failure = Optional.ofNullable(result.failure())
                    .map(f -> info.spec() + " under stress ("
                            + tasks + " threads, " + ran.get() + " operations, " + result.checks()
                            + " quiescent checks): "
                            + (f.getMessage() == null ? f.toString() : f.getMessage()));
            return new Result(ran.get(), result.checks(), skipped, failure, skippedStarts.get(), epochs.get());
        } finally {
            epoch.get().sut().close();
        }
    }

    private static ScheduledSystemUnderTest free(SystemUnderTest sut) {
        if (!(sut instanceof ScheduledSystemUnderTest free)) {
            String kind = sut == null ? "null" : sut.getClass().getName();
            if (sut != null) {
                sut.close();
            }
            throw new IllegalArgumentException("stress needs a generated conformance adapter, got " + kind);
        }
        return free;
    }

    /**
     * One implementation, from the spec's {@code init} to a quiescent point, and the ghost state its operations have
     * given the model's requires. The starts are decided one at a time.
     */
    private static final class Epoch {
        /** A start the model allows: the action and the state it was decided in. */
        record Start(int task, int action, long[] before) {}

        private final Model model;
        private final ModelInfo info;
        private final long[] initial;
        private final ScheduledSystemUnderTest sut;
        private final long[] ghost;
        private final List<List<Integer>> starts = new ArrayList<>();
        private final int[] continues;

        Epoch(Model model, long[] initial, ScheduledSystemUnderTest sut) {
            this.model = model;
            this.info = model.info();
            this.initial = initial;
            this.sut = sut;
            this.ghost = initial.clone();
            int tasks = info.tasks().size();
            this.continues = new int[tasks];
            Arrays.fill(continues, -1);
            for (int t = 0; t < tasks; t++) {
                starts.add(new ArrayList<>());
            }
            for (int i = 0; i < info.actions().size(); i++) {
                Action a = info.actions().get(i);
                if (a.isContinue()) {
                    continues[a.task()] = i;
                } else {
                    starts.get(a.task()).add(i);
                }
            }
        }

        ScheduledSystemUnderTest sut() {
            return sut;
        }

        /**
         * @return one of {@code task}'s starts that the model allows in the implementation's present state, at random,
         *     or null if it allows none (or the state could not be read)
         */
        synchronized Start choose(int task, Random random) {
            List<Integer> mine = starts.get(task);
            if (mine.isEmpty()) {
                return null;
            }
            long[] raw = new long[initial.length];
            try {
                sut.abstractState(raw);
            } catch (RuntimeException e) {
                return null; // another thread is in the middle of a step: decide later
            }
            long[] before = initial.clone();
            for (Slot slot : info.slots()) {
                if (slot.kind() == SlotKind.STATE) {
                    slot.set(before, slot.get(raw));
                } else if (slot.kind() == SlotKind.GHOST) {
                    slot.set(before, slot.get(ghost));
                }
            }
            List<Integer> enabled = new ArrayList<>();
            long[] after = new long[initial.length];
            for (int action : mine) {
                if (model.apply(before, action, after) >= 0) {
                    enabled.add(action);
                }
            }
            return enabled.isEmpty() ? null : new Start(task, enabled.get(random.nextInt(enabled.size())), before);
        }

        /**
         * The operation {@code start} began has ended with {@code outcome}: if the model, running it alone from the
         * state it started in, ends it with the same outcome, the ghost fields it changed take the model's values.
         */
        synchronized void finished(Start start, String outcome) {
            long[] state = start.before();
            long[] next = new long[state.length];
            int result = model.apply(state, start.action(), next);
            int steps = 0;
            while (result >= 0 && !model.idle(next, start.task()) && continues[start.task()] >= 0 && steps < 1000) {
                state = next;
                next = new long[state.length];
                result = model.apply(state, continues[start.task()], next);
                steps++;
            }
            if (result < 0
                    || !model.idle(next, start.task())
                    || !info.outcomeName(result).equals(outcome)) {
                return; // the model cannot say what the operation did to the ghost state
            }
            for (Slot slot : info.slots()) {
                if (slot.kind() == SlotKind.GHOST && slot.get(next) != slot.get(start.before())) {
                    slot.set(ghost, slot.get(next));
                }
            }
        }
    }

    /** Like {@link #run}, as an assertion for a test: fails with the report. */
    public static Result assertHolds(
            Model model, Supplier<SystemUnderTest> implementation, Duration duration, long seed) {
        Result result = run(model, implementation, duration, seed);
        result.failure().ifPresent(f -> {
            throw new AssertionError(f);
        });
        System.out.println(model.info().spec() + " stress: " + result.operations() + " operations on "
                + model.info().tasks().size()
                + " threads in " + result.epochs() + " epochs (" + result.skippedStarts()
                + " starts the model did not allow), " + result.checks() + " quiescent checks, every invariant held"
                + (result.skippedInvariants().isEmpty()
                        ? ""
                        : " (not checked, they read ghost state: " + result.skippedInvariants() + ")"));
        return result;
    }

    private static void checkQuiescent(Model model, SystemUnderTest sut, long[] initial, List<Integer> invariants) {
        ModelInfo info = model.info();
        long[] raw = new long[initial.length];
        sut.abstractState(raw);
        long[] state = initial.clone();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.STATE) {
                slot.set(state, slot.get(raw));
            }
        }
        for (int i : invariants) {
            if (model.violates(state, i)) {
                ModelInfo.Invariant broken = info.invariants().get(i);
                StringBuilder values = new StringBuilder();
                for (Slot slot : info.slots()) {
                    if (slot.kind() == SlotKind.STATE) {
                        values.append(values.length() == 0 ? "" : ", ")
                                .append(slot.name())
                                .append('=')
                                .append(slot.format(slot.get(state)));
                    }
                }
                throw new IllegalStateException("invariant " + broken.name() + " (" + info.sourcePath() + ":"
                        + broken.line() + ") is violated at a quiescent point: " + broken.text()
                        + "\n  the implementation's state: " + values);
            }
        }
    }

    /** {@code dma_expected[0]} → {@code dma_expected}: the names an invariant would read ghost state by. */
    private static Set<String> ghostNames(ModelInfo info) {
        Set<String> names = new HashSet<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() == SlotKind.GHOST) {
                names.add(slot.name().split("[\\[.]", 2)[0]);
            }
        }
        return names;
    }

    private static boolean readsAny(String text, Set<String> names) {
        for (String name : names) {
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b")
                    .matcher(text)
                    .find()) {
                return true;
            }
        }
        return false;
    }

    /** The locks one thread holds, checked against the spec's order on every acquisition (as lockstep does). */
    private static final class LockOrder {
        private final ModelInfo info;
        private final String task;
        private final List<SpecLockEvent> held = new ArrayList<>();

        LockOrder(ModelInfo info, String task) {
            this.info = info;
            this.task = task;
        }

        void accept(SpecLockEvent event) {
            if (event.kind() == SpecLockEvent.Kind.RELEASE) {
                for (int i = held.size() - 1; i >= 0; i--) {
                    if (held.get(i).instance().equals(event.instance())) {
                        held.remove(i);
                        return;
                    }
                }
                return;
            }
            SpecLockEvent h = SpecLockEvent.heldAgainstOrder(info, held, event);
            if (h != null) {
                throw new IllegalStateException(task + " took " + event.instance() + " (" + event.site()
                        + ") while holding " + h.instance() + " (" + h.site() + "), against the spec's lock order");
            }
            held.add(event);
        }
    }
}
