package dev.mmspec.cli;

import dev.mmspec.engine.explore.ExplorationResult;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A search engine beyond this JVM, found with {@link java.util.ServiceLoader} when its jar is on the classpath
 * ({@code --engine NAME}): the command line's own jar carries none, so that it does not carry their dependencies
 * (Spark's are 200 MB). The engine gets the compiled model as class bytes, since it may have to ship them to other
 * machines.
 */
public interface SearchEngine extends AutoCloseable {

    /** @return what {@code --engine} calls it, e.g. {@code spark} */
    String name();

    /**
     * Explores every interleaving of one model, as {@link dev.mmspec.engine.explore.Explorer} does: the same
     * distinct-state count, verdict and shortest counterexample.
     *
     * @throws EngineException for a job that cannot run (a bad master URL, a checkpoint of another job)
     */
    ExplorationResult explore(Job job) throws EngineException;

    /**
     * Runs the property engine over a range of seeds, spread over the engine's executors.
     *
     * @throws EngineException for a job that cannot run
     */
    CampaignSummary campaign(Job job, CampaignRange range) throws EngineException;

    /** Releases what the engine holds (a Spark context): called once, when the command is done. */
    @Override
    void close();

    /**
     * One model with its fixes off, and where and how to search it.
     *
     * @param className binary name of the generated model class
     * @param classes its class files (and its nested classes') by binary name
     * @param fixesOff bit mask of the fixes switched off
     * @param master where to run: a Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code k8s://...})
     * @param partitions how many parts the frontier and the visited fingerprints are split into; 0 for the engine's
     *     default
     * @param checkpoint where each complete level is kept (a Hadoop file system URI or path); null for a temporary
     *     directory
     * @param resume whether to go on from the last complete level under {@code checkpoint}
     * @param partialOrder whether the checking search may run an independent step alone (as the local explorer)
     * @param maxStates stop (INCOMPLETE) with at most this many distinct states, inside the level that would pass it
     * @param timeLimitMillis stop (INCOMPLETE) once this long has passed, inside a level; 0 for no limit
     * @param log where progress lines go (one per level)
     */
    record Job(
            String className,
            Map<String, byte[]> classes,
            long fixesOff,
            String master,
            int partitions,
            String checkpoint,
            boolean resume,
            boolean partialOrder,
            long maxStates,
            long timeLimitMillis,
            Consumer<String> log) {
        public Job {
            classes = Map.copyOf(classes);
        }
    }

    /**
     * @param firstSeed the first seed run
     * @param lastSeed the last seed run (inclusive)
     * @param tries runs per seed
     * @param steps steps per run at most
     * @param traceDirectory where the driver writes the failing seed's shrunk trace
     */
    record CampaignRange(long firstSeed, long lastSeed, int tries, int steps, java.nio.file.Path traceDirectory) {}

    /**
     * What a campaign found.
     *
     * @param runs runs made (every seed of the range: a failure does not stop the others)
     * @param failingSeed the lowest seed whose run failed, or -1
     * @param failure the shrunk failure of that seed, as the property engine renders it ({@code ""} if none)
     * @param regressionTest the JUnit test that replays it ({@code ""} if none)
     * @param coveredSteps the spec's steps some run took, by name, merged over all runs
     * @param steps the spec's steps
     */
    record CampaignSummary(
            long runs,
            long failingSeed,
            String failure,
            String regressionTest,
            java.util.SortedSet<String> coveredSteps,
            int steps) {}

    /** A job the engine cannot run, with what to do about it: a usage error (exit 2), never a stack trace. */
    final class EngineException extends Exception {
        private static final long serialVersionUID = 1L;

        public EngineException(String message) {
            super(message);
        }

        public EngineException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
