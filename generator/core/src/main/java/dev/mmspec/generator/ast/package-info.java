/**
 * The spec as written: one immutable node per grammar rule, each with its source span. May depend on diag and lang
 * only: it knows neither the parser that builds it nor the IR.
 *
 * <p>Expressions and statements are {@link dev.mmspec.generator.ast.ExpressionSyntax} and
 * {@link dev.mmspec.generator.ast.StatementSyntax}, so that the checkers and the resolver, which hold an AST node and
 * an IR node side by side, never read the IR's {@code Expr} and {@code Stmt} for them.
 */
package dev.mmspec.generator.ast;
