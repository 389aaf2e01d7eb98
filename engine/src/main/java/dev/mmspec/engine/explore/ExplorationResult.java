package dev.mmspec.engine.explore;

import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.Violation;
import java.util.Optional;

/**
 * What an exhaustive exploration found.
 *
 * @param outcome whether every invariant holds in every reachable state, one is violated, or the search stopped at a
 *     limit first
 * @param violation what is violated: an invariant, a model error or a deadlock
 * @param counterexample the replayed trace that shows it (states included)
 * @param minimal whether the counterexample is guaranteed shortest and, among the shortest, with the fewest context
 *     switches, chosen by a fixed order (false only when a limit stopped the search in the middle of the level where
 *     the violation was found)
 * @param distinctStates states stored
 * @param transitions enabled actions applied
 * @param depthCompleted every state this many steps from the initial state or closer was found and checked (for HOLDS:
 *     the longest shortest path, the diameter)
 * @param elapsedMillis wall time
 * @param bytesPerEntry bytes the visited set needs per slot (fingerprint + parent + action + switches)
 * @param visitedBytes bytes allocated for the visited set (its slots, full or empty)
 * @param statesPerSecond distinct states per second
 * @param queueRemaining states still waiting to be expanded when the search stopped
 * @param stopReason why an INCOMPLETE search stopped ({@code state budget}, {@code time budget}, {@code memory
 *     budget}), else ""
 * @param reducedStates states the checking search expanded by one independent step only (partial-order reduction), not
 *     by every enabled step
 * @param sleptTransitions enabled transitions the checking search did not look up because their step was asleep (sleep
 *     sets: it commutes with a step already taken); 0 without sleep sets
 */
public record ExplorationResult(
        Outcome outcome,
        Optional<Violation> violation,
        Optional<Trace> counterexample,
        boolean minimal,
        long distinctStates,
        long transitions,
        int depthCompleted,
        long elapsedMillis,
        int bytesPerEntry,
        long visitedBytes,
        long statesPerSecond,
        long queueRemaining,
        String stopReason,
        long reducedStates,
        long sleptTransitions) {

    public enum Outcome {
        HOLDS,
        VIOLATED,
        INCOMPLETE
    }

    /** @return visited-set bytes per distinct state, counting empty slots (load factor included). */
    public double bytesPerState() {
        return distinctStates == 0 ? 0 : (double) visitedBytes / distinctStates;
    }

    /** @return a one-line summary for logs and build output. */
    public String summary() {
        String head = switch (outcome) {
            case HOLDS -> "holds";
            case VIOLATED -> "violated: " + violation.map(Violation::toString).orElse("?");
            case INCOMPLETE -> "incomplete (" + stopReason + ")";
        };
        return head + "; " + distinctStates + " states, " + transitions + " transitions, depth " + depthCompleted
                + ", " + elapsedMillis + " ms, " + statesPerSecond + " states/s, "
                + String.format(java.util.Locale.ROOT, "%.1f", bytesPerState()) + " bytes/state ("
                + bytesPerEntry + " per slot)" + (queueRemaining > 0 ? ", " + queueRemaining + " queued" : "")
                + (reducedStates > 0 ? ", " + reducedStates + " states reduced by partial order" : "")
                + (sleptTransitions > 0 ? ", " + sleptTransitions + " transitions asleep" : "");
    }
}
