package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;

/**
 * A valid {@code guard} declaration, as the checkers attribute it: names and positions, no IR object ({@code resolve}
 * builds the IR's {@code Guard} from it, with the table's state variable and lock).
 *
 * @param state the guarded state variable's name
 * @param field the guarded field, or null for the whole element / scalar
 * @param lock the lock's name
 * @param lockIndexDimension which of the state variable's index positions gives the lock instance, or -1
 * @param mode for an rwsem, the mode that must be held (WRITE means write only; READ means either)
 * @param fixedInstance the one lock instance every write needs, as a domain value, or {@link #NO_FIXED_INSTANCE}
 * @param fixedName the constant a fixed instance was written with ({@code ROOT}), or null
 * @param span the declaration
 */
public record GuardRule(
        String state,
        String field,
        String lock,
        int lockIndexDimension,
        LockMode mode,
        int fixedInstance,
        String fixedName,
        Span span) {
    /** The {@link #fixedInstance} of a guard without one (its lock instance comes from an index, or there is one). */
    public static final int NO_FIXED_INSTANCE = Integer.MIN_VALUE;

    public boolean hasFixedInstance() {
        return fixedName != null;
    }
}
