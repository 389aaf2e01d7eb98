package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.Reproduction;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A failed property, shrunk and written down.
 *
 * @param failure the failure of the shrunk trace (same kind and name as the original's)
 * @param seed the campaign seed
 * @param tryIndex which try failed
 * @param trySeed the seed of that try: {@link PropertyEngine#runOnce} with it redraws the original run
 * @param original the run as drawn (with states)
 * @param shrunk the minimal run (with states)
 * @param shrinkRuns how many candidate traces shrinking replayed
 * @param traceFile where the shrunk trace was written
 * @param diagram the shrunk trace as a race diagram
 * @param regressionTest a JUnit 5 test method that replays the trace file
 * @param info the model's description, for the rerun lines
 * @param fixesOff the fixes off in the run, for the rerun lines
 */
public record PropertyFailure(
        Failure failure,
        long seed,
        int tryIndex,
        long trySeed,
        Trace original,
        Trace shrunk,
        int shrinkRuns,
        Path traceFile,
        String diagram,
        String regressionTest,
        ModelInfo info,
        List<String> fixesOff) {

    public PropertyFailure {
        fixesOff = List.copyOf(fixesOff);
    }

    public Violation violation() {
        return failure.violation();
    }

    /** @return {@link #report(String)} of a failure in the generated {@code PropertyTest} */
    public String report() {
        return report("PropertyTest");
    }

    /**
     * @param testClass the generated test that ran the campaign ({@code PropertyTest}, {@code FixDetectionTest}): the
     *     Maven rerun line names it with the seed
     * @return everything a person needs: what failed, how to get it back, the race, the test to paste
     */
    public String report(String testClass) {
        return failure.violation() + ": " + failure.message() + "\n"
                + "seed " + Seeds.format(seed) + ", try " + tryIndex + " (try seed " + Seeds.format(trySeed)
                + "), shrunk from " + original.steps().size() + " to "
                + shrunk.steps().size() + " steps in "
                + shrinkRuns + " replays\n"
                + Reproduction.lines(info, fixesOff, OptionalLong.of(seed), testClass, traceFile)
                + CounterexampleFiles.viewerLine(traceFile)
                + "trace file: " + traceFile + "\n\n"
                + diagram + "\n"
                + "regression test:\n" + regressionTest;
    }
}
