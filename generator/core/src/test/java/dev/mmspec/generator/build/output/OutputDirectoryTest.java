package dev.mmspec.generator.build.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.build.GenerationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which output directories mmspec refuses, and that a refusal touches nothing. */
class OutputDirectoryTest {
    @TempDir
    Path project;

    /** A user's project: a spec, a source root with a class, a resource, a loose note at the top. */
    private void layOut() throws IOException {
        Files.createDirectories(project.resolve("src/test/mmspec"));
        Files.copy(
                Path.of("src/test/resources/golden/refcount.mmspec"),
                project.resolve("src/test/mmspec/refcount.mmspec"));
        Files.createDirectories(project.resolve("src/test/java/my"));
        Files.writeString(project.resolve("src/test/java/my/Binding.java"), "class Binding {}\n");
        Files.createDirectories(project.resolve("src/test/resources/META-INF/services"));
        Files.writeString(project.resolve("src/test/resources/META-INF/services/x"), "my.Binding\n");
        Files.createDirectories(project.resolve("notes"));
        Files.writeString(project.resolve("notes/todo.txt"), "mine\n");
        Files.writeString(project.resolve("README"), "mine\n");
    }

    record Refused(String output, String because) {
        @Override
        public String toString() {
            return output + " -> " + because;
        }
    }

    static Stream<Refused> refusedOutputs() {
        return Stream.of(
                new Refused(".", "is the working directory"),
                new Refused("..", "is an ancestor of the working directory"),
                new Refused("src/test/mmspec", "is the directory of the input"),
                new Refused("src", "is an ancestor of the directory of the input"),
                new Refused("src/test/java", "is the source root"),
                new Refused("src/test/resources", "is the source root"),
                new Refused("README", "is an existing file, not a directory"),
                new Refused("notes", "is not empty and has no .mmspec-output marker"));
    }

    @ParameterizedTest
    @MethodSource("refusedOutputs")
    void anOutputThatIsNotMmspecsOwnIsRefusedAndNothingIsTouched(Refused c) throws Exception {
        layOut();
        Map<String, String> before = snapshot(project);
        // The working directory of the run is the project: every path is resolved against it.
        Path output = project.resolve(c.output()).normalize();
        ProtectedPaths protect =
                ProtectedPaths.forCommandLine(project, List.of(project.resolve("src/test/mmspec")), output);
        OutputRefused e = assertThrows(
                OutputRefused.class,
                () -> new GenerationRun(project.resolve("src/test/mmspec"), output, project, protect, SwapHook.NONE)
                        .run());
        assertTrue(e.getMessage().contains(c.because()), e.getMessage());
        assertEquals(before, snapshot(project));
    }

    @Test
    void withoutTheRulesTheSameRunWouldHaveDeletedTheUsersFiles() throws Exception {
        // The guard switched off (nothing protected, and a marker planted): the swap takes the note away.
        layOut();
        Files.writeString(project.resolve("notes/" + Manifest.STAMP), "legacy\n");
        new GenerationRun(
                        project.resolve("src/test/mmspec"),
                        project.resolve("notes"),
                        project,
                        new ProtectedPaths(List.of()),
                        SwapHook.NONE)
                .run();
        assertTrue(
                Files.notExists(project.resolve("notes/todo.txt")),
                "a legacy stamp claims every file, as the old swap did");
    }

    @Test
    void aNewAnEmptyAndAMarkedDirectoryAreAccepted() throws Exception {
        layOut();
        Path specs = project.resolve("src/test/mmspec");
        Files.createDirectories(project.resolve("empty"));
        for (String out : List.of("target/gen", "empty")) {
            Path output = project.resolve(out);
            var r = new GenerationRun(
                            specs,
                            output,
                            project,
                            ProtectedPaths.forCommandLine(project, List.of(specs), output),
                            SwapHook.NONE)
                    .run();
            assertEquals(8, r.files());
            assertTrue(Files.isRegularFile(output.resolve(Manifest.FILE)));
        }
    }

    @Test
    void aUsersFileInsideAnOwnedOutputSurvivesRegeneration() throws Exception {
        layOut();
        Path specs = project.resolve("src/test/mmspec");
        Path output = project.resolve("target/gen");
        new GenerationRun(specs, output, project).run();
        Files.writeString(output.resolve("mine.txt"), "mine\n");
        Files.writeString(
                specs.resolve("refcount.mmspec"),
                Files.readString(specs.resolve("refcount.mmspec")) + "\n// changed\n");
        var r = new GenerationRun(specs, output, project).run();
        assertEquals(8, r.files());
        assertEquals("mine\n", Files.readString(output.resolve("mine.txt")));
        assertEquals(List.of("gen"), siblings(output));
    }

    static List<String> siblings(Path output) throws IOException {
        try (Stream<Path> s = Files.list(output.getParent())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every regular file under {@code root} with its text. */
    static Map<String, String> snapshot(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .collect(TreeMap::new, (m, p) -> m.put(root.relativize(p).toString(), read(p)), Map::putAll);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
