package dev.mmspec.etna;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.check.InterruptedSteps;
import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.property.PropertyResult;
import dev.mmspec.engine.sut.BindingStress;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.runtime.Injection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One kind of check a generated suite makes, run with one injection on: the lockstep property campaign
 * ({@code *PropertyTest.implementationConforms}, first half), the interrupted-step check (its second half), and the
 * replay of every distinct model transition ({@code *PropertyTest.everyTransitionReplaysOnTheImplementation}). Budgets
 * are the generated tests' own (300 tries of up to 60 steps and 20 operations), so "not found" means the suite as built
 * would not find it either.
 */
enum Check {
    LOCKSTEP("lockstep property") {
        @Override
        Optional<Detection> run(Model model, Supplier<SystemUnderTest> sut) {
            PropertyResult result = new PropertyEngine(config()).check(model, sut);
            return result.failure()
                    .map(f -> new Detection(
                            f.tryIndex() + 1,
                            f.violation() + ": " + firstLine(f.failure().message())));
        }
    },
    INTERRUPTED_STEPS("interrupted steps") {
        @Override
        Optional<Detection> run(Model model, Supplier<SystemUnderTest> sut) {
            InterruptedSteps.Result result = InterruptedSteps.check(model, sut, SEED, TRIES);
            return result.failure().map(report -> new Detection(result.tries(), firstLine(report)));
        }
    },
    /**
     * The real-thread stress mode ({@link BindingStress}): one thread per spec task running random operations through
     * the binding for {@link #STRESS_SECONDS}, uncontrolled, with the binding's noise at the runtime's lock points,
     * each only where the spec's {@code require}s let it start, and the spec's invariants at quiescent points. "Tries"
     * are the operations run until the failure.
     */
    STRESS("real-thread stress") {
        @Override
        Optional<Detection> run(Model model, Supplier<SystemUnderTest> sut) {
            BindingStress.Result result = BindingStress.run(model, sut, Duration.ofSeconds(STRESS_SECONDS), SEED);
            return result.failure()
                    .map(f -> new Detection((int) Math.min(Integer.MAX_VALUE, result.operations()), firstLine(f)));
        }
    },
    TRANSITION_REPLAY("transition replay") {
        @Override
        Optional<Detection> run(Model model, Supplier<SystemUnderTest> sut) {
            try {
                SpecChecks.transitionsReplayed(model, sut);
                return Optional.empty();
            } catch (AssertionError e) {
                return Optional.of(new Detection(1, firstLine(e.getMessage())));
            }
        }
    };

    /**
     * What found an injection: after how many tries (covering replays count as one; 0 when the check broke before it
     * could count), and why.
     */
    record Detection(int tries, String violation) {}

    /** The seed of every campaign here; the generated tests each use their spec's own. */
    static final long SEED = 17;

    static final int TRIES = 300;

    /** How long each real-thread stress run lasts. */
    static final long STRESS_SECONDS = Long.getLong("mmspec.etna.stress.seconds", 5);

    private final String label;

    Check(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    abstract Optional<Detection> run(Model model, Supplier<SystemUnderTest> sut);

    /**
     * Runs this check of {@code suite} with {@code injection} on. An exception out of the check's machinery counts as
     * found: the generated test would go red with it, if without a race diagram.
     */
    Optional<Detection> run(GeneratedSuite suite, Injection injection) {
        try {
            return run(suite.model(), suite.implementation(List.of(injection.switchName())));
        } catch (RuntimeException e) {
            return Optional.of(new Detection(0, "error in the check: " + e));
        }
    }

    private static PropertyConfig config() {
        // Shrinking is cut short: only whether and when the campaign fails matters here.
        return PropertyConfig.defaults(SEED)
                .withTries(TRIES)
                .withMaxSteps(60)
                .withMaxOperations(20)
                .withShrinking(50, Duration.ofSeconds(2))
                .withTraceDirectory(Path.of("target", "mmspec-etna"));
    }

    private static String firstLine(String text) {
        String trimmed = text == null ? "" : text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
