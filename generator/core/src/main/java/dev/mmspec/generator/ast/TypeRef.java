package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/** A type as written. Which names are domains, enums or records is the checker's business. */
public sealed interface TypeRef extends Node {

    record Bool(Span span) implements TypeRef {}

    /** {@code int}: parses so that the checker can say it is unbounded. */
    record Int(Span span) implements TypeRef {}

    /** {@code low..high} with constant bounds. */
    record Range(ExpressionSyntax low, ExpressionSyntax high, Span span) implements TypeRef {}

    /** {@code Folio?}: a domain value or none. */
    record Optional(Ident domain, Span span) implements TypeRef {}

    /** A domain, enum or record name. */
    record Named(Ident name, Span span) implements TypeRef {}

    /** {@code state folio[Folio] { ref: 0..4 ... }}: the anonymous record of an inline state. */
    record InlineRecord(List<FieldDecl> fields, Span span) implements TypeRef {
        public InlineRecord {
            fields = List.copyOf(fields);
        }
    }
}
