/**
 * The checkers, one per concern, in two phases: the declarations into a frozen
 * {@link dev.mmspec.generator.check.SymbolTable}, then each attributing concern (types, locks, symmetry, scenarios)
 * into its own frozen result, gathered in {@link dev.mmspec.generator.check.Analysis}. The checkers have their own
 * symbols and {@link dev.mmspec.generator.check.ValueType}; {@code resolve} builds the IR from them. May depend on ast,
 * diag and lang; never on ir, resolve or the back end.
 */
package dev.mmspec.generator.check;
