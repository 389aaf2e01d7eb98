package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/** The target of {@code :=}. */
public sealed interface LValue {
    Span span();

    /**
     * {@code pte[a].writable}, {@code pte[a]} (whole record, with a record literal on the right),
     * {@code dma_expected[a]}.
     *
     * @param indices one expression per dimension
     * @param field the record field, or null for the whole element
     */
    record StateTarget(StateVar state, List<Expr> indices, String field, Span span) implements LValue {
        public StateTarget {
            indices = List.copyOf(indices);
        }
    }

    /** An operation-local {@code var} ({@code f := c}). */
    record LocalTarget(Var local, Span span) implements LValue {}
}
