package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;

/**
 * {@code ref: 0..MAX_REF = 1}: a record field, or (with {@link TypeRef.InlineRecord}) a field of an inline state
 * record.
 *
 * @param initial the declared default, or null
 */
public record FieldDecl(Ident name, TypeRef type, ExpressionSyntax initial, Span span) implements Node {}
