package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A declared enum as the checkers know it ({@code enum PteKind { none, present, swap }}); a literal's value is its
 * ordinal. {@code resolve} makes the IR's {@code EnumDecl} from it, once.
 */
public record EnumSymbol(String name, List<String> literals, Span span) {
    public EnumSymbol {
        literals = List.copyOf(literals);
    }
}
