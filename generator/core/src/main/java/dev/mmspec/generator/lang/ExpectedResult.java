package dev.mmspec.generator.lang;

/**
 * What a scenario expects: {@code expect holds} (every invariant), {@code expect violates INV} or {@code expect outcome
 * NAME}.
 */
public enum ExpectedResult {
    HOLDS,
    VIOLATES,
    OUTCOME
}
