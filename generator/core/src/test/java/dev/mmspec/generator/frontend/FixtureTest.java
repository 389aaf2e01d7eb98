package dev.mmspec.generator.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fixture specs in the manner of Error Prone's tests: a bad fixture marks each expected diagnostic on its line with
 * {@code // error: MM0301} (or {@code // warning: ...}), and the front end must report exactly those (line, code)
 * pairs; a good fixture must compile without any diagnostic.
 */
class FixtureTest {
    private static final Pattern MARKER =
            Pattern.compile("//\\s*(?:error|warning):\\s*(MM\\d{4}(?:\\s*,\\s*MM\\d{4})*)");

    static Stream<Path> badFixtures() throws IOException, URISyntaxException {
        return fixtures("bad");
    }

    static Stream<Path> goodFixtures() throws IOException, URISyntaxException {
        return fixtures("good");
    }

    private static Stream<Path> fixtures(String kind) throws IOException, URISyntaxException {
        Path dir = Path.of(FixtureTest.class.getResource("/fixtures/" + kind).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> specs =
                    files.filter(p -> p.toString().endsWith(".mmspec")).sorted().toList();
            assertTrue(specs.size() >= 3, "expected several " + kind + " fixtures in " + dir);
            return specs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFixtures")
    void badFixtureReportsExactlyTheMarkedDiagnostics(Path fixture) throws IOException {
        CompileResult result =
                new SpecCompiler().compile(fixture, fixture.getFileName().toString());
        Set<String> expected = markers(Files.readAllLines(fixture));
        Set<String> actual = result.diagnostics().stream()
                .map(d -> key(d.span().line(), d.code()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, actual, () -> "diagnostics differ from the markers:\n" + render(result));
        assertNull(result.spec(), "a spec with errors must not resolve");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFixtures")
    void goodFixtureCompilesWithoutDiagnostics(Path fixture) {
        CompileResult result =
                new SpecCompiler().compile(fixture, fixture.getFileName().toString());
        assertEquals(List.of(), result.diagnostics(), () -> render(result));
        assertNotNull(result.spec());
    }

    private static Set<String> markers(List<String> lines) {
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (m.find()) {
                for (String code : m.group(1).split("\\s*,\\s*")) {
                    expected.add(key(i + 1, code));
                }
            }
        }
        return expected;
    }

    /** Sorts as text by padded line, so a failing diff reads top to bottom. */
    private static String key(int line, String code) {
        return String.format("%04d %s", line, code);
    }

    private static String render(CompileResult result) {
        return result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }
}
