package dev.mmspec.engine.explore;

import java.util.SplittableRandom;
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
 * What one visited-set lookup costs the checking search when the table is as large as the benchmark spec's (18 M
 * fingerprints, 24 M slots: 195 MB, far past the caches): the explorer does one per transition that leads to another
 * state, about 6.4 per distinct state on {@code anon_exclusive_bench}, so this cost times 6.4 is a floor under the time
 * per state that no faster successor function can lower.
 *
 * <p>Each invocation looks up {@link #BATCH} fingerprints of stored states (the explorer's duplicates, 86% of its
 * lookups) as the explorer does: touch every home slot first, then insert; or, for comparison, insert one by one.
 * Average time per lookup, not throughput.
 *
 * <p>In {@code dev.mmspec.engine.explore} because the set is package-private to the explorer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class FingerprintSetBenchmark {
    /** The explorer's batch: 32 states' successors. */
    static final int BATCH = 256;

    @Param("18000000")
    public int stored;

    private FingerprintSet set;
    private final long[] batch = new long[BATCH];
    private SplittableRandom random;

    @Setup
    public void setUp() {
        set = new FingerprintSet((int) (stored / 0.75));
        for (int i = 1; i <= stored; i++) {
            set.insert(Fingerprint.mix(i));
        }
        random = new SplittableRandom(42);
    }

    private void draw() {
        for (int k = 0; k < BATCH; k++) {
            batch[k] = Fingerprint.mix(1 + random.nextInt(stored));
        }
    }

    /** As {@code LevelWorker.checkBatch}: all home slots touched, then all inserted. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long touchThenInsert() {
        draw();
        long touched = 0;
        for (int k = 0; k < BATCH; k++) {
            touched ^= set.touch(batch[k]);
        }
        return touched ^ insertAll();
    }

    /** One lookup after the other: each waits for its own cache miss. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int insertOneByOne() {
        draw();
        return insertAll();
    }

    /** Inserts the batch, each fingerprint already stored. @return how many were found */
    private int insertAll() {
        int found = 0;
        for (int k = 0; k < BATCH; k++) {
            found += set.insert(batch[k]) ? 0 : 1;
        }
        if (found != BATCH) {
            throw new IllegalStateException("a stored fingerprint was not found");
        }
        return found;
    }
}
