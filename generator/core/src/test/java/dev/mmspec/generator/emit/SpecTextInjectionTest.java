package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spec is data: whatever its strings hold, the generated sources compile to exactly the classes the spec implies and
 * hold exactly the code they hold for harmless strings (the same javac parse tree once comments and literal values are
 * set aside), and each string reaches the model intact. One case per place a spec string lands and per hostile payload;
 * one compilation per place.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class SpecTextInjectionTest {
    /** The skeletons of the files generated with a harmless string, per context: computed once. */
    private final java.util.Map<Context, List<List<String>>> plainSkeletons = new java.util.EnumMap<>(Context.class);

    /** Decoded payloads: what the spec's string holds after the spec's own escapes. */
    static final List<String> PAYLOADS = List.of(
            "*/ class Injected { static { System.exit(3); } } /*",
            "/* an unclosed comment",
            "\\u000a class Injected {} //",
            "\\u002a\\u002f class Injected {} \\u002f\\u002a",
            "\\u0022 + System.exit(3) + \\u0022",
            "\" + System.exit(3) + \"",
            "a backslash at the end \\",
            "\\\\u002a\\\\u002f doubled",
            "$view.className() ${view.members} $!nothing",
            "#set($x = \"y\")$x",
            "#evaluate(\"#set($y = 1)\")",
            "<script>alert(1)</script> &amp; {@code x} @author nobody",
            "first line\nsecond line */ class Injected {}",
            "caf\u00e9 \u2028 \u0000 end");

    /** Where a spec string goes: the spec text (or display path) with {@code payload} placed there. */
    enum Context {
        TITLE(p -> spec(p, "t", "d", "s", "m")),
        DESCRIPTION(p -> spec("t", p, "d", "s", "m")),
        FIX_SOURCE(p -> spec("t", "d", p, "s", "m")),
        SPEC_SOURCE(p -> spec("t", "d", "s", p, "m")),
        ASSERTION_MESSAGE(p -> spec("t", "d", "s", "s", p)),
        FILE_PATH(p -> spec("t", "d", "s", "s", "m"));

        final Function<String, String> text;

        Context(Function<String, String> text) {
            this.text = text;
        }

        String path(String payload) {
            return this == FILE_PATH ? "specs/" + payload + "/hostile.mmspec" : "specs/hostile.mmspec";
        }
    }

    static final Set<String> CLASSES = Set.of(
            "HostileBinding",
            "HostileBinding$Factory",
            "HostileConformance",
            "HostileExplorationTest",
            "HostileFixDetectionTest",
            "HostileModel",
            "HostilePropertyTest",
            "HostileScenarioTest",
            "HostileState");

    /** A spec string literal whose value is {@code decoded}. */
    static String quoted(String decoded) {
        return "\""
                + decoded.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t") + "\"";
    }

    static String spec(String title, String description, String fixSource, String source, String message) {
        return "spec hostile " + quoted(title) + "\nsource " + quoted(source) + "\n"
                + "domain Page = 0..1\n"
                + "state page[Page] { ref: 0..3 }\n"
                + "task cpu[2]: get\n"
                + "fix locked " + quoted(fixSource) + "\n"
                + "op get(p: Page) {\n  step take {\n    assert page[p].ref < 3 " + quoted(message) + ";\n"
                + "    if fixed(locked) { page[p].ref := 1; } else { page[p].ref := page[p].ref + 1; }\n  }\n}\n"
                + "invariant bounded " + quoted(description) + ": page[0].ref <= 2\n"
                + "expect without locked violates bounded\n";
    }

    Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Context c : Context.values()) {
            for (String p : PAYLOADS) {
                if (c == Context.FILE_PATH && p.indexOf('\0') >= 0) {
                    continue; // no file system names a file so
                }
                out.add(Arguments.of(c, p));
            }
        }
        return out.stream();
    }

    /** Every file holds the code it holds for a harmless string (parsed only: cheap enough for every payload). */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void specTextAddsNoCode(Context context, String payload) {
        List<GeneratedFile> hostile = generate(context, payload);
        List<List<String>> plain = plainSkeletons.computeIfAbsent(context, c -> skeletons(generate(c, "x")));
        List<List<String>> skeletons = skeletons(hostile);
        for (int i = 0; i < hostile.size(); i++) {
            GeneratedFile file = hostile.get(i);
            assertEquals(
                    plain.get(i),
                    skeletons.get(i),
                    () -> file.relativePath() + " holds code of the spec's making:\n" + file.content());
        }
    }

    /**
     * Every payload at once: the sources compile to exactly the spec's classes, and the model holds the text intact.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Context.class)
    void specTextCompilesToTheSpecsClassesAndStaysIntact(Context context) {
        String payload = String.join(
                " | ",
                PAYLOADS.stream()
                        .filter(p -> context != Context.FILE_PATH || p.indexOf('\0') < 0)
                        .toList());
        GeneratedSources hostile = GeneratedSources.of(context.path(payload), context.text.apply(payload));
        assertTrue(hostile.compiles(), () -> String.join("\n", hostile.errors));
        assertEquals(CLASSES, simpleNames(hostile), "exactly the classes the spec implies");
        ModelInfo info = hostile.model(0).info();
        switch (context) {
            case TITLE -> assertEquals(payload, info.title());
            case DESCRIPTION -> assertEquals(payload, info.invariants().get(0).description());
            case FIX_SOURCE -> assertEquals(payload, info.fixes().get(0).source());
            case ASSERTION_MESSAGE ->
                assertTrue(info.errors().stream()
                        .anyMatch(e -> e.message()
                                .equals("assertion failed: " + dev.mmspec.generator.lower.JavaText.oneLine(payload))));
            case FILE_PATH -> assertEquals(context.path(payload), info.sourcePath());
            case SPEC_SOURCE -> assertEquals("t", info.title());
        }
    }

    private static List<List<String>> skeletons(List<GeneratedFile> files) {
        return JavaSkeleton.of(files.stream().map(GeneratedFile::content).toList());
    }

    private static List<GeneratedFile> generate(Context context, String payload) {
        var result =
                new dev.mmspec.generator.SpecCompiler().compile(context.path(payload), context.text.apply(payload));
        assertTrue(result.spec() != null, () -> "the front end rejects the fixture: " + result.diagnostics());
        return new SpecGenerator().generate(result.spec());
    }

    /** The check above can fail: the title spliced into a Javadoc unescaped, as it once was, adds a class. */
    @Test
    void anUnescapedTitleChangesTheSkeleton() {
        String template = "/** The model: %s. */\nfinal class HostileModel {}\n";
        String payload = PAYLOADS.get(0);
        assertNotEquals(
                JavaSkeleton.of(String.format(template, "x")), JavaSkeleton.of(String.format(template, payload)));
        String unicode = PAYLOADS.get(3);
        assertNotEquals(
                JavaSkeleton.of(String.format(template, "x")), JavaSkeleton.of(String.format(template, unicode)));
    }

    private static Set<String> simpleNames(GeneratedSources g) {
        Set<String> out = new java.util.TreeSet<>();
        g.classes.keySet().forEach(n -> out.add(n.substring(n.lastIndexOf('.') + 1)));
        return out;
    }
}
