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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Distinct states per second of the exhaustive explorer on the benchmark spec: each invocation explores the first
 * {@link #STATES} states breadth-first (a state budget stops it), so JMH's operations per second are distinct states
 * per second, with error bars.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx6g", "-Xss8m"})
public class ExplorerBenchmark {
    static final int STATES = 4_000_000;

    @Param("bench/specs/anon_exclusive_bench.mmspec")
    public String spec;

    /** 0: every core. */
    @Param({"1", "0"})
    public int workers;

    /** Sleep sets on or off (the README compares the two). */
    @Param({"false", "true"})
    public boolean sleepSets;

    private Model model;

    @Setup
    public void setUp() {
        model = BenchModels.load(spec);
    }

    @Benchmark
    @OperationsPerInvocation(STATES)
    public long explore() {
        ExplorerConfig config = ExplorerConfig.defaults().withMaxStates(STATES).withSleepSets(sleepSets);
        if (workers > 0) {
            config = config.withWorkers(workers);
        }
        ExplorationResult result = new Explorer(model, config).explore();
        if (result.distinctStates() < STATES) {
            throw new IllegalStateException(
                    "the benchmark spec has fewer than " + STATES + " states: " + result.summary());
        }
        return result.distinctStates();
    }
}
