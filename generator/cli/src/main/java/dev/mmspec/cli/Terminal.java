package dev.mmspec.cli;

import dev.mmspec.engine.trace.DiagramStyle;

/**
 * What the CLI knows about where it prints: a terminal gets its width and colour (unless NO_COLOR), anything else plain
 * text.
 */
final class Terminal {
    private Terminal() {}

    static DiagramStyle style() {
        return DiagramStyle.detect(System.console() != null, System.getenv());
    }
}
