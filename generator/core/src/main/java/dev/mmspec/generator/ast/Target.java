package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * The left side of {@code :=}: {@code pte[a].writable}, {@code folio[n]}, {@code f}.
 *
 * @param field the field, or null
 */
public record Target(Ident name, List<ExpressionSyntax> indices, Ident field, Span span) implements Node {
    public Target {
        indices = List.copyOf(indices);
    }
}
