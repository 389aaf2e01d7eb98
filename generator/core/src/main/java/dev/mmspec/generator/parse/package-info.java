/**
 * Spec text to AST: the ANTLR parser with error recovery, the AST builder and the procedure inliner. May depend on the
 * grammar, ast, diag and lang; never on check or the IR.
 */
package dev.mmspec.generator.parse;
