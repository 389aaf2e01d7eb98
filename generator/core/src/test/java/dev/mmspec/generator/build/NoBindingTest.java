package dev.mmspec.generator.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spec without an implementation says so ({@code binding: none}, or the plugin's {@code noBinding}), and its
 * generated runtime suites carry the reason they are skipped; every other spec's fail without a binding
 * ({@code Bindings.load} in the generated conformance adapter).
 */
class NoBindingTest {
    private static final Path REFCOUNT = Path.of("src/test/resources/golden/refcount.mmspec");

    @TempDir
    Path dir;

    private static String conformance(String specText, boolean noBindingInBuild) {
        CompileResult result = new SpecCompiler().compile("refcount.mmspec", specText);
        assertTrue(result.diagnostics().isEmpty(), () -> result.diagnostics().toString());
        return new SpecGenerator()
                .generate(result.spec(), noBindingInBuild).stream()
                        .filter(f -> f.relativePath().endsWith("RefcountConformance.java"))
                        .map(GeneratedFile::content)
                        .findFirst()
                        .orElseThrow();
    }

    /** @return {@code java} with every line break and the indentation after it read as one space */
    private static String oneLine(String java) {
        return java.replaceAll("\\s*\n\\s*", " ");
    }

    @Test
    void aSpecThatSaysBindingNoneCarriesTheReasonItsRuntimeSuitesAreSkipped() throws IOException {
        String text = Files.readString(REFCOUNT) + "\nbinding: none\n";
        int line = (int) text.lines().count();
        assertTrue(oneLine(conformance(text, false))
                .contains("public static final String NO_BINDING = \"spec refcount declares 'binding: none'"
                        + " (refcount.mmspec:" + line + "): no implementation to check\";"));
    }

    @Test
    void theBuildsNoBindingListDoesTheSame() throws IOException {
        assertTrue(oneLine(conformance(Files.readString(REFCOUNT), true))
                .contains("NO_BINDING = \"the build lists spec refcount in noBinding: no implementation to check\";"));
    }

    @Test
    void withoutEitherTheRuntimeSuitesNeedABinding() throws IOException {
        String adapter = conformance(Files.readString(REFCOUNT), false);
        assertTrue(adapter.contains("NO_BINDING = \"\";"));
        assertTrue(adapter.contains("Bindings.load(RefcountBinding.Factory.class, \"refcount\")"));
    }

    static Stream<Arguments> badDeclarations() {
        return Stream.of(
                Arguments.of(
                        "binding: required\n", "MM0202", 1, 10, "'binding: required' is not a binding declaration"),
                Arguments.of("binding: none\nbinding: none\n", "MM0201", 2, 1, "a spec has one binding declaration"),
                Arguments.of("binding: refcount_impl\n", "MM0202", 1, 10, "the only one is 'binding: none'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeclarations")
    void aBindingDeclarationOtherThanOneBindingNoneIsAnError(
            String declaration, String code, int line, int column, String message) throws IOException {
        String prelude = Files.readString(REFCOUNT);
        int lines = (int) prelude.lines().count() + 1; // and the blank line before the declaration
        CompileResult result = new SpecCompiler().compile("refcount.mmspec", prelude + "\n" + declaration);
        String all = result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
        assertEquals(1, result.diagnostics().size(), all);
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(
                code + " at " + (lines + line) + ":" + column,
                d.code() + " at " + d.span().line() + ":" + d.span().column(),
                all);
        assertTrue(d.message().contains(message), all);
        assertNull(result.spec());
    }

    @Test
    void bindingStaysUsableAsAName() {
        CompileResult result = new SpecCompiler().compile("b.mmspec", """
                spec b "binding as a name"
                state binding: bool
                task t: op1
                op op1() { step s { binding := true; } }
                """);
        assertEquals("", result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
    }

    @Test
    void aNoBindingNameThatIsNoSpecsIsAnError() throws Exception {
        Path specs = Files.createDirectories(dir.resolve("spec"));
        Files.copy(REFCOUNT, specs.resolve("refcount.mmspec"));
        GenerationRun.Result r = new GenerationRun(specs, dir.resolve("out"), dir)
                .withNoBinding(Set.of("refcont"))
                .run();
        assertEquals(1, r.failedSpecs());
        assertEquals(0, r.files());
        String rendered = r.diagnostics().get(0).render();
        assertTrue(rendered.contains("noBinding names spec 'refcont', which is not among the specs in spec"), rendered);
        assertTrue(rendered.contains("refcount"), rendered);
    }
}
