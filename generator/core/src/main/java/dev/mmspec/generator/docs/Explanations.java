package dev.mmspec.generator.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explanation of every diagnostic code, read from the "Diagnostics" section of {@code docs/language.md}, which the
 * build packages as a resource: the reference a newcomer reads and the text {@code bin/mmspec explain MM0401} prints
 * are one source and cannot drift.
 *
 * <p>An entry is a heading {@code ### MM0401 GuardNotHeld} and the paragraphs up to the next heading.
 */
public final class Explanations {
    static final String RESOURCE = "/dev/mmspec/generator/docs/language.md";
    private static final Pattern HEADING = Pattern.compile("^### (MM\\d{4}) (\\w+)\\s*$", Pattern.MULTILINE);
    private static final Pattern NEXT_HEADING = Pattern.compile("^#{1,3} ", Pattern.MULTILINE);

    /** One code's entry. */
    public record Entry(String code, String checkName, String text) {}

    private final Map<String, Entry> entries;

    private Explanations(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** @return the explanations packaged with mmspec */
    public static Explanations load() {
        try (InputStream in = Explanations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the language reference " + RESOURCE + " is missing from the class path: a packaging bug");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the entries of a reference text; headings outside the form above are not entries. */
    public static Explanations parse(String markdown) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            int start = heading.end();
            Matcher next = NEXT_HEADING.matcher(markdown);
            int end = next.find(start) ? next.start() : markdown.length();
            entries.put(
                    heading.group(1),
                    new Entry(
                            heading.group(1),
                            heading.group(2),
                            markdown.substring(start, end).strip()));
        }
        return new Explanations(entries);
    }

    public Optional<Entry> get(String code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** @return every entry by code, in the order of the reference */
    public Map<String, Entry> all() {
        return entries;
    }
}
