package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;

/**
 * {@code guard folio[f].exclusive by folio_lock[f]}: writing the field (or, with a null field, any field of the
 * element) requires holding the lock instance.
 *
 * @param field the guarded field, or null for the whole element / scalar
 * @param lockIndexDimension which of the state variable's index positions gives the lock instance ({@code pte[a] by
 *     ptl[a]}: 0), or -1 for a lock without a domain
 * @param mode for an rwsem, the mode that must be held (WRITE means write only; READ means either)
 * @param fixedInstance {@code guard vma by anon_vma_rwsem[ROOT]}: the one lock instance every write needs, as a domain
 *     value (lockIndexDimension is then -1); {@link #NO_FIXED_INSTANCE} otherwise
 */
public record Guard(
        StateVar state, String field, Lock lock, int lockIndexDimension, LockMode mode, Span span, int fixedInstance) {
    public static final int NO_FIXED_INSTANCE = Integer.MIN_VALUE;

    public Guard(StateVar state, String field, Lock lock, int lockIndexDimension, LockMode mode, Span span) {
        this(state, field, lock, lockIndexDimension, mode, span, NO_FIXED_INSTANCE);
    }

    public boolean hasFixedInstance() {
        return fixedInstance != NO_FIXED_INSTANCE;
    }
}
