package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/** {@code enum PteKind { none, present, swap }}; a literal's value is its ordinal. */
public record EnumDecl(String name, List<String> literals, Span span) {
    public EnumDecl {
        literals = List.copyOf(literals);
    }
}
