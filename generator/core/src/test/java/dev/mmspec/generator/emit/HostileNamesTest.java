package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.Violation;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specs that {@code check} accepts and whose names, mapped to Java as the back end once did, clash with each other,
 * with Java keywords or with the generator's own names: the generated sources compile, every class file name stays
 * below the file system's 255 bytes, and the model explores to the verdict the spec states. Before the name allocator,
 * javac rejected every one of these but the last two (see issue 12).
 */
class HostileNamesTest {
    private static final String LONG = "n".repeat(300);

    /** A one-operation spec: {@code op} bumps a page's count, which never passes 1. */
    private static String spec(String name, String title, String extra, String op, String message) {
        return "spec " + name + " \"" + title + "\"\n"
                + "domain Page = 0..1\n"
                + "state page[Page] { ref: 0..3 }\n"
                + extra + "\n"
                + "task cpu[2]: " + op + "\n"
                + "op " + op + "(p: Page) {\n  step s {\n    assert page[p].ref <= 1 \"" + message
                + "\";\n    page[p].ref := 1;\n  }\n}\n"
                + "invariant bounded \"d\": page[0].ref <= 1\n";
    }

    private static String ops(String... names) {
        StringBuilder out =
                new StringBuilder("spec ops \"t\"\ndomain Page = 0..1\nstate page[Page] { ref: 0..3 }\ntask c: "
                        + String.join(", ", names) + "\n");
        for (String n : names) {
            out.append("op ").append(n).append("(p: Page) { step s { page[p].ref := 1; } }\n");
        }
        return out.append("invariant bounded \"d\": page[0].ref <= 1\n").toString();
    }

    static Stream<Arguments> shapes() {
        String plain = "state page[Page] { ref: 0..3 }";
        return Stream.of(
                Arguments.of(
                        "a record field beside a state named like it",
                        spec("a", "t", "state page_ref: 0..1", "go", "m"),
                        "HOLDS"),
                Arguments.of(
                        "task c: a_b beside task b_c: a",
                        "spec a \"t\"\ndomain Page = 0..1\nstate page[Page] { ref: 0..3 }\n"
                                + "task c: a_b\ntask b_c: a\nop a_b(p: Page) { step s { page[p].ref := 1; } }\n"
                                + "op a(p: Page) { step s { page[p].ref := 1; } }\ninvariant bounded \"d\": "
                                + "page[0].ref <= 1\n",
                        "HOLDS"),
                Arguments.of(
                        "operations get, put, getPut and get_put", ops("get", "put", "getPut", "get_put"), "HOLDS"),
                Arguments.of(
                        "enum literals a_b and aB",
                        "spec a \"t\"\ndomain Page = 0..1\nenum K { a_b, aB }\n"
                                + "state page[Page] { ref: 0..3 k: K }\ntask c: go\nop go(p: Page) { step s { "
                                + "page[p].ref := 1; page[p].k := aB; } }\n"
                                + "invariant bounded \"d\": page[0].ref <= 1\n",
                        "HOLDS"),
                Arguments.of("an operation named class", spec("a", "t", "", "class", "m"), "HOLDS"),
                Arguments.of("an operation named _", spec("a", "t", "", "_", "m"), "HOLDS"),
                Arguments.of("an operation named Int", spec("a", "t", "", "Int", "m"), "HOLDS"),
                Arguments.of("a spec named class", spec("class", "t", "", "go", "m"), "HOLDS"),
                Arguments.of("a spec named _", spec("_", "t", "", "go", "m"), "HOLDS"),
                Arguments.of("a spec named Int", spec("Int", "t", "", "go", "m"), "HOLDS"),
                Arguments.of(
                        "a spec named like the generator's members",
                        spec("INFO", "t", "state WORDS: 0..1\nstate Packed: 0..1", "copy", "m"),
                        "HOLDS"),
                Arguments.of("a spec name of 300 characters", spec(LONG, "t", "", "go", "m"), "HOLDS"),
                Arguments.of("an operation name of 300 characters", spec("a", "t", "", LONG, "m"), "HOLDS"),
                Arguments.of(
                        "a fix name of 300 characters", spec("a", "t", "fix " + LONG + " \"s\"", "go", "m"), "HOLDS"),
                Arguments.of("a title with */", spec("a", "a */ class X {} /* b", "", "go", "m"), "HOLDS"),
                Arguments.of(
                        "an assertion message with a newline",
                        spec("a", "t", "", "go", "line\\nnext").replace("<= 1 \"line", "== 0 \"line"),
                        "VIOLATED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void compilesAndExplores(String shape, String specText, String verdict) {
        GeneratedSources sources = GeneratedSources.of("hostile.mmspec", specText);
        assertTrue(sources.compiles(), () -> String.join("\n", sources.errors));
        assertEquals(9, sources.classes.size(), () -> "the spec's nine classes: " + sources.classes.keySet());
        for (String name : sources.classes.keySet()) {
            String file = name.substring(name.lastIndexOf('.') + 1) + ".class";
            String directory = name.substring(0, name.lastIndexOf('.'));
            directory = directory.substring(directory.lastIndexOf('.') + 1);
            assertTrue(file.getBytes(StandardCharsets.UTF_8).length < 255, file);
            assertTrue(directory.getBytes(StandardCharsets.UTF_8).length < 255, directory);
        }
        Model model = sources.model(0);
        ExplorationResult result = new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
        assertEquals(verdict, result.outcome().name(), result.summary());
        if (shape.contains("newline")) {
            assertEquals(
                    "assertion failed: line\\nnext",
                    result.violation().map(Violation::name).orElseThrow());
        }
    }
}
