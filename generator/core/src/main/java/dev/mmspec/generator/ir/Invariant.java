package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;

/**
 * {@code invariant name "description" when <qualifier>: <body>}.
 *
 * @param when the qualifier, or null: the invariant must hold in every reachable state (between steps); with one, only
 *     in states where the qualifier is true
 * @param text the body as written in the spec (whitespace normalised), for reports
 * @param whenText the qualifier as written, or ""
 */
public record Invariant(
        String name, String description, Expr when, Expr body, String text, String whenText, int index, Span span) {}
