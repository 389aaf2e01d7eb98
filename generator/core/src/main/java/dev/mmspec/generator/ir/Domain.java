package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/** {@code domain Folio = 0..2}: a bounded set of indices. The built-in {@code Task} is one too. */
public record Domain(String name, int low, int high, Span span) {
    public int size() {
        return high - low + 1;
    }
}
