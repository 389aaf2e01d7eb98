package dev.mmspec.generator.check;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unmodifiable copies that keep what the checkers rely on: file order for names ({@link #map}), identity for AST nodes
 * ({@link #identity}: two equal-looking nodes are still two places). A phase hands on only such copies, so no later
 * phase can change what an earlier one decided.
 */
final class Frozen {
    private Frozen() {}

    static <K, V> Map<K, V> map(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <K, V> Map<K, V> identity(Map<K, V> map) {
        return Collections.unmodifiableMap(new IdentityHashMap<>(map));
    }

    static <T> Set<T> set(Set<T> set) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    static <T> List<T> list(List<T> list) {
        return List.copyOf(list);
    }
}
