package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockKind;

/**
 * {@code lock ptl[Addr]: spinlock per pte_table}.
 *
 * @param domain the domain of instances, or null for a single lock
 * @param granularity the word after {@code per} ({@code folio}, {@code pte_table}, {@code mm}, ...)
 * @param rank position in the global {@code order} (0 = outermost), or -1 if no order mentions it
 * @param orderedByIndex {@code order NAME by index}: a task may hold several instances, taken in
 *     ascending index order; taking one below an instance it holds is an order violation
 */
public record Lock(String name, LockKind kind, Domain domain, String granularity, int rank, boolean orderedByIndex, Span span) {
    public int instances() {
        return domain == null ? 1 : domain.size();
    }
}
