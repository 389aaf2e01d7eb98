package dev.mmspec.engine.trace;

/**
 * Why a trace is interesting. The explorer finds the first three on the model alone; the property engine adds the ones
 * that need the implementation (lockstep).
 */
public enum ViolationKind {
    /** A spec invariant is false in the last state. */
    INVARIANT,
    /** The last step hit a model error (a value out of bounds, a failed assert, ...). */
    MODEL_ERROR,
    /** No action is enabled while some task is in the middle of an operation. */
    DEADLOCK,
    /**
     * The implementation stopped at a different step, returned a different outcome or has a different abstract state.
     */
    CONFORMANCE,
    /** The implementation took a lock against the spec's order. */
    LOCK_ORDER,
    /** The implementation changed a guarded field without holding its guard lock. */
    GUARD,
    /** The implementation could not run the step (it blocked, threw or timed out). */
    IMPLEMENTATION_FAILURE
}
