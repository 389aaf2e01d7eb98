package dev.mmspec.engine.property;

import java.util.Locale;

/**
 * Seeds as people see and type them. Every seed mmspec prints ({@link #format}) is read back by {@link #parse} to the
 * same long, the top bit included: {@code Long.getLong} silently returned its default for {@code 0x8000000000000001}
 * (past {@code Long.MAX_VALUE} as a signed number) and for any typo, so a rerun quietly ran another campaign.
 */
public final class Seeds {
    private Seeds() {}

    /** @return {@code seed} as {@code 0x} and its 64 bits in hex, the form every report prints */
    public static String format(long seed) {
        return "0x" + Long.toHexString(seed);
    }

    /**
     * @param text a decimal long ({@code -120316401510081}, a trailing {@code L} allowed) or {@code 0x} and 1 to 16 hex
     *     digits, read as 64 unsigned bits
     * @throws IllegalArgumentException quoting {@code text} when it is neither
     */
    public static long parse(String text) {
        String t = text.strip();
        if (t.endsWith("L") || t.endsWith("l")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("0x") && t.length() > 2 && t.length() <= 18) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (!lower.startsWith("0x")) {
                return Long.parseLong(t);
            }
        } catch (NumberFormatException e) {
            // reported below, with what a seed looks like
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a seed: write a decimal long or 0x and up to 16 hex digits" + " (e.g. "
                        + format(0x8000000000000001L) + ")");
    }

    /**
     * @return the seed the system property {@code name} gives ({@code -Dmmspec.seed=0x...}), or {@code fallback} when
     *     unset
     * @throws IllegalArgumentException naming the property when its value is not a seed
     */
    public static long fromProperty(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + ": " + e.getMessage(), e);
        }
    }
}
