package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Var;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Java identifiers for spec names. Spec names are prefixed, so they never collide with Java
 * keywords or with the generated model's own members; a variable bound twice in one method gets a
 * numbered suffix (after JavaPoet's NameAllocator).
 */
final class Names {
    private final Map<Var, String> vars = new IdentityHashMap<>();
    private final Set<String> taken = new HashSet<>();

    String of(Var v) {
        return vars.computeIfAbsent(v, k -> {
            String base = "v_" + k.name().replace('.', '_'); // a record var's field: old.kind
            String name = base;
            for (int i = 2; !taken.add(name); i++) {
                name = base + "_" + i;
            }
            return name;
        });
    }

    String fresh(String base) {
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
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

    /** A Java string literal for {@code text}. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
