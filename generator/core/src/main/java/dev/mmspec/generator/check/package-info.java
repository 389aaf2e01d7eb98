/**
 * The checkers, one per concern, in two phases: the declarations into a frozen
 * {@link dev.mmspec.generator.check.SymbolTable}, then each attributing concern (types, locks, symmetry, scenarios)
 * into its own frozen result, gathered in {@link dev.mmspec.generator.check.Analysis}. May depend on ast, diag, ir (the
 * declarations are IR objects) and lang; never on resolve or the back end.
 */
package dev.mmspec.generator.check;
