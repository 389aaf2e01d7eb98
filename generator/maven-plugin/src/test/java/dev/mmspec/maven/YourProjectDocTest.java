package dev.mmspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.build.GenerationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/your-project.md says what the plugin and the example project say: every parameter of the goal is documented, and
 * every Java and XML block is an excerpt of the example (or of what the plugin generates from its spec), so that
 * neither can drift from the page.
 */
class YourProjectDocTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path DOC = ROOT.resolve("docs/your-project.md");
    private static final Path EXAMPLE = ROOT.resolve("examples/refcache");

    @Test
    void everyParameterOfTheGoalIsInTheConfigurationTable() throws IOException {
        String mojo = Files.readString(Path.of("src/main/java/dev/mmspec/maven/GenerateMojo.java"));
        Matcher parameter = Pattern.compile("@Parameter\\(property = \"([^\"]+)\"[^)]*\\)\\s+private \\S+ (\\w+);")
                .matcher(mojo);
        String doc = Files.readString(DOC);
        int found = 0;
        while (parameter.find()) {
            found++;
            String row = "| `" + parameter.group(2) + "` | `" + parameter.group(1) + "` |";
            assertTrue(doc.contains(row), "docs/your-project.md has no row starting " + row);
        }
        assertTrue(found >= 4, "found only " + found + " parameters in GenerateMojo: is the pattern stale?");
    }

    @Test
    void everyCodeBlockIsAnExcerptOfTheExampleProject(@TempDir Path generated) throws Exception {
        GenerationRun.Result result = new GenerationRun(EXAMPLE.resolve("src/test/mmspec"), generated, EXAMPLE).run();
        assertEquals(0, result.failedSpecs(), "the example's spec must compile: " + result.diagnostics());
        List<List<String>> sources = new ArrayList<>();
        for (Path tree : List.of(EXAMPLE.resolve("src"), EXAMPLE.resolve("pom.xml"), generated)) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    sources.add(codeLines(Files.readAllLines(file)));
                }
            }
        }
        List<List<String>> blocks = blocks(Files.readAllLines(DOC));
        assertFalse(blocks.isEmpty(), "no java or xml blocks found in " + DOC);
        for (List<String> block : blocks) {
            List<String> lines = codeLines(block);
            assertTrue(
                    sources.stream().anyMatch(file -> containsRun(file, lines)),
                    "this block of docs/your-project.md is not in examples/refcache (or its generated sources):\n"
                            + String.join("\n", block));
        }
    }

    @Test
    void theReadmeLinksThePageAndShowsThePluginCoordinates() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("(docs/your-project.md)"), "README does not link docs/your-project.md");
        assertTrue(
                readme.contains("<artifactId>mmspec-maven-plugin</artifactId>"),
                "README does not show the plugin coordinates");
    }

    /** The fenced {@code java} and {@code xml} blocks of a Markdown page. */
    private static List<List<String>> blocks(List<String> markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown) {
            if (current == null && (line.equals("```java") || line.equals("```xml"))) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** Lines that are code: trimmed, without blank lines, comments and Javadoc. */
    private static List<String> codeLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("/*") || t.startsWith("*") || t.startsWith("//") || t.startsWith("<!--")) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** @return whether {@code run} occurs in {@code lines} as consecutive elements. */
    private static boolean containsRun(List<String> lines, List<String> run) {
        outer:
        for (int i = 0; i + run.size() <= lines.size(); i++) {
            for (int j = 0; j < run.size(); j++) {
                if (!lines.get(i + j).equals(run.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
