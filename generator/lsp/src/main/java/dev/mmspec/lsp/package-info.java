/**
 * The language server: runs the front end on every keystroke and answers the Language Server Protocol from the AST and
 * the checkers' frozen analysis. May depend on the generator front end (facade, ast, check, diag, docs, ir, lang);
 * never on the back end or the engine.
 */
package dev.mmspec.lsp;
