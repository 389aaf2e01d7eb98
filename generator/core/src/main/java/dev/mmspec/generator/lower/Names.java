package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Var;
import java.util.List;
import java.util.Locale;

/**
 * The Java locals of a generated model: the spec's variables ({@code v_<name>}) and the generator's temporaries, all
 * from one {@link NameAllocator}, so a variable bound twice, or two whose names sanitize alike, get numbered suffixes.
 * Also the casing helpers the back end derives suggestions with (suggestions only: a {@link NameAllocator} decides).
 */
final class Names {
    private final NameAllocator locals = new NameAllocator(List.of());

    String of(Var v) {
        return locals.has(v) ? locals.get(v) : locals.newName("v_" + v.name(), v);
    }

    String fresh(String base) {
        return locals.newName(base);
    }

    /** {@code anon_exclusive} → {@code AnonExclusive}. */
    static String pascal(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("[_\\-]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** {@code gup_get} → {@code gupGet}. */
    static String camel(String snake) {
        String p = pascal(snake);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    /** {@code PteKind}, {@code present} → {@code PTE_KIND_PRESENT}. */
    static String constant(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (out.length() > 0) {
                out.append('_');
            }
            out.append(part.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        }
        return out.toString();
    }
}
