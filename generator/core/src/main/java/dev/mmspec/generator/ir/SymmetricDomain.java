package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/**
 * {@code symmetry Folio}: the elements of a declared domain are interchangeable, so the explorer may treat states that
 * differ only by a renaming of them as one. The checker has refused what would tell elements apart in a step or
 * invariant; what only the running step can tell ({@code choose} and {@code alloc} take the lowest fitting element) the
 * generated model checks.
 */
public record SymmetricDomain(Domain domain, Span span) {}
