/**
 * The resolved model: what the front end hands the back end once a spec has no errors. Every name is resolved to its
 * declaration, every expression carries its type, constants are folded, and every node keeps the span of the spec text
 * it came from (generated code cites spec lines). May depend on diag and lang only: the front end builds it, the back
 * end reads it.
 *
 * <p>Identity matters here: a {@link dev.mmspec.generator.ir.Var} or {@link dev.mmspec.generator.ir.StateVar}
 * referenced from an expression is the same instance as its declaration, so the back end may compare them with
 * {@code ==} and use them as map keys.
 */
package dev.mmspec.generator.ir;
