package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * mmspec's property engine: random runs of a model, alone or in lockstep with its implementation, every check after
 * every step, the first failure shrunk, written to a trace file and reported with its seed, its race diagram and a
 * regression test to paste.
 *
 * <pre>{@code
 * PropertyResult result = new PropertyEngine(PropertyConfig.defaults(42).withTries(500))
 *         .check(model, () -> new RuntimeBinding(kernelConfig));
 * if (!result.passed()) {
 *     throw new AssertionError(result.failure().get().report());
 * }
 * }</pre>
 *
 * <p>No static state, no clock in any choice: the same seed gives the same runs, failures and shrunk traces (within the
 * shrink budget, which counts replays).
 */
public final class PropertyEngine {
    private final PropertyConfig config;

    public PropertyEngine(PropertyConfig config) {
        this.config = config;
    }

    /** @return the seed of try {@code tryIndex} of a campaign with seed {@code seed}. */
    public static long trySeed(long seed, int tryIndex) {
        long z = seed + (tryIndex + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Model only: invariants, model errors and deadlocks. */
    public PropertyResult check(Model model) {
        return check(model, null);
    }

    /**
     * Model and implementation in lockstep.
     *
     * @param sut a fresh implementation for every try (and every shrinking replay), or null for the model alone
     */
    public PropertyResult check(Model model, Supplier<SystemUnderTest> sut) {
        StepCoverage coverage = new StepCoverage(model.info().steps().size());
        RunGenerator generator = new RunGenerator(model, config);
        long steps = 0;
        for (int n = 0; n < config.tries(); n++) {
            int i = config.firstTry() + n;
            long trySeed = trySeed(config.seed(), i);
            try (Execution execution = new Execution(model, sut == null ? null : sut.get(), coverage)) {
                generator.run(execution, trySeed);
                steps += execution.steps().size();
                if (execution.failure() != null) {
                    int[] actions =
                            execution.steps().stream().mapToInt(s -> s.action()).toArray();
                    PropertyFailure failure = shrinkAndReport(model, sut, execution.failure(), actions, i, trySeed);
                    return new PropertyResult(n + 1, steps, coverage, Optional.of(failure));
                }
            }
        }
        return new PropertyResult(config.tries(), steps, coverage, Optional.empty());
    }

    /** One run as try seed {@code trySeed} draws it, unshrunk: what "same seed, same trace" is about. */
    public RunResult runOnce(Model model, Supplier<SystemUnderTest> sut, long trySeed) {
        try (Execution execution = new Execution(model, sut == null ? null : sut.get(), null)) {
            new RunGenerator(model, config).run(execution, trySeed);
            int[] actions = execution.steps().stream().mapToInt(s -> s.action()).toArray();
            Optional<Failure> failure = Optional.ofNullable(execution.failure());
            Trace trace = ModelReplay.record(model, actions, failure.map(Failure::violation), OptionalLong.of(trySeed));
            return new RunResult(trace, failure);
        }
    }

    /** @param trace the run with its states; @param failure how it failed, if it did */
    public record RunResult(Trace trace, Optional<Failure> failure) {}

    private PropertyFailure shrinkAndReport(
            Model model, Supplier<SystemUnderTest> sut, Failure found, int[] actions, int tryIndex, long trySeed) {
        ModelInfo info = model.info();
        Shrinker shrinker = new Shrinker(
                model,
                sut,
                found.violation(),
                config.maxShrinkRuns(),
                config.shrinkTime().toNanos());
        int[] shrunkActions = shrinker.shrink(actions);
        Failure shrunkFailure = found;
        try (Execution execution = new Execution(model, sut == null ? null : sut.get(), null)) {
            for (int i = 0; i < shrunkActions.length && execution.failure() == null; i++) {
                execution.step(shrunkActions[i]);
            }
            if (execution.failure() == null) {
                execution.checkDeadlock();
            }
            if (execution.failure() != null) {
                shrunkFailure = execution.failure();
            }
        }
        Trace original = ModelReplay.record(model, actions, Optional.of(found.violation()), OptionalLong.of(trySeed));
        Trace shrunk =
                ModelReplay.record(model, shrunkActions, Optional.of(found.violation()), OptionalLong.of(trySeed));
        Path file = config.traceDirectory().resolve(fileName(info, model.fixesOff(), trySeed));
        try {
            CounterexampleFiles.write(shrunk, info, file, CounterexampleFiles.htmlWanted());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failing trace to " + file, e);
        }
        String diagram = RaceDiagram.render(shrunk, info, "bin/mmspec replay " + file);
        String test = RegressionTest.source(shrunk, trySeed, file, config, model, sut != null);
        return new PropertyFailure(
                shrunkFailure,
                config.seed(),
                tryIndex,
                trySeed,
                original,
                shrunk,
                shrinker.runs(),
                file,
                diagram,
                test,
                info,
                ModelText.fixes(info, model.fixesOff()));
    }

    static String fileName(ModelInfo info, long fixesOff, long trySeed) {
        String fixes = fixesOff == 0 ? "all-fixes" : String.join("+", ModelText.fixes(info, fixesOff));
        return info.spec() + "-" + fixes + "-" + Long.toHexString(trySeed) + ".trace";
    }
}
