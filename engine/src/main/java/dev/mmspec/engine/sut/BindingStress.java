package dev.mmspec.engine.sut;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.sched.StressRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The real-thread stress mode for any binding: one thread per spec task, each starting random operations of its task
 * one after another through the binding, uncontrolled (step points are no-ops, locks block for real); every so often
 * all threads park between operations and, at that quiescent point, the implementation's abstract state must satisfy
 * the spec's invariants. Every lock a thread takes must respect the spec's order, as in lockstep.
 *
 * <p>What it cannot check: invariants over ghost state (only the model has it; they are skipped and listed in the
 * result), guards and step conformance (there are no step boundaries on real threads), and operations whose
 * {@code require} the model would block: they run anyway, so a binding must make each operation safe to start in any
 * state its task can be in. Schedules are the machine's: a failure is not replayable, only reported with what was
 * found.
 */
public final class BindingStress {
    /** How often the threads stop for a quiescent check. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(50);

    /**
     * @param operations operations run, over all threads
     * @param checks quiescent checks made
     * @param skippedInvariants invariants not checked because they read ghost state
     * @param failure what went wrong, if anything did
     */
    public record Result(long operations, long checks, List<String> skippedInvariants, Optional<String> failure) {
        public Result {
            skippedInvariants = List.copyOf(skippedInvariants);
        }
    }

    private BindingStress() {}

    /**
     * @param implementation gives the one implementation the run uses (a generated
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
        try (SystemUnderTest sut = implementation.get()) {
            if (!(sut instanceof ScheduledSystemUnderTest free)) {
                throw new IllegalArgumentException("stress needs a generated conformance adapter, got "
                        + sut.getClass().getName());
            }
            int tasks = info.tasks().size();
            List<List<Action>> starts = new ArrayList<>();
            List<Random> randoms = new ArrayList<>();
            List<LockOrder> orders = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int task = t;
                starts.add(info.actions().stream()
                        .filter(a -> a.task() == task && !a.isContinue())
                        .toList());
                randoms.add(new Random(seed + 0x9E3779B97F4A7C15L * (t + 1)));
                orders.add(new LockOrder(info, info.tasks().get(t)));
            }
            long[] initial = new long[info.stateWords()];
            model.initialState(initial);
            StressRunner.Result result = StressRunner.run(
                    tasks,
                    duration,
                    CHECK_EVERY,
                    task -> {
                        List<Action> mine = starts.get(task);
                        if (mine.isEmpty()) {
                            return;
                        }
                        Action action = mine.get(randoms.get(task).nextInt(mine.size()));
                        int[] arguments = action.arguments().stream()
                                .mapToInt(Integer::intValue)
                                .toArray();
                        try {
                            free.runFree(task, action.operation(), arguments, orders.get(task)::accept);
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    info.tasks().get(task) + " "
                                            + info.operations()
                                                    .get(action.operation())
                                                    .name() + action.arguments() + " threw " + e,
                                    e);
                        }
                    },
                    () -> checkQuiescent(model, sut, initial, checked));
            Optional<String> failure = Optional.ofNullable(result.failure())
                    .map(f -> info.spec() + " under stress ("
                            + tasks + " threads, " + result.operations() + " operations, " + result.checks()
                            + " quiescent checks): "
                            + (f.getMessage() == null ? f.toString() : f.getMessage()));
            return new Result(result.operations(), result.checks(), skipped, failure);
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
                + " threads, " + result.checks() + " quiescent checks, every invariant held"
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
