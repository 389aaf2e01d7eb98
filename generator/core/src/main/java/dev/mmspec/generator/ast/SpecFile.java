package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A whole spec file: {@code spec NAME "title"}, an optional {@code source "..."} and the declarations in file order.
 *
 * @param source the {@code source} line's text, or ""
 */
public record SpecFile(Ident name, String title, String source, List<Declaration> declarations, Span span)
        implements Node {
    public SpecFile {
        declarations = List.copyOf(declarations);
    }
}
