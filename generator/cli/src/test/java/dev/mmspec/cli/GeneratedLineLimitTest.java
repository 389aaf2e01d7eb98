package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Generated sources are held to the tree's {@value SourceLineLimitTest#LIMIT} columns too: every file generated from
 * every spec of {@code spec/}, {@code bench/specs/}, the good, reduction and symmetry fixtures, the golden spec and the
 * trust specs (constructs and deadlocks). The code writer's last step ({@code lower.JavaLayout}) breaks long argument
 * lists, operator chains, initializers, literals and comments the way palantir-java-format does; without it about 1,270
 * generated lines of these specs are longer.
 */
class GeneratedLineLimitTest {
    private static final Path ROOT = Path.of("../..");
    private static final List<String> DIRS = List.of(
            "spec",
            "bench/specs",
            "generator/core/src/test/resources/fixtures/good",
            "generator/core/src/test/resources/fixtures/reduction",
            "generator/core/src/test/resources/fixtures/symmetry",
            "generator/core/src/test/resources/golden",
            "generator/cli/src/test/resources/trust");

    @Test
    void noGeneratedLineIsOverTheLimit() throws IOException {
        List<Path> specs = specs();
        assertTrue(specs.size() > 30, "the specs were not found under " + ROOT.toAbsolutePath() + ": " + specs);
        List<String> over = new ArrayList<>();
        int files = 0;
        for (Path file : specs) {
            String display = ROOT.relativize(file).toString().replace('\\', '/');
            CompileResult result = new SpecCompiler().compile(file, display);
            assertNotNull(result.spec(), () -> display + ": " + result.diagnostics());
            for (GeneratedFile generated : new SpecGenerator().generate(result.spec())) {
                files++;
                over.addAll(SourceLineLimitTest.linesOver(
                        display + " -> " + generated.relativePath(),
                        generated.content().lines().toList()));
            }
        }
        assertTrue(files > 8 * 30, "too few generated files: " + files);
        assertEquals(List.of(), over, "generated lines over " + SourceLineLimitTest.LIMIT + " columns");
    }

    private static List<Path> specs() throws IOException {
        List<Path> specs = new ArrayList<>();
        for (String dir : DIRS) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".mmspec")).sorted().forEach(specs::add);
            }
        }
        return specs;
    }
}
