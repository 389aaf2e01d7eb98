package dev.mmspec.engine.property;

import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import java.nio.file.Path;

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
        String regressionTest) {

    public Violation violation() {
        return failure.violation();
    }

    /** @return everything a person needs: what failed, how to get it back, the race, the test to paste. */
    public String report() {
        return failure.violation() + ": " + failure.message() + "\n"
                + "seed " + Seeds.format(seed) + ", try " + tryIndex + " (try seed " + Seeds.format(trySeed)
                + "), shrunk from " + original.steps().size() + " to " + shrunk.steps().size() + " steps in "
                + shrinkRuns + " replays\n"
                + "rerun: mvn -B test -Dmmspec.seed=" + Seeds.format(seed) + "   or   bin/mmspec replay " + traceFile + "\n"
                + "trace file: " + traceFile + "\n\n"
                + diagram + "\n"
                + "regression test:\n" + regressionTest;
    }
}
