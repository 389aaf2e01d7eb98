package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;

/** A name as written, with its place: declarations and references both keep it for diagnostics. */
public record Ident(String name, Span span) implements Node {
    @Override
    public String toString() {
        return name;
    }
}
