package dev.mmspec.generator.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Maven goal does with a spec directory: generate, skip when unchanged, never leave half an output. */
class GenerationRunTest {
    @TempDir
    Path dir;

    private Path specs() throws IOException {
        Path specs = Files.createDirectories(dir.resolve("spec/sub"));
        Files.copy(Path.of("src/test/resources/golden/refcount.mmspec"), specs.resolve("refcount.mmspec"));
        return dir.resolve("spec");
    }

    private static long files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".java"))
                    .count();
        }
    }

    @Test
    void generatesEverySpecFoundRecursively() throws Exception {
        Path out = dir.resolve("out");
        GenerationRun.Result r = new GenerationRun(specs(), out, dir).run();
        assertEquals(1, r.specs());
        assertEquals(8, r.files());
        assertFalse(r.upToDate());
        assertEquals(8, files(out));
        assertTrue(Files.readString(out.resolve("dev/mmspec/generated/refcount/RefcountModel.java"))
                .startsWith("// Generated from spec/sub/refcount.mmspec by mmspec."));
    }

    @Test
    void anUnchangedDirectoryIsNotRegenerated() throws Exception {
        Path specs = specs();
        Path out = dir.resolve("out");
        new GenerationRun(specs, out, dir).run();
        GenerationRun.Result again = new GenerationRun(specs, out, dir).run();
        assertTrue(again.upToDate());
        Files.writeString(
                specs.resolve("sub/refcount.mmspec"),
                Files.readString(specs.resolve("sub/refcount.mmspec")) + "\n// changed\n");
        assertFalse(new GenerationRun(specs, out, dir).run().upToDate());
    }

    @Test
    void aBadSpecReportsEveryErrorAndLeavesThePreviousOutputAlone() throws Exception {
        Path specs = specs();
        Path out = dir.resolve("out");
        new GenerationRun(specs, out, dir).run();
        Files.writeString(
                specs.resolve("broken.mmspec"), "spec broken \"x\"\nstate s: nope\nlock l: spinlock\norder l < l\n");
        GenerationRun.Result r = new GenerationRun(specs, out, dir).run();
        assertEquals(1, r.failedSpecs());
        assertTrue(
                r.diagnostics().stream().filter(Diagnostic::isError).count() >= 2,
                r.diagnostics().toString());
        assertTrue(
                r.diagnostics().stream().allMatch(d -> d.file().equals("spec/broken.mmspec")),
                r.diagnostics().toString());
        assertEquals(8, files(out), "the last good output is kept whole");
    }

    @Test
    void twoSpecsWithOneNameAreAnError() throws Exception {
        Path specs = specs();
        Files.copy(specs.resolve("sub/refcount.mmspec"), specs.resolve("again.mmspec"));
        GenerationRun.Result r = new GenerationRun(specs, dir.resolve("out"), dir).run();
        assertEquals(1, r.failedSpecs());
        assertTrue(
                r.diagnostics().get(0).message().contains("also used by"),
                r.diagnostics().toString());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /** AbC and abc: one package, and on macOS or Windows one file for AbcModel.java and AbCModel.java. */
    @Test
    void twoSpecNamesThatDifferOnlyInCaseAreAnErrorAtTheSecondSpec() throws Exception {
        Path specs = specs();
        String body = "state x: 0..1\ntask t: run\nop run() {\n  step s {\n    x := 1;\n  }\n}\ninvariant ok: x <= 1\n";
        Files.writeString(specs.resolve("AbC.mmspec"), "spec AbC \"upper\"\n" + body);
        Files.writeString(specs.resolve("abc.mmspec"), "spec abc \"lower\"\n" + body);
        GenerationRun.Result r = new GenerationRun(specs, dir.resolve("out"), dir).run();
        assertEquals(1, r.failedSpecs(), r.diagnostics().toString());
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        Diagnostic d = r.diagnostics().get(0);
        assertTrue(d.isError());
        assertEquals("spec/abc.mmspec", d.file());
        assertEquals(1, d.span().line());
        assertTrue(d.message().contains("differs from 'AbC' of spec/AbC.mmspec only in case"), d.message());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is generated");
    }
}
