package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/** {@code fix swap_pte_exclusive "1493a1913e34 ..."}; {@code index} is its bit in a fix mask. */
public record Fix(String name, String source, int index, Span span) {}
