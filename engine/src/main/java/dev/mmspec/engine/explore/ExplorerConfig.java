package dev.mmspec.engine.explore;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How far and how wide the explorer may go. Limits only decide when to stop, never which counterexample is found: a run
 * that completes gives the same result with any number of workers.
 *
 * @param workers threads expanding each level (1 runs on the calling thread)
 * @param maxStates stop with INCOMPLETE once this many distinct states are stored (checked between states, so a few
 *     more may be stored)
 * @param timeBudget stop with INCOMPLETE after this long; {@link Duration#ZERO} for no limit
 * @param maxMemoryBytes bytes the visited set and the queues may take; 0 for 80% of the heap that is free when
 *     exploration starts
 * @param progressInterval how often {@code progress} is called
 * @param progress called with a {@link Progress} every {@code progressInterval} from a daemon thread, or null
 * @param chunkStates states per frontier chunk, the unit of work a worker claims; with several workers a level expected
 *     to be small gets smaller chunks (down to 16), so that each worker gets some
 * @param initialCapacity initial slots of the visited set (a power of two)
 * @param partialOrder whether the checking search may run a step the model declares independent
 *     ({@link dev.mmspec.contract.model.ModelInfo#independentSteps()}) alone instead of every enabled step (off under
 *     symmetry reduction, and in the witness search, whatever this says)
 * @param sleepSets whether the checking search may leave out steps that commute with ones already taken (sleep sets,
 *     decided on the footprints a generated model records): every state is still reached, at its shortest depth, with
 *     fewer transitions looked up. Used instead of {@code partialOrder} where both apply; off under symmetry reduction
 *     and in the witness search
 * @param partitioned whether the checking search splits the fingerprints among the workers ({@link Partition}: no
 *     shared table, successors' fingerprints asked of their owner in batches) instead of sharing one table with
 *     compare-and-swap inserts. Off by default until it is shown at least as fast as the shared table on a quiet
 *     machine (see the README); the same results either way
 * @param tracedPrefix the search keeps a parent link per state (16-byte slots) until this many states are stored, at
 *     the end of a level, then drops them and goes on with fingerprints only (8 bytes). A violation found before then
 *     has its counterexample at once; one found later is traced by a second, witness search up to its depth. 0:
 *     fingerprints from the start. Only where the checking search expands what the witness search does (no
 *     partial-order reduction, no sleep sets), so that the counts do not depend on it
 */
public record ExplorerConfig(
        int workers,
        long maxStates,
        Duration timeBudget,
        long maxMemoryBytes,
        Duration progressInterval,
        Consumer<Progress> progress,
        int chunkStates,
        int initialCapacity,
        boolean partialOrder,
        boolean sleepSets,
        boolean partitioned,
        long tracedPrefix) {

    public ExplorerConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be >= 1, was " + maxStates);
        }
        Objects.requireNonNull(timeBudget, "timeBudget");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (chunkStates < 1) {
            throw new IllegalArgumentException("chunkStates must be >= 1, was " + chunkStates);
        }
        if (tracedPrefix < 0) {
            throw new IllegalArgumentException("tracedPrefix must be >= 0, was " + tracedPrefix);
        }
        if (initialCapacity < 16 || Integer.bitCount(initialCapacity) != 1) {
            throw new IllegalArgumentException("initialCapacity must be a power of two >= 16, was " + initialCapacity);
        }
    }

    /**
     * @return all cores, no limits but the heap, no progress reports, static partial-order reduction on, parent links
     *     for the first {@link #TRACED_PREFIX} states, sleep sets off (on the benchmark spec they leave out 27% of the
     *     transitions but cost a second table lookup per transition taken: slower; see the README)
     */
    /**
     * States traced by default: 4 MiB of parent links, about 0.1 s of search; the catalogue's violations are all found
     * well within it, and a run that holds pays for it once, not per state.
     */
    public static final long TRACED_PREFIX = 1 << 18;

    public static ExplorerConfig defaults() {
        return new ExplorerConfig(
                Runtime.getRuntime().availableProcessors(),
                Long.MAX_VALUE,
                Duration.ZERO,
                0,
                Duration.ofSeconds(10),
                null,
                1024,
                1 << 12,
                true,
                false,
                false,
                TRACED_PREFIX);
    }

    public ExplorerConfig withWorkers(int n) {
        return new ExplorerConfig(
                n,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withMaxStates(long n) {
        return new ExplorerConfig(
                workers,
                n,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withTimeBudget(Duration budget) {
        return new ExplorerConfig(
                workers,
                maxStates,
                budget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withMaxMemoryBytes(long bytes) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                bytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withProgress(Duration interval, Consumer<Progress> listener) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                interval,
                listener,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withChunkStates(int n) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                n,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withInitialCapacity(int slots) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                slots,
                partialOrder,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withSleepSets(boolean on) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                on,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withPartitioned(boolean on) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                on,
                tracedPrefix);
    }

    public ExplorerConfig withPartialOrder(boolean on) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                on,
                sleepSets,
                partitioned,
                tracedPrefix);
    }

    public ExplorerConfig withTracedPrefix(long states) {
        return new ExplorerConfig(
                workers,
                maxStates,
                timeBudget,
                maxMemoryBytes,
                progressInterval,
                progress,
                chunkStates,
                initialCapacity,
                partialOrder,
                sleepSets,
                partitioned,
                states);
    }
}
