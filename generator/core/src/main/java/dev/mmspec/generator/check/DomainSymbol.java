package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;

/**
 * A declared domain as the checkers know it ({@code domain Folio = 0..2}, or the built-in {@code Task});
 * {@code resolve} makes the IR's {@code Domain} from it, once. The components are the IR domain's.
 */
public record DomainSymbol(String name, int low, int high, Span span) {
    public int size() {
        return high - low + 1;
    }
}
