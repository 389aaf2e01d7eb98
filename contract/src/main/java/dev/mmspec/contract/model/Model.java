package dev.mmspec.contract.model;

/**
 * A spec's state machine over packed states, as the generator emits it.
 *
 * <p>A state is a {@code long[]} of {@link ModelInfo#stateWords()} words; every variable of the spec (state, ghost
 * state, lock owners, each task's operation, program counter, parameters and locals) is a bit field in it, described by
 * {@link ModelInfo#slots()}. Implementations hold no mutable state: the switched-off fixes are fixed at construction,
 * so one instance may be shared by every worker thread of the explorer.
 *
 * <p>Transitions are identified by an <em>action</em> number in {@code [0, info().actions().size())}. Each action
 * belongs to one task: either "continue the operation in progress with its next step" or "start operation
 * {@code op(args)} and run its first step". A task that is idle may take any of its start actions; a task in the middle
 * of an operation may only continue.
 */
public interface Model {

    /** Result of {@link #apply}: the action is not enabled (a {@code require} or a lock blocks it). */
    int DISABLED = -1;

    /** Result of {@link #apply}: the step ran normally and produced no observable outcome. */
    int NO_OUTCOME = 0;

    /** Static description: names, slots, actions, invariants, fixes, scenarios, expectations. */
    ModelInfo info();

    /** Bit mask of the fixes switched off in this instance (bit i is {@code info().fixes().get(i)}). */
    long fixesOff();

    /** Writes the initial state into {@code out} (length {@code info().stateWords()}). */
    void initialState(long[] out);

    /**
     * Applies {@code action} to {@code src} and writes the successor into {@code dst} ({@code src} is never modified;
     * {@code dst} may be written even when the action turns out disabled).
     *
     * @return {@link #DISABLED}; or {@code >= 0}: the step ran, and the value is the id of the observable outcome it
     *     produced ({@link #NO_OUTCOME}, or an index into {@code info().outcomes()} plus one); or {@code <= -2}: the
     *     step hit a model error ({@code info().errors().get(-2 - result)}: a value out of its bounds, a guarded field
     *     written without its lock, a lock taken against the order, a failed {@code assert}).
     */
    int apply(long[] src, int action, long[] dst);

    /**
     * Whether {@link #apply} records footprints: given a {@code dst} of {@code 3 * info().stateWords()} longs, it
     * leaves the successor in the first {@code stateWords} and ORs into the next two thirds every bit of the state the
     * step read and every bit it wrote (the caller zeroes them first; see {@link Packed}). Two steps of different
     * tasks, both enabled in a state, of which neither writes what the other reads or writes, commute there: that is
     * what the explorer's sleep sets rely on. Not recorded: the task's own lock-ownership checks, which no other task
     * can change. Generated models record; hand-written ones need not.
     */
    default boolean recordsFootprints() {
        return false;
    }

    /**
     * @return the index into {@code info().invariants()} of the first invariant that is violated in {@code state}
     *     (honouring each invariant's {@code when} qualifier), or -1 if all hold.
     */
    int violatedInvariant(long[] state);

    /**
     * {@link #violatedInvariant(long[])} for a successor of {@code before}, a state in which every invariant holds: a
     * generated model evaluates only the invariants that read a slot whose value differs between the two (the others
     * cannot have changed). The answer is the same.
     */
    default int violatedInvariant(long[] before, long[] state) {
        return violatedInvariant(state);
    }

    /** @return whether {@code invariant} is violated in {@code state} (qualifier honoured). */
    boolean violates(long[] state, int invariant);

    /** @return the task of {@code action}. */
    default int taskOf(int action) {
        return info().actions().get(action).task();
    }

    /** @return whether {@code task} is idle (between operations) in {@code state}. */
    boolean idle(long[] state, int task);

    /**
     * @return index into {@code info().steps()} of the step {@code task} will run next in {@code state}, or -1 if it is
     *     idle.
     */
    int nextStep(long[] state, int task);

    /**
     * Rewrites {@code state} into the representative of its class under the spec's {@code symmetry} declarations (a
     * permutation of interchangeable tasks, or of a domain's elements, with every reference to one renamed). The
     * explorer stores and expands representatives only; {@link #apply} never canonicalizes, so traces replay on the
     * concrete model. The default does nothing (no symmetry).
     */
    default void canonicalize(long[] state) {}

    /**
     * Like {@link #canonicalize}, but always to the one representative of the state's class, so that two states are in
     * one class exactly when their exact representatives are equal. {@link #canonicalize} maps a state into its class
     * but, with tasks and a domain both symmetric, not always to the same representative (the search then only stores a
     * few more states); this one tries every permutation of the symmetric domains, a cost that grows with their
     * factorial, for turning a counterexample found over representatives back into concrete steps, and for tests. The
     * default is {@link #canonicalize}, exact without symmetric domains.
     */
    default void canonicalizeExactly(long[] state) {
        canonicalize(state);
    }
}
