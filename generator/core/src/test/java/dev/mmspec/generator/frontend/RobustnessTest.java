package dev.mmspec.generator.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No input may throw: truncations and mutations of the real spec, junk, and unreadable files all come back as
 * diagnostics, and never as the internal-error code.
 */
class RobustnessTest {
    static final Path REAL_SPEC = Path.of("../../spec/anon_exclusive.mmspec");

    private final SpecCompiler compiler = new SpecCompiler();

    @Test
    void everyTruncationOfTheRealSpecIsReportedWithoutThrowing() throws IOException {
        String text = Files.readString(REAL_SPEC);
        for (int end = 0; end < text.length(); end += end < 300 ? 1 : 11) {
            check(text.substring(0, end), "prefix of " + end + " chars");
        }
        for (int start = 1; start < text.length(); start += 97) {
            check(text.substring(start), "suffix from " + start);
        }
    }

    @Test
    void mutationsOfTheRealSpecAreReportedWithoutThrowing() throws IOException {
        String text = Files.readString(REAL_SPEC);
        String[] tokens = text.split("(?<=\\s)|(?=\\s)|(?<=[\\[\\](){};:.,])|(?=[\\[\\](){};:.,])");
        Random random = new Random(20240611L);
        for (int round = 0; round < 300; round++) {
            List<String> mutant = new ArrayList<>(List.of(tokens));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(mutant.size());
                switch (random.nextInt(4)) {
                    case 0 -> mutant.remove(at);
                    case 1 -> mutant.add(at, mutant.get(random.nextInt(mutant.size())));
                    case 2 -> mutant.set(at, mutant.get(random.nextInt(mutant.size())));
                    default -> mutant.add(at, String.valueOf((char) (33 + random.nextInt(94))));
                }
            }
            check(String.join("", mutant), "mutant " + round);
        }
    }

    @Test
    void junkIsReportedWithoutThrowing() {
        List<String> junk = List.of(
                "",
                " ",
                "/*",
                "\"",
                "spec",
                "spec x",
                "spec x \"t\"",
                "\u0000\u0001\u00ff",
                "}}}}",
                "op op op",
                "spec x \"t\" domain D = 0..99999999999999999999",
                "spec x \"t\" const A = B const B = A",
                "spec x \"t\" const A = 1 / 0",
                "spec x \"t\" const A = 2147483647 + 1",
                "spec x \"t\" invariant i: " + "(".repeat(10000) + "true" + ")".repeat(10000));
        for (String text : junk) {
            CompileResult result = check(text, text.length() > 40 ? text.substring(0, 40) : text);
            assertFalse(result.diagnostics().isEmpty(), "junk must be reported: " + text);
        }
    }

    @Test
    void anUnreadableFileIsADiagnostic(@TempDir Path dir) throws IOException {
        CompileResult missing = compiler.compile(dir.resolve("missing.mmspec"), "spec/missing.mmspec");
        assertEquals("MM0001", missing.diagnostics().get(0).code());
        assertEquals("spec/missing.mmspec", missing.diagnostics().get(0).file());

        Path latin1 = dir.resolve("latin1.mmspec");
        Files.write(latin1, new byte[] {'s', 'p', 'e', 'c', ' ', (byte) 0xe9});
        assertEquals(
                "MM0001",
                compiler.compile(latin1, "latin1.mmspec").diagnostics().get(0).code());
    }

    private CompileResult check(String text, String what) {
        CompileResult result = compiler.compile("mutant.mmspec", text);
        List<Diagnostic> internal = result.diagnostics().stream()
                .filter(d -> d.code().equals("MM0000"))
                .toList();
        assertTrue(internal.isEmpty(), () -> what + ": internal error " + internal + "\n--- input ---\n" + text);
        assertEquals(result.hasErrors(), result.spec() == null, what);
        if (result.hasErrors()) {
            assertNull(result.spec());
        }
        List<Diagnostic> sorted = result.diagnostics().stream()
                .sorted((a, b) -> a.span().line() != b.span().line()
                        ? a.span().line() - b.span().line()
                        : a.span().column() - b.span().column())
                .collect(Collectors.toList());
        assertEquals(
                sorted.stream().map(Diagnostic::span).toList(),
                result.diagnostics().stream().map(Diagnostic::span).toList(),
                "diagnostics must be sorted by line and column");
        return result;
    }
}
