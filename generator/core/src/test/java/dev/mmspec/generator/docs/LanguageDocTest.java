package dev.mmspec.generator.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```mmspec} block of {@code docs/language.md} is a whole spec that compiles without a diagnostic; its
 * info string can ask for more:
 *
 * <ul>
 *   <li>{@code explore=holds}: with every fix on, no violation; each {@code expect without F violates I} comes true
 *       with F off; each scenario ends as it says (on the model);
 *   <li>{@code diagnostic=MM0401}: instead of compiling clean, it reports that code (and no other).
 * </ul>
 */
class LanguageDocTest {
    static final Path REFERENCE = Path.of("../../docs/language.md");

    /** One fenced block: its first line number in the file, its info string and its text. */
    record Example(int line, String info, String text) {
        String name() {
            return "docs/language.md:" + line + " " + info;
        }

        String option(String key) {
            for (String word : info.split("\\s+")) {
                if (word.startsWith(key + "=")) {
                    return word.substring(key.length() + 1);
                }
            }
            return null;
        }
    }

    /** Every fenced block of a markdown text, with the language its fence names ("" for none). */
    static List<Example> blocks(String markdown) {
        List<Example> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            if (!lines[k].startsWith("```")) {
                continue;
            }
            String info = lines[k].substring(3).strip();
            int first = k + 1;
            StringBuilder text = new StringBuilder();
            for (k = first; k < lines.length && !lines[k].startsWith("```"); k++) {
                text.append(lines[k]).append('\n');
            }
            out.add(new Example(first, info, text.toString()));
        }
        return out;
    }

    static List<Example> specExamples() throws IOException {
        return blocks(Files.readString(REFERENCE)).stream()
                .filter(b -> b.info().equals("mmspec") || b.info().startsWith("mmspec "))
                .toList();
    }

    @Test
    void everyBlockIsASpecOrSaysItIsNot() throws IOException {
        // An example in a fence without a language would escape the checks below; syntax summaries say "text".
        for (Example b : blocks(Files.readString(REFERENCE))) {
            String language = b.info().split("\\s+")[0];
            assertTrue(
                    List.of("mmspec", "text", "sh").contains(language),
                    b.name() + ": a block must say mmspec, text or sh");
        }
        assertTrue(specExamples().size() >= 4, "the reference has too few checked examples");
    }

    @TestFactory
    Stream<DynamicTest> everySpecExampleChecksAsItSays() throws IOException {
        return specExamples().stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> check(b)));
    }

    static void check(Example b) {
        CompileResult result = new SpecCompiler().compile("docs/language.md", b.text());
        String expectedCode = b.option("diagnostic");
        String reported = result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
        if (expectedCode != null) {
            assertFalse(
                    result.diagnostics().isEmpty(), b.name() + ": expected " + expectedCode + ", the spec is clean");
            for (Diagnostic d : result.diagnostics()) {
                assertEquals(
                        expectedCode, d.code(), b.name() + ": expected only " + expectedCode + ", got\n" + reported);
            }
            return;
        }
        assertTrue(result.diagnostics().isEmpty(), b.name() + ": the example does not check clean:\n" + reported);
        String explore = b.option("explore");
        if (explore == null) {
            return;
        }
        assertEquals(
                "holds", explore, b.name() + ": explore= takes 'holds'; say what a fix's absence violates with expect");
        LongFunction<Model> models = new ModelLoader().load(result.spec());
        ModelInfo info = models.apply(0L).info();
        ExplorationResult all = explore(models.apply(0L));
        assertEquals(
                ExplorationResult.Outcome.HOLDS, all.outcome(), b.name() + ": with every fix on: " + all.summary());
        for (ModelInfo.Expectation e : info.expectations()) {
            ExplorationResult off = explore(models.apply(FixMask.of(info, e.fix())));
            assertEquals(
                    e.invariant(),
                    off.violation().map(Violation::name).orElse("nothing"),
                    b.name() + ": without " + e.fix() + ": " + off.summary());
        }
        for (ModelInfo.Scenario s : info.scenarios()) {
            SpecChecks.scenario(models.apply(FixMask.of(info, s.fixesOff())), null, s.name());
        }
    }

    private static ExplorationResult explore(Model model) {
        return new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
    }

    @Test
    void aWrongVerdictIsCaught() {
        // The check above, given an example whose claim is false: it must fail, or the verdicts in the reference prove
        // nothing.
        Example wrong = new Example(1, "mmspec explore=holds", """
                spec wrong "claims to hold"
                state x: 0..1
                task t: bump
                op bump() { step s { if x == 0 { x := 1; } } }
                invariant never_one: x == 0
                """);
        assertThrows(AssertionError.class, () -> check(wrong));
    }
}
