package dev.mmspec.generator;

import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.check.Analysis;

/**
 * The front end's whole result for tools that need more than the IR, such as the language server's go-to-definition:
 * the AST and what the checkers learned about it, beside the usual result.
 *
 * @param ast the parsed file, or null when it has syntax errors (they are in {@code result})
 * @param analysis the checkers' symbol table and bindings, or null when there is no AST; present even when the checkers
 *     found errors, so that names still resolve in a spec being edited
 * @param result what {@link SpecCompiler#compile(String, String)} returns for the same text
 */
public record AnalysedSpec(SpecFile ast, Analysis analysis, CompileResult result) {}
