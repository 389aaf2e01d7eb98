package dev.mmspec.engine.check;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.sut.ScheduledSystemUnderTest;
import dev.mmspec.engine.sut.StepReport;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Reproduction;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Interleaves another task <em>inside</em> a step of the implementation, where it accesses a watched primitive
 * ({@link dev.mmspec.engine.sut.Watch}), and checks that the step was still atomic: the implementation must end where
 * the model ends with the two steps in one order or the other. A step that reads a counter and then writes it back with
 * a plain {@code set} (where the spec's step is a compare-and-swap) loses the other task's update, and matches neither
 * order.
 *
 * <p>Each try runs a short random prefix in step with the model, then lets task A run its next step up to its n-th
 * watched access, runs another task B's whole next step, and lets A finish. When B blocks (on a lock A holds), the
 * window proves nothing and the try ends. The lockstep campaign ({@link SpecChecks#conformance}) checks everything
 * else; this check runs only for bindings whose steps make watched accesses, and gives up after a few tries without
 * any.
 */
public final class InterruptedSteps {
    /** Tries without a single watched access after which the binding is taken not to use any. */
    private static final int TRIES_TO_FIND_A_WATCHED_ACCESS = 30;

    private static final int MAX_PREFIX = 6;
    private static final int MAX_WATCH_POINT = 3;

    /**
     * @param tries windows tried; @param interrupted how many of them interrupted a step; @param failure the report, if
     *     one failed
     */
    public record Result(int tries, int interrupted, Optional<String> failure) {}

    private InterruptedSteps() {}

    /** @param implementation fresh implementations; only {@link ScheduledSystemUnderTest}s can be interrupted */
    public static Result check(Model model, Supplier<SystemUnderTest> implementation, long seed, int tries) {
        int interrupted = 0;
        for (int i = 0; i < tries; i++) {
            if (interrupted == 0 && i >= TRIES_TO_FIND_A_WATCHED_ACCESS) {
                return new Result(i, 0, Optional.empty());
            }
            long trySeed = PropertyEngine.trySeed(seed, i);
            try (SystemUnderTest sut = implementation.get()) {
                if (!(sut instanceof ScheduledSystemUnderTest scheduled)) {
                    return new Result(i, 0, Optional.empty());
                }
                Window window = new Window(model, scheduled, new Random(trySeed), i % (MAX_PREFIX + 1));
                Optional<String> failure = window.run();
                if (window.interrupted) {
                    interrupted++;
                }
                if (failure.isPresent()) {
                    return new Result(
                            i + 1,
                            interrupted,
                            Optional.of(failure.get() + "seed 0x" + Long.toHexString(seed) + ", try " + i
                                    + "\n"
                                    + Reproduction.lines(
                                            model.info(),
                                            FixMask.names(model.info(), model.fixesOff()),
                                            OptionalLong.of(seed),
                                            "PropertyTest",
                                            null)));
                }
            }
        }
        return new Result(tries, interrupted, Optional.empty());
    }

    /** One try: a prefix in step, then one interrupted step. */
    private static final class Window {
        private final Model model;
        private final ModelInfo info;
        private final ScheduledSystemUnderTest sut;
        private final Random random;
        private final int prefixLength;
        private final List<Integer> prefix = new ArrayList<>();
        private long[] state;
        boolean interrupted;

        Window(Model model, ScheduledSystemUnderTest sut, Random random, int prefixLength) {
            this.model = model;
            this.info = model.info();
            this.sut = sut;
            this.random = random;
            this.prefixLength = prefixLength;
            this.state = new long[info.stateWords()];
            model.initialState(state);
        }

        Optional<String> run() {
            for (int k = 0; k < prefixLength; k++) {
                List<Integer> enabled = enabled(state, -1);
                if (enabled.isEmpty()) {
                    return Optional.empty();
                }
                int action = enabled.get(random.nextInt(enabled.size()));
                long[] next = new long[state.length];
                if (model.apply(state, action, next) < 0 || !inStep(action, next)) {
                    return Optional.empty(); // the lockstep campaign reports whatever went wrong here
                }
                state = next;
                prefix.add(action);
            }
            List<Integer> enabled = enabled(state, -1);
            if (enabled.isEmpty()) {
                return Optional.empty();
            }
            int a = enabled.get(random.nextInt(enabled.size()));
            int taskA = model.taskOf(a);
            List<Integer> others = enabled(state, taskA);
            if (others.isEmpty()) {
                return Optional.empty();
            }
            int b = others.get(random.nextInt(others.size()));
            int taskB = model.taskOf(b);
            int watchPoint = 1 + random.nextInt(MAX_WATCH_POINT);
            if (!started(a)) {
                return Optional.empty();
            }
            StepReport stopped = sut.stepInterrupted(taskA, watchPoint);
            if (stopped.failed() || !stopped.interrupted()) {
                return Optional.empty();
            }
            interrupted = true;
            StepReport reportB = started(b) ? sut.step(taskB) : null;
            StepReport reportA = sut.step(taskA);
            if (reportB == null || reportB.failed() || reportA.failed()) {
                return Optional.empty(); // B waited for A (a lock): the window shows nothing about atomicity
            }
            if (!reportA.nextLabel().equals(labelAfter(a))
                    || !reportB.nextLabel().equals(labelAfter(b))) {
                return Optional
                        .empty(); // a step point skipped or added: the lockstep campaign reports it with its diagram
            }
            long[] impl = abstractState();
            Order ab = order(a, b, reportA, reportB, impl);
            Order ba = order(b, a, reportB, reportA, impl);
            if (ab.matches() || ba.matches()) {
                return Optional.empty();
            }
            int[] actions = new int[prefix.size() + 2];
            for (int k = 0; k < prefix.size(); k++) {
                actions[k] = prefix.get(k);
            }
            boolean abRuns = ab.end() != null;
            actions[prefix.size()] = abRuns ? a : b;
            actions[prefix.size() + 1] = abRuns ? b : a;
            Trace trace = ModelReplay.record(
                    model,
                    actions,
                    Optional.of(new Violation(ViolationKind.CONFORMANCE, "step atomicity")),
                    OptionalLong.empty());
            var file = TraceFiles.write(trace, info, "interrupted-" + ModelText.fixList(trace.fixesOff()));
            String stepA =
                    info.steps().get(ModelReplay.stepToRun(model, state, a)).label();
            String stepB =
                    info.steps().get(ModelReplay.stepToRun(model, state, b)).label();
            return Optional.of("\n" + info.tasks().get(taskA) + " ran " + stepA + " and was interrupted before "
                    + stopped.nextLabel().substring(dev.mmspec.engine.sut.Watch.POINT_PREFIX.length())
                    + " (its watched access "
                    + watchPoint + " of the step); " + info.tasks().get(taskB) + " ran " + stepB + " meanwhile.\n"
                    + "The implementation ended where neither order of the two steps ends, so " + stepA
                    + " is not atomic:\n"
                    + "  " + info.tasks().get(taskA) + " then " + info.tasks().get(taskB) + ": " + ab.describe() + "\n"
                    + "  " + info.tasks().get(taskB) + " then " + info.tasks().get(taskA) + ": " + ba.describe()
                    + "\n\n"
                    + "the two steps in the model, " + (abRuns ? "A then B" : "B then A") + ":\n"
                    + RaceDiagram.render(trace, info, "bin/mmspec replay " + file));
        }

        /** @return the actions enabled in {@code s}, of tasks other than {@code exceptTask}. */
        private List<Integer> enabled(long[] s, int exceptTask) {
            List<Integer> out = new ArrayList<>();
            long[] scratch = new long[s.length];
            for (int action = 0; action < info.actions().size(); action++) {
                if (model.taskOf(action) != exceptTask
                        && ModelReplay.stepToRun(model, s, action) >= 0
                        && model.apply(s, action, scratch) >= 0) {
                    out.add(action);
                }
            }
            return out;
        }

        /**
         * @return the step label {@code action}'s task stops at after it, in the model ("" when its operation ends).
         */
        private String labelAfter(int action) {
            long[] after = new long[state.length];
            model.apply(state, action, after);
            int task = model.taskOf(action);
            return model.idle(after, task)
                    ? ""
                    : info.steps().get(model.nextStep(after, task)).label();
        }

        /**
         * Runs {@code action}'s whole step on the implementation.
         *
         * @param after the model's state after the step
         * @return whether it ran without failing and stopped where the model did
         */
        private boolean inStep(int action, long[] after) {
            int task = model.taskOf(action);
            if (!started(action)) {
                return false;
            }
            String expected = model.idle(after, task)
                    ? ""
                    : info.steps().get(model.nextStep(after, task)).label();
            StepReport report = sut.step(task);
            return !report.failed() && report.nextLabel().equals(expected);
        }

        /**
         * Starts {@code action}'s operation on the implementation if it starts one.
         *
         * @return whether that went well: the implementation stopped at the operation's first step, as the model does.
         *     One that finished at once or stopped elsewhere (a runtime bug that skips a step point, as gup_dirty's
         *     writeback does with writeback_skips_mkclean) has no step for the scheduler to resume where the model has
         *     one ("task 2 has nothing to resume"); the lockstep campaign reports that mismatch with its diagram
         */
        private boolean started(int action) {
            Action a = info.actions().get(action);
            if (a.isContinue()) {
                return true;
            }
            StepReport report = sut.start(
                    a.task(),
                    a.operation(),
                    a.arguments().stream().mapToInt(Integer::intValue).toArray());
            String first = info.steps()
                    .get(info.operations().get(a.operation()).firstStep())
                    .label();
            return !report.failed() && report.nextLabel().equals(first);
        }

        private long[] abstractState() {
            long[] raw = new long[state.length];
            sut.abstractState(raw);
            return raw;
        }

        /** Where the model ends with {@code first} then {@code second}, against the implementation. */
        private Order order(int first, int second, StepReport firstReport, StepReport secondReport, long[] impl) {
            long[] middle = new long[state.length];
            long[] end = new long[state.length];
            int r1 = model.apply(state, first, middle);
            int r2 = r1 < 0 ? Model.DISABLED : model.apply(middle, second, end);
            if (r1 < 0 || r2 < 0) {
                return new Order(null, "not possible in the model");
            }
            String outcome1 = r1 > 0 ? info.outcomeName(r1) : "";
            String outcome2 = r2 > 0 ? info.outcomeName(r2) : "";
            if (!firstReport.outcome().equals(outcome1)) {
                return new Order(
                        end,
                        info.tasks().get(model.taskOf(first)) + " returns " + text(outcome1) + ", the implementation "
                                + text(firstReport.outcome()));
            }
            if (!secondReport.outcome().equals(outcome2)) {
                return new Order(
                        end,
                        info.tasks().get(model.taskOf(second)) + " returns " + text(outcome2) + ", the implementation "
                                + text(secondReport.outcome()));
            }
            for (Slot slot : info.slots()) {
                if (slot.kind() == SlotKind.STATE && slot.get(end) != slot.get(impl)) {
                    return new Order(
                            end,
                            slot.name() + " is " + slot.format(slot.get(end)) + ", the implementation has "
                                    + slot.format(slot.get(impl)));
                }
            }
            return new Order(end, "");
        }

        private static String text(String outcome) {
            return outcome.isEmpty() ? "no outcome" : outcome;
        }
    }

    /**
     * @param end the model state after both steps, or null if they cannot run in this order; @param difference "" if
     *     the implementation matches
     */
    private record Order(long[] end, String difference) {
        boolean matches() {
            return end != null && difference.isEmpty();
        }

        String describe() {
            return difference;
        }
    }
}
