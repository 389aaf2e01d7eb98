package dev.mmspec.distributed.spark;

import dev.mmspec.cli.SearchEngine;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.trace.Violation;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The local explorer's two searches on Spark ({@link LevelSearch}): the checking search decides the verdict and counts
 * the states; only if it finds a violation does the witness search run, with parent links, to the same depth, and the
 * counterexample is rebuilt from its links ({@link Counterexample}). The figures are the checking search's, the trace
 * the witness's: what {@link dev.mmspec.engine.explore.Explorer#explore()} reports, field for field.
 */
final class SparkExplorer {
    /** Bytes per visited state: a fingerprint in a sorted array, no empty slots. */
    private static final int BYTES_PER_STATE = 8;

    private final JavaSparkContext spark;

    SparkExplorer(JavaSparkContext spark) {
        this.spark = spark;
    }

    ExplorationResult explore(SearchEngine.Job job, String checkpoint, int partitions)
            throws SearchEngine.EngineException {
        long start = System.nanoTime();
        ShippedModel shipped = new ShippedModel(job.className(), job.classes(), job.fixesOff());
        Model model = shipped.instantiate();
        LevelFiles files = new LevelFiles(checkpoint, "check");
        boolean resume = job.resume() && sameJob(files, shipped, partitions, job.partialOrder());
        if (job.resume() && !resume) {
            // Not refused, so that a stopped search is always rerun with --resume, even one stopped before its first
            // level was complete; said, so that a mistyped --checkpoint does not start over unnoticed.
            job.log().accept("--resume: " + files.root() + " holds no search yet; starting from the initial states");
        }
        Properties identity = identity(shipped, partitions, job.partialOrder());
        files.writeJob(identity);
        long deadline = job.timeLimitMillis() == 0 ? 0 : start + job.timeLimitMillis() * 1_000_000L;
        // The checking search writes parent links too (a few bytes per state): when partial-order
        // reduction reduced nothing, it was the full search, and the witness search would repeat it.
        LevelSearch.Ending check = new LevelSearch(
                        spark,
                        shipped,
                        files,
                        partitions,
                        job.partialOrder(),
                        true,
                        Integer.MAX_VALUE,
                        job.maxStates(),
                        deadline,
                        job.log())
                .run(resume);
        long checkNanos = Math.max(1, System.nanoTime() - start);
        long perSecond = (long) (check.stored() * 1e9 / checkNanos);
        if (check.outcome() != Outcome.VIOLATED) {
            return new ExplorationResult(
                    check.outcome(),
                    Optional.empty(),
                    Optional.empty(),
                    check.outcome() == Outcome.HOLDS,
                    check.stored(),
                    check.transitions(),
                    check.depthCompleted(),
                    millisSince(start),
                    BYTES_PER_STATE,
                    BYTES_PER_STATE * check.stored(),
                    perSecond,
                    check.remaining(),
                    check.stopReason(),
                    check.reduced(),
                    0);
        }
        int shortest =
                check.violations().stream().mapToInt(Violations::length).min().getAsInt();
        if (check.reduced() == 0) {
            Counterexample.Chosen chosen = new Counterexample(model, files, partitions).choose(check.violations());
            return new ExplorationResult(
                    Outcome.VIOLATED,
                    Optional.of(chosen.violation()),
                    Optional.of(chosen.trace()),
                    true,
                    check.stored(),
                    check.transitions(),
                    check.depthCompleted(),
                    millisSince(start),
                    BYTES_PER_STATE,
                    BYTES_PER_STATE * check.stored(),
                    perSecond,
                    check.remaining(),
                    "",
                    0,
                    0);
        }
        LevelFiles witnessFiles = files.phase("witness");
        LevelSearch.Ending witness = new LevelSearch(
                        spark, shipped, witnessFiles, partitions, false, true, shortest, Long.MAX_VALUE, 0, job.log())
                .run(resume);
        if (witness.outcome() != Outcome.VIOLATED) {
            Violation any = Violations.named(
                    check.violations().stream()
                            .filter(v -> Violations.length(v) == shortest)
                            .findFirst()
                            .orElseThrow(),
                    model.info());
            return new ExplorationResult(
                    Outcome.VIOLATED,
                    Optional.of(any),
                    Optional.empty(),
                    false,
                    check.stored(),
                    check.transitions(),
                    witness.depthCompleted(),
                    millisSince(start),
                    BYTES_PER_STATE,
                    BYTES_PER_STATE * check.stored(),
                    perSecond,
                    check.remaining(),
                    "no counterexample: rebuilding it stopped (" + witness.stopReason() + ")",
                    check.reduced(),
                    0);
        }
        Counterexample.Chosen chosen = new Counterexample(model, witnessFiles, partitions).choose(witness.violations());
        return new ExplorationResult(
                Outcome.VIOLATED,
                Optional.of(chosen.violation()),
                Optional.of(chosen.trace()),
                true,
                check.stored(),
                check.transitions(),
                witness.depthCompleted(),
                millisSince(start),
                BYTES_PER_STATE,
                BYTES_PER_STATE * check.stored(),
                perSecond,
                check.remaining(),
                "",
                check.reduced(),
                0);
    }

    private static Properties identity(ShippedModel shipped, int partitions, boolean partialOrder) {
        Properties p = new Properties();
        p.setProperty("model", shipped.digest());
        p.setProperty("partitions", Integer.toString(partitions));
        p.setProperty("partialOrder", Boolean.toString(partialOrder));
        return p;
    }

    /**
     * @return whether the checkpoint holds this job (false if it holds none: a fresh start)
     * @throws SearchEngine.EngineException if it holds another one
     */
    private static boolean sameJob(LevelFiles files, ShippedModel shipped, int partitions, boolean partialOrder)
            throws SearchEngine.EngineException {
        Properties found = files.job();
        if (found == null) {
            return false;
        }
        Properties wanted = identity(shipped, partitions, partialOrder);
        if (!found.equals(wanted)) {
            throw new SearchEngine.EngineException(
                    "--resume: checkpoint " + files.root() + " holds another search (" + found
                            + ", this one is " + wanted
                            + "); give another --checkpoint, or the same spec, fixes and --partitions,"
                            + " or leave out --resume to start over");
        }
        return true;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
