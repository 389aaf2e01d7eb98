/**
 * Builds the IR ({@link dev.mmspec.generator.ir.Spec}) from a checked spec with no errors: the AST read through the
 * checkers' frozen analysis. May depend on ast, check, diag, ir and lang.
 */
package dev.mmspec.generator.resolve;
