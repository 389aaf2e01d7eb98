/**
 * The {@code mmspec} command line: check, generate, explore, replay, export, explain, campaign and lsp. May depend on
 * every generator package, the lsp, the model contract and the engine.
 */
package dev.mmspec.cli;
