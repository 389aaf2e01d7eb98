package dev.mmspec.engine.property;

import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;

/**
 * A check that failed after a step.
 *
 * @param violation its kind and the name that must stay the same while shrinking (the invariant, the slot, the pair of
 *     locks)
 * @param message the details for a person: both lock instances, both labels, both values
 * @param step the 1-based step after which it was detected (0: before any step)
 */
public record Failure(Violation violation, String message, int step) {

    static Failure of(ViolationKind kind, String name, String message, int step) {
        return new Failure(new Violation(kind, name), message, step);
    }

    public ViolationKind kind() {
        return violation.kind();
    }

    @Override
    public String toString() {
        return violation + " after step " + step + ": " + message;
    }
}
