package dev.mmspec.cli;

import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.generator.build.ModelLoader;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options of {@code explore} and {@code campaign} that choose where the search runs, and explore's checkpoint. */
final class EngineOptions {
    @Option(
            names = "--engine",
            paramLabel = "NAME",
            defaultValue = Engines.LOCAL,
            description =
                    "where to search: local (this JVM, the default) or spark (an Apache Spark cluster or local[N];"
                            + " needs the distributed/spark module's jar on the class path, which bin/mmspec adds)")
    String name = Engines.LOCAL;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "--engine spark: the Spark master (local[2], spark://HOST:7077, k8s://https://HOST:PORT;"
                    + " default: spark-submit's, else local[*])")
    String master;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "--engine spark: parts the frontier and the visited fingerprints are split into, by fingerprint"
                            + " (default: Spark's default parallelism)")
    int partitions;

    /**
     * {@code --checkpoint DIR}, an option of {@code explore} only ({@link ExploreCommand#checkpoint}): a campaign keeps
     * no state to resume, and its {@code --help} does not offer it.
     */
    String checkpoint;

    /** {@code --resume}, an option of {@code explore} only ({@link ExploreCommand#resume}). */
    boolean resume;

    /**
     * @return the engine asked for, or null for the local one
     * @throws UsageError for options of another engine, or an engine not on the class path
     */
    SearchEngine open() {
        if (resume && checkpoint == null) {
            throw new UsageError("--resume needs --checkpoint DIR: where the levels of the stopped search are");
        }
        if (partitions < 0) {
            throw new UsageError("--partitions must be at least 1, was " + partitions);
        }
        if (name.equals(Engines.LOCAL)) {
            if (master != null || checkpoint != null || resume || partitions != 0) {
                throw new UsageError("--master, --partitions, --checkpoint and --resume are options of"
                        + " --engine spark; this run is --engine local");
            }
            return null;
        }
        return Engines.find(name);
    }

    SearchEngine.Job job(
            ModelLoader.CompiledModel classes,
            long fixesOff,
            boolean partialOrder,
            Long maxStates,
            Long timeLimit,
            String label,
            Consumer<String> log) {
        return new SearchEngine.Job(
                classes.className(),
                classes.classes(),
                fixesOff,
                master,
                partitions,
                checkpoint == null ? null : checkpoint.replaceAll("/+$", "") + "/" + label,
                resume,
                partialOrder,
                maxStates == null ? Long.MAX_VALUE : maxStates,
                timeLimit == null ? 0 : timeLimit * 1000,
                log);
    }

    ExplorationResult explore(
            SearchEngine engine,
            ModelLoader.CompiledModel classes,
            long fixesOff,
            boolean partialOrder,
            Long maxStates,
            Long timeLimit,
            String label,
            Consumer<String> log) {
        try {
            return engine.explore(job(classes, fixesOff, partialOrder, maxStates, timeLimit, label, log));
        } catch (SearchEngine.EngineException e) {
            throw new UsageError("--engine " + name + ": " + e.getMessage());
        }
    }
}
