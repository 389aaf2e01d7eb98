package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/** {@code expect without swap_pte_exclusive violates no_lost_dma}. */
public record Expectation(Fix fix, Invariant invariant, Span span) {}
