package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.ExpectedResult;
import java.util.List;

/**
 * {@code scenario cover_letter without swap_pte_exclusive { app: gup_get(0); ... } expect violates no_lost_dma}.
 *
 * @param fixesOff the fixes switched off ({@code with all fixes}: empty)
 * @param expectedInvariant for VIOLATES, the invariant; else null
 * @param expectedOutcome for OUTCOME, the outcome name; else null
 */
public record Scenario(
        String name,
        List<Fix> fixesOff,
        List<Entry> entries,
        ExpectedResult expected,
        Invariant expectedInvariant,
        String expectedOutcome,
        Span span) {
    public Scenario {
        fixesOff = List.copyOf(fixesOff);
        entries = List.copyOf(entries);
    }

    /**
     * {@code app: swap_out(0).unmap;}: the task starts the operation if it is idle, and runs it through {@code through}
     * (to its end when null).
     *
     * @param arguments argument values (domain values, enum ordinals, 0/1 for bool)
     */
    public record Entry(Task task, Operation operation, List<Integer> arguments, Step through, Span span) {
        public Entry {
            arguments = List.copyOf(arguments);
        }
    }
}
