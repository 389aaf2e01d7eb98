package dev.mmspec.bench;

import dev.mmspec.contract.model.Model;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The generated successor function alone, on one thread: every action applied to each of {@link #SAMPLE} reachable
 * states (drawn by seeded random walks), with the invariants checked on each enabled successor, as the explorer does.
 * Operations per second are states expanded per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SuccessorBenchmark {
    static final int SAMPLE = 4096;

    @Param("bench/specs/anon_exclusive_bench.mmspec")
    public String spec;

    private Model model;
    private long[] states;
    private long[] source;
    private long[] target;
    private int words;
    private int actions;

    @Setup
    public void setUp() {
        model = BenchModels.load(spec);
        words = model.info().stateWords();
        actions = model.info().actions().size();
        states = BenchModels.reachableStates(model, SAMPLE, 40, 42);
        source = new long[words];
        target = new long[words];
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLE)
    public void expand(Blackhole sink) {
        for (int n = 0; n < SAMPLE; n++) {
            System.arraycopy(states, n * words, source, 0, words);
            for (int a = 0; a < actions; a++) {
                int result = model.apply(source, a, target);
                if (result >= 0) {
                    sink.consume(model.violatedInvariant(target));
                }
                sink.consume(result);
            }
        }
    }
}
