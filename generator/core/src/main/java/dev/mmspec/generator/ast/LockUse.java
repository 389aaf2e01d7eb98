package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;

/**
 * A lock instance named in a statement or expression: {@code ptl[a]}, {@code mmap_lock read}.
 *
 * @param index the instance, or null
 * @param access READ or WRITE as written (rwsem), or null when not written
 */
public record LockUse(Ident lock, ExpressionSyntax index, LockMode access, Span span) implements Node {}
