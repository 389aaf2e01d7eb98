package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockKind;
import java.util.List;

/**
 * A declared lock as the checkers know it ({@code lock ptl[Addr]: spinlock per pte_table}); {@code resolve} makes the
 * IR's {@code Lock} from it, once. The components are the IR lock's (see {@code ir.Lock}).
 *
 * @param domain the domain of instances, or null for a single lock
 * @param granularity the word after {@code per}
 * @param rank position in one topological order of the global {@code order}, or -1; for display only
 * @param after the locks the order puts after this one, transitively
 * @param orderedByIndex {@code order NAME by index}
 */
public record LockSymbol(
        String name,
        LockKind kind,
        DomainSymbol domain,
        String granularity,
        int rank,
        List<String> after,
        boolean orderedByIndex,
        Span span) {
    public LockSymbol {
        after = List.copyOf(after);
    }

    public int instances() {
        return domain == null ? 1 : domain.size();
    }
}
