package dev.mmspec.generator.lower;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Hands out the Java identifiers of one namespace (a class's members, a method's locals, a package's classes), after
 * JavaPoet's {@code NameAllocator}: every spec-derived name the back end emits comes from one, so two spec names that
 * map to the same Java text ({@code page { ref }} and {@code page_ref}) still get two names.
 *
 * <p>A suggestion becomes a name in four deterministic moves: characters Java does not allow in an identifier become
 * {@code _}; a Java keyword, literal or restricted identifier ({@code class}, {@code _}, {@code var}, {@code record})
 * gets a trailing {@code _}; a name longer than {@link #MAX_BYTES} UTF-8 bytes is cut and ends in a hash of the whole
 * suggestion (so it stays the same from run to run, and class file names stay far below the file system's 255 bytes); a
 * name already taken gets {@code _2}, {@code _3}, ... in the order names are asked for. With {@code caseInsensitive},
 * names that differ only in case count as taken too: class files on macOS and Windows file systems.
 */
public final class NameAllocator {
    /** Longest name, in UTF-8 bytes: a class name plus its longest suffix and ".class" stays below 255. */
    static final int MAX_BYTES = 96;

    private static final Set<String> RESTRICTED = Set.of("var", "yield", "record", "sealed", "permits", "_");

    /** Object's methods: every generated class has them, so no spec name may take one. */
    private static final List<String> OBJECT_METHODS =
            List.of("equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    /** @return {@code members} and Object's methods, the names a generated class already holds. */
    static List<String> withObjectMethods(List<String> members) {
        List<String> all = new ArrayList<>(members);
        all.addAll(OBJECT_METHODS);
        return List.copyOf(all);
    }

    private final Set<String> taken = new HashSet<>();
    private final Map<Object, String> byTag = new HashMap<>();
    private final boolean caseInsensitive;

    /** @param reserved names this namespace already holds (the generator's own members) */
    public NameAllocator(List<String> reserved, boolean caseInsensitive) {
        this.caseInsensitive = caseInsensitive;
        reserved.forEach(r -> taken.add(key(r)));
    }

    public NameAllocator(List<String> reserved) {
        this(reserved, false);
    }

    /** @return a new name for {@code suggestion}, remembered under {@code tag} (which must be new). */
    public String newName(String suggestion, Object tag) {
        if (byTag.containsKey(tag)) {
            throw new IllegalArgumentException("tag " + tag + " already has the name " + byTag.get(tag));
        }
        String name = newName(suggestion);
        byTag.put(tag, name);
        return name;
    }

    /** @return a new name for {@code suggestion}, not remembered (a temporary). */
    public String newName(String suggestion) {
        String base = shorten(escapeKeyword(sanitize(suggestion)), suggestion, MAX_BYTES);
        String name = base;
        for (int i = 2; !taken.add(key(name)); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** @return the name handed out for {@code tag}. */
    public String get(Object tag) {
        String name = byTag.get(tag);
        if (name == null) {
            throw new IllegalArgumentException("no name allocated for " + tag);
        }
        return name;
    }

    /** @return whether {@code tag} has a name. */
    public boolean has(Object tag) {
        return byTag.containsKey(tag);
    }

    private String key(String name) {
        return caseInsensitive ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** @return {@code suggestion} with every character Java rejects in an identifier as {@code _}. */
    static String sanitize(String suggestion) {
        StringBuilder out = new StringBuilder(suggestion.length());
        suggestion.codePoints().forEach(cp -> {
            if (out.length() == 0
                    && !Character.isJavaIdentifierStart(cp)
                    && Character.isJavaIdentifierPart(cp)
                    && !Character.isIdentifierIgnorable(cp)) {
                out.append('_'); // "1x" -> "_1x", not "_x"
            }
            // Identifier-ignorable characters (format controls) are legal but invisible: replaced too.
            boolean ok = Character.isJavaIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
            out.appendCodePoint(ok ? cp : '_');
        });
        return out.length() == 0 ? "_" : out.toString();
    }

    static String escapeKeyword(String name) {
        return SourceVersion.isKeyword(name) || RESTRICTED.contains(name) ? name + "_" : name;
    }

    /**
     * @return {@code name}, or, if it is longer than {@code maxBytes} in UTF-8, its first characters and a stable hash
     *     of {@code whole}
     */
    static String shorten(String name, String whole, int maxBytes) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return name;
        }
        String hash = "_" + hash(whole);
        StringBuilder out = new StringBuilder();
        int bytes = hash.length();
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out + hash;
    }

    /** FNV-1a over the UTF-8 bytes, 64 bits as 16 hex digits: stable across JVMs, unlike String.hashCode's spread. */
    static String hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
