package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockKind;
import java.util.List;

/**
 * {@code lock ptl[Addr]: spinlock per pte_table}.
 *
 * @param domain the domain of instances, or null for a single lock
 * @param granularity the word after {@code per} ({@code folio}, {@code pte_table}, {@code mm}, ...)
 * @param rank position in one topological order of the global {@code order} (0 = outermost), or -1 if no order mentions
 *     it; a total order that the spec does not state, so it never decides whether an acquisition is against the order
 *     ({@code after} does)
 * @param after the locks the order puts after this one, transitively, in the order the spec first names them: taking
 *     this lock while holding one of them is an order violation; a lock the order does not relate to this one is in
 *     neither this list nor the other's
 * @param orderedByIndex {@code order NAME by index}: a task may hold several instances, taken in ascending index order;
 *     taking one below an instance it holds is an order violation
 */
public record Lock(
        String name,
        LockKind kind,
        Domain domain,
        String granularity,
        int rank,
        List<String> after,
        boolean orderedByIndex,
        Span span) {
    public Lock {
        after = List.copyOf(after);
    }

    public int instances() {
        return domain == null ? 1 : domain.size();
    }
}
