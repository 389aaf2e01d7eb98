package dev.mmspec.generator.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.diag.Codes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every diagnostic the front end can emit is explained in the reference, with a fix. */
class ExplanationsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path REFERENCE = Path.of("../../docs/language.md");
    private static final Pattern CODE_USE = Pattern.compile("Codes\\.([A-Z_]+)\\b");
    private static final Pattern CODE_LITERAL = Pattern.compile("\"(MM\\d{4})\"");

    /** The codes the sources report: every {@code Codes.X} outside the enum itself, and any literal code. */
    static Set<String> codesInSources(Path root) throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.endsWith(Path.of("diag", "Codes.java"))) {
                    continue;
                }
                String text = Files.readString(file);
                Matcher use = CODE_USE.matcher(text);
                while (use.find()) {
                    Codes c = constant(use.group(1));
                    if (c != null) {
                        codes.add(c.code());
                    }
                }
                Matcher literal = CODE_LITERAL.matcher(text);
                while (literal.find()) {
                    codes.add(literal.group(1));
                }
            }
        }
        return codes;
    }

    private static Codes constant(String name) {
        for (Codes c : Codes.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null; // a method of Codes (Codes.byCode), not a constant
    }

    @Test
    void everyCodeTheCheckersEmitHasAnEntryWithAFix() throws IOException {
        Set<String> emitted = codesInSources(SOURCES);
        assertTrue(emitted.size() >= 40, "the scan found too few codes to be looking at the checkers: " + emitted);
        Explanations explanations = Explanations.load();
        for (String code : emitted) {
            var entry = explanations.get(code);
            assertTrue(
                    entry.isPresent(),
                    code + " is reported by the sources but has no '### " + code + "' entry in docs/language.md");
            assertTrue(
                    entry.get().text().contains("**Fix:**"),
                    code + "'s entry says no fix:\n" + entry.get().text());
        }
    }

    @Test
    void everyEntryIsADeclaredCodeUnderItsCheckName() {
        for (Explanations.Entry entry : Explanations.load().all().values()) {
            Codes code = Codes.byCode(entry.code());
            assertTrue(code != null, entry.code() + " is explained but not declared in Codes");
            assertEquals(code.checkName(), entry.checkName(), entry.code());
        }
        for (Codes code : Codes.values()) {
            assertTrue(
                    Explanations.load().get(code.code()).isPresent(), code.code() + " is declared but not explained");
        }
    }

    @Test
    void aMissingEntryIsFound() throws IOException {
        // The guard of the test above, switched off: the reference without MM0401's entry.
        String text = Files.readString(REFERENCE).replace("### MM0401 GuardNotHeld", "### Guard not held");
        assertFalse(Explanations.parse(text).get("MM0401").isPresent());
        assertTrue(Explanations.parse(text).get("MM0402").isPresent());
    }

    @Test
    void thePackagedReferenceIsTheDocsFile() throws IOException {
        try (var in = Explanations.class.getResourceAsStream(Explanations.RESOURCE)) {
            assertEquals(
                    Files.readString(REFERENCE),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
