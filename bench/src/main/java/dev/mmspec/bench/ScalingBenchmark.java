package dev.mmspec.bench;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the checking search scales from 1 to 2 workers, with one shared table and partitioned (issue 14 §1): the time of
 * one exploration of the first {@link #states} states of {@link #spec} (all of them if it has fewer), so the ratio of
 * two rows is the speed-up. 8 M states make a table of about 90 MB, far past the caches, as in the whole 18 M-state
 * run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx6g", "-Xss8m"})
public class ScalingBenchmark {
    @Param("bench/specs/anon_exclusive_bench.mmspec")
    public String spec;

    @Param("8000000")
    public long states;

    @Param({"1", "2"})
    public int workers;

    @Param({"false", "true"})
    public boolean partitioned;

    private Model model;

    @Setup
    public void setUp() {
        model = BenchModels.load(spec);
    }

    @Benchmark
    public long explore() {
        ExplorerConfig config = ExplorerConfig.defaults()
                .withWorkers(workers)
                .withPartitioned(partitioned)
                .withMaxStates(states);
        ExplorationResult result = new Explorer(model, config).explore();
        if (result.distinctStates() == 0) {
            throw new IllegalStateException("nothing explored: " + result.summary());
        }
        return result.distinctStates();
    }
}
