package dev.mmspec.engine.property;

/**
 * How a random run picks the next task.
 *
 * <ul>
 *   <li>{@link Uniform}: every enabled action equally likely; good at short races.
 *   <li>{@link Pct}: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random distinct task
 *       priorities, the highest-priority task with an enabled action runs, and at {@code depth - 1} random steps the
 *       running task drops to the lowest priority; finds a bug of depth {@code d} with probability at least {@code 1 /
 *       (n k^(d-1))}, and tends to run one task for long stretches, which uniform choice rarely does.
 * </ul>
 */
public sealed interface Schedule {

    record Uniform() implements Schedule {}

    /** @param depth the bug depth aimed at: number of priority change points plus one */
    record Pct(int depth) implements Schedule {
        public Pct {
            if (depth < 1) {
                throw new IllegalArgumentException("PCT depth must be >= 1, was " + depth);
            }
        }
    }

    static Schedule uniform() {
        return new Uniform();
    }

    static Schedule pct(int depth) {
        return new Pct(depth);
    }
}
