package dev.mmspec.engine.explore;

/**
 * A snapshot of a running exploration, for a progress line.
 *
 * @param depth the level being expanded
 * @param distinctStates states stored so far
 * @param queued states waiting in the current and next level
 * @param statesPerSecond distinct states per second since the start
 * @param elapsedMillis time since the start
 */
public record Progress(int depth, long distinctStates, long queued, long statesPerSecond, long elapsedMillis) {
    @Override
    public String toString() {
        return "depth " + depth + ": " + distinctStates + " states, " + queued + " queued, " + statesPerSecond
                + " states/s, " + elapsedMillis + " ms";
    }
}
