package dev.mmspec.bench;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import java.util.List;
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
 * The search to the first shortest counterexample with a fix off (issue 14 §5), in this JVM once warm: the checking
 * search, and where the violation lies past the traced prefix ({@link #tracedPrefix} smaller than the states before it)
 * the witness search too, which starts where the prefix ended. The whole process adds JVM start, the cached model's
 * load and the trace files: {@code explore --stats} reports those apart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g", "-Xss8m"})
public class FirstCounterexampleBenchmark {
    @Param("bench/specs/anon_exclusive_bench_mid.mmspec")
    public String spec;

    @Param("swap_pte_exclusive")
    public String off;

    /**
     * The default prefix traces the whole search to the violation; 512 makes it need the witness search, which starts
     * where the prefix ended; 0 (no prefix) makes the witness search start from the initial state, as every witness
     * search did before it could resume.
     */
    @Param({"262144", "512", "0"})
    public long tracedPrefix;

    @Param({"1", "2"})
    public int workers;

    private Model model;

    @Setup
    public void setUp() {
        model = BenchModels.load(spec, List.of(off));
    }

    @Benchmark
    public long firstCounterexample() {
        ExplorerConfig config = ExplorerConfig.defaults().withWorkers(workers).withTracedPrefix(tracedPrefix);
        ExplorationResult result = new Explorer(model, config).explore();
        if (result.counterexample().isEmpty()) {
            throw new IllegalStateException("no counterexample: " + result.summary());
        }
        return result.counterexample().get().steps().size();
    }
}
