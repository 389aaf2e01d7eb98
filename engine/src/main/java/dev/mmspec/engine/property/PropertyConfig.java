package dev.mmspec.engine.property;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A property campaign: which runs to draw and what to do with a failure. A campaign is fully described by the model
 * (spec + fixes off) and this record: the same values give the same runs, so a seed range can be split over machines.
 *
 * @param seed the campaign's seed; try {@code i} runs with {@link PropertyEngine#trySeed(long, int)}
 * @param firstTry the index of the first try: a campaign split over machines gives each a range {@code [firstTry,
 *     firstTry + tries)} of the same seed
 * @param tries how many runs
 * @param maxSteps steps per run at most
 * @param maxOperations operations started per run at most
 * @param schedule how the next task is picked
 * @param maxShrinkRuns how many candidate traces shrinking may replay (deterministic budget)
 * @param shrinkTime a wall-clock safety net for shrinking; when it is hit the result depends on the machine, so keep it
 *     well above what {@code maxShrinkRuns} needs
 * @param traceDirectory where failing traces are written
 * @param modelSource Java expression that builds the model, for the printed regression test; empty: {@code new <the
 *     model's class>(<its fixes-off mask>L)}
 * @param sutSource Java expression for the {@code Supplier<SystemUnderTest>}, for the printed regression test of a
 *     lockstep campaign; empty: the generated {@code <Spec>Conformance.supplier}
 */
public record PropertyConfig(
        long seed,
        int firstTry,
        int tries,
        int maxSteps,
        int maxOperations,
        Schedule schedule,
        int maxShrinkRuns,
        Duration shrinkTime,
        Path traceDirectory,
        String modelSource,
        String sutSource) {

    public PropertyConfig {
        if (firstTry < 0) {
            throw new IllegalArgumentException("firstTry must be >= 0, was " + firstTry);
        }
        if (tries < 1 || maxSteps < 1 || maxOperations < 1 || maxShrinkRuns < 0) {
            throw new IllegalArgumentException("tries, maxSteps and maxOperations must be >= 1 and maxShrinkRuns >= 0: "
                    + tries + ", " + maxSteps + ", " + maxOperations + ", " + maxShrinkRuns);
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(shrinkTime, "shrinkTime");
        Objects.requireNonNull(traceDirectory, "traceDirectory");
        Objects.requireNonNull(modelSource, "modelSource");
        Objects.requireNonNull(sutSource, "sutSource");
    }

    /** @return 1000 tries of up to 200 steps and 50 operations, uniform, traces under target/mmspec. */
    public static PropertyConfig defaults(long seed) {
        return new PropertyConfig(
                seed,
                0,
                1000,
                200,
                50,
                new Schedule.Uniform(),
                20_000,
                Duration.ofSeconds(30),
                Path.of("target", "mmspec"),
                "",
                "");
    }

    /** @return a config running tries {@code [first, first + count)}: one machine's share of a campaign. */
    public PropertyConfig withTryRange(int first, int count) {
        return new PropertyConfig(
                seed,
                first,
                count,
                maxSteps,
                maxOperations,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withTries(int n) {
        return new PropertyConfig(
                seed,
                firstTry,
                n,
                maxSteps,
                maxOperations,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withMaxSteps(int n) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                n,
                maxOperations,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withMaxOperations(int n) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                maxSteps,
                n,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withSchedule(Schedule s) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                maxSteps,
                maxOperations,
                s,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withShrinking(int runs, Duration time) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                maxSteps,
                maxOperations,
                schedule,
                runs,
                time,
                traceDirectory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withTraceDirectory(Path directory) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                maxSteps,
                maxOperations,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                directory,
                modelSource,
                sutSource);
    }

    public PropertyConfig withSources(String model, String sut) {
        return new PropertyConfig(
                seed,
                firstTry,
                tries,
                maxSteps,
                maxOperations,
                schedule,
                maxShrinkRuns,
                shrinkTime,
                traceDirectory,
                model,
                sut);
    }
}
