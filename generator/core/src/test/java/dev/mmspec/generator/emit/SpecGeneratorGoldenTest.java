package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's output, compared whole with files checked in under {@code src/test/resources/golden/refcount/} (and
 * {@code golden/symmetric_folios/} for a symmetric domain). After an intended change of the output, regenerate them
 * with {@code mvn -pl generator/core test -Dmmspec.updateGolden=true} and review the diff.
 */
class SpecGeneratorGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static Spec refcount() throws IOException {
        CompileResult result = new SpecCompiler().compile(GOLDEN.resolve("refcount.mmspec"), "golden/refcount.mmspec");
        assertTrue(result.diagnostics().isEmpty(), () -> "fixture has diagnostics: " + result.diagnostics());
        assertNotNull(result.spec());
        return result.spec();
    }

    @Test
    void generatedFilesMatchTheGoldenFiles() throws IOException {
        List<GeneratedFile> files = new SpecGenerator().generate(refcount());
        assertEquals(8, files.size(), "model, binding, state, conformance and four test classes");
        boolean update = Boolean.getBoolean("mmspec.updateGolden");
        for (GeneratedFile file : files) {
            Path golden = GOLDEN.resolve("refcount")
                    .resolve(Path.of(file.relativePath()).getFileName().toString());
            if (update) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, file.content(), StandardCharsets.UTF_8);
            }
            assertTrue(
                    Files.exists(golden), () -> "no golden file " + golden + "; run with -Dmmspec.updateGolden=true");
            assertEquals(
                    Files.readString(golden), file.content(), () -> file.relativePath() + " differs from " + golden);
        }
    }

    /**
     * A spec with a symmetric domain: its model's canonicalize, exact canonicalize and checked choose, compared whole.
     */
    @Test
    void domainSymmetricModelMatchesItsGoldenFile() throws IOException {
        Path source = Path.of("src/test/resources/fixtures/good/symmetric_folios.mmspec");
        CompileResult result = new SpecCompiler().compile(source, "fixtures/good/symmetric_folios.mmspec");
        assertNotNull(result.spec(), () -> result.diagnostics().toString());
        GeneratedFile model = new SpecGenerator().model(result.spec());
        Path golden = GOLDEN.resolve("symmetric_folios")
                .resolve(Path.of(model.relativePath()).getFileName().toString());
        if (Boolean.getBoolean("mmspec.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, model.content(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), () -> "no golden file " + golden + "; run with -Dmmspec.updateGolden=true");
        assertEquals(Files.readString(golden), model.content(), () -> model.relativePath() + " differs from " + golden);
    }

    @Test
    void outputIsDeterministic() throws IOException {
        List<GeneratedFile> first = new SpecGenerator().generate(refcount());
        List<GeneratedFile> second = new SpecGenerator().generate(refcount());
        assertEquals(first, second);
    }

    @Test
    void everyFileSaysWhereItComesFromAndNotToEditIt() throws IOException {
        for (GeneratedFile file : new SpecGenerator().generate(refcount())) {
            String firstLine = file.content().lines().findFirst().orElse("");
            assertEquals(
                    "// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.",
                    firstLine,
                    file.relativePath());
        }
    }

    @Test
    void everyStepMethodNamesItsSpecLine() throws IOException {
        String model = new SpecGenerator().model(refcount()).content();
        for (String step : List.of("get_put.get", "get_put.put", "get_put.finish")) {
            assertTrue(
                    model.matches("(?s).*golden/refcount\\.mmspec:\\d+: step " + step.replace(".", "\\.") + "\\..*"),
                    step);
        }
    }
}
