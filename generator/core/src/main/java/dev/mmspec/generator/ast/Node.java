package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;

/** Every AST node knows the spec text it came from (1-based), so every diagnostic can cite it. */
public interface Node {
    Span span();
}
