package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/**
 * {@code guard folio[f].exclusive by folio_lock[f]}: writing the field (or, with a null field, any
 * field of the element) requires holding the lock instance.
 *
 * @param field the guarded field, or null for the whole element / scalar
 * @param lockIndexDimension which of the state variable's index positions gives the lock instance
 *     ({@code pte[a] by ptl[a]}: 0), or -1 for a lock without a domain
 * @param mode for an rwsem, the mode that must be held (WRITE means write only; READ means either)
 */
public record Guard(StateVar state, String field, Lock lock, int lockIndexDimension, LockRef.Mode mode, Span span) {}
