/**
 * The spec as written: one immutable node per grammar rule, each with its source span. May depend
 * on diag and lang only: it knows neither the parser that builds it nor the IR.
 */
package dev.mmspec.generator.ast;
