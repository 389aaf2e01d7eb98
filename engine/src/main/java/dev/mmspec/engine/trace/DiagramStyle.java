package dev.mmspec.engine.trace;

import java.util.Map;

/**
 * How a race diagram is laid out for where it is printed: the width it must fit and whether it may use colour. A
 * terminal gets its width ({@code COLUMNS}) and colour unless {@code NO_COLOR} is set (https://no-color.org); anything
 * else (a file, the Maven log, a test message) gets 100 columns and no escape codes, so that logs stay plain text.
 *
 * @param width the columns the diagram should fit (cells wrap; a long name may still overflow)
 * @param colour whether to use ANSI colour
 */
public record DiagramStyle(int width, boolean colour) {
    /** Width when the output is not a terminal. */
    public static final int DEFAULT_WIDTH = 100;

    public DiagramStyle {
        if (width < 20) {
            throw new IllegalArgumentException("a diagram needs at least 20 columns, was " + width);
        }
    }

    /** @return 100 columns, no colour: logs, files, test messages. */
    public static DiagramStyle plain() {
        return new DiagramStyle(DEFAULT_WIDTH, false);
    }

    /**
     * @param terminal whether the output is a terminal ({@code System.console() != null})
     * @param environment the process environment ({@code System.getenv()})
     */
    public static DiagramStyle detect(boolean terminal, Map<String, String> environment) {
        if (!terminal) {
            return plain();
        }
        int width = DEFAULT_WIDTH;
        String columns = environment.get("COLUMNS");
        if (columns != null) {
            try {
                width = Math.max(20, Integer.parseInt(columns.strip()));
            } catch (NumberFormatException e) {
                // a malformed COLUMNS is the shell's business: keep the default
            }
        }
        String noColor = environment.get("NO_COLOR");
        return new DiagramStyle(width, noColor == null || noColor.isEmpty());
    }

    String bold(String text) {
        return colour ? "\u001b[1m" + text + "\u001b[0m" : text;
    }

    String red(String text) {
        return colour ? "\u001b[1;31m" + text + "\u001b[0m" : text;
    }

    String dim(String text) {
        return colour ? "\u001b[2m" + text + "\u001b[0m" : text;
    }
}
