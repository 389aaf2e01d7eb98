package dev.mmspec.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The goal refuses an output directory that is not its own, and fails the build without touching anything. */
class GenerateMojoTest {
    @TempDir
    Path basedir;

    private GenerateMojo mojo(Path output) throws ReflectiveOperationException {
        MavenProject project = new MavenProject();
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.addCompileSourceRoot(basedir.resolve("src/main/java").toString());
        project.addTestCompileSourceRoot(basedir.resolve("src/test/java").toString());
        GenerateMojo mojo = new GenerateMojo();
        set(mojo, "project", project);
        set(mojo, "specDirectory", basedir.resolve("src/test/mmspec").toFile());
        set(mojo, "outputDirectory", output.toFile());
        set(mojo, "displayBase", basedir.toFile());
        set(mojo, "html", true);
        set(mojo, "traceDirectory", basedir.resolve("target/mmspec-traces").toFile());
        set(
                mojo,
                "settingsDirectory",
                basedir.resolve("target/generated-test-resources/mmspec").toFile());
        return mojo;
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        var f = GenerateMojo.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private void userProject() throws IOException {
        Files.writeString(basedir.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(basedir.resolve("src/test/mmspec"));
        Files.copy(
                Path.of("../core/src/test/resources/golden/refcount.mmspec"),
                basedir.resolve("src/test/mmspec/refcount.mmspec"));
        Files.createDirectories(basedir.resolve("src/test/java/my"));
        Files.writeString(
                basedir.resolve("src/test/java/my/RefcountBindingImpl.java"), "class RefcountBindingImpl {}\n");
        Files.createDirectories(basedir.resolve("src/main/java"));
        Files.createDirectories(basedir.resolve("other"));
        Files.writeString(basedir.resolve("other/keep.txt"), "mine\n");
    }

    @ParameterizedTest
    @CsvSource({
        ".,                the project's base directory",
        "src/test,         an ancestor of the source root",
        "src/test/java,    the source root",
        "src/main/java,    the source root",
        "pom.xml,          is an existing file",
        "other,            has no .mmspec-output marker"
    })
    void anOutputDirectoryThatIsNotMmspecsFailsTheBuildUntouched(String output, String because) throws Exception {
        userProject();
        Map<String, String> before = snapshot();
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(basedir.resolve(output).normalize()).execute());
        assertTrue(e.getMessage().contains(because), e.getMessage());
        assertEquals(before, snapshot());
    }

    @ParameterizedTest
    @CsvSource({"target/generated-test-sources/mmspec"})
    void theDefaultOutputIsGeneratedAndTheUsersFilesStay(String output) throws Exception {
        userProject();
        Map<String, String> before = snapshot();
        mojo(basedir.resolve(output)).execute();
        mojo(basedir.resolve(output)).execute();
        Map<String, String> after = snapshot();
        after.keySet().removeIf(k -> k.startsWith("target" + File.separator));
        assertEquals(before, after);
        assertTrue(Files.isRegularFile(basedir.resolve(output).resolve(".mmspec-output")));
    }

    @org.junit.jupiter.api.Test
    void aSkippedGenerationStillCompilesTheLastGeneratedSources() throws Exception {
        userProject();
        Path output = basedir.resolve("target/generated-test-sources/mmspec");
        mojo(output).execute();
        GenerateMojo skipped = mojo(output);
        set(skipped, "skip", true);
        skipped.execute();
        var project = (MavenProject) field(skipped, "project");
        assertTrue(
                project.getTestCompileSourceRoots().contains(output.toString()),
                project.getTestCompileSourceRoots().toString());
    }

    /**
     * {@code <html>false</html>} and a {@code <traceDirectory>} in the pom reach the generated tests: with the settings
     * directory on the class path, as Surefire puts the test resources, the engine writes no viewer and puts traces
     * where the pom says; a {@code -D} of the test run decides over both.
     */
    @org.junit.jupiter.api.Test
    void theHtmlAndTraceDirectoryParametersReachTheGeneratedTests() throws Exception {
        userProject();
        GenerateMojo mojo = mojo(basedir.resolve("target/generated-test-sources/mmspec"));
        Path traces = basedir.resolve("target/my-traces");
        set(mojo, "html", false);
        set(mojo, "traceDirectory", traces.toFile());
        mojo.execute();
        Path settings = basedir.resolve("target/generated-test-resources/mmspec");
        var project = (MavenProject) field(mojo, "project");
        assertTrue(
                project.getTestResources().stream()
                        .anyMatch(r -> r.getDirectory().equals(settings.toString())),
                "the settings are not a test resource root: " + project.getTestResources());

        assertEquals(
                true,
                underTestClassPath(null, dev.mmspec.engine.trace.CounterexampleFiles::htmlWanted),
                "without the plugin's settings the viewer is written");
        assertEquals(false, underTestClassPath(settings, dev.mmspec.engine.trace.CounterexampleFiles::htmlWanted));
        assertEquals(
                traces.toAbsolutePath(), underTestClassPath(settings, dev.mmspec.engine.check.TraceFiles::directory));
        System.setProperty("mmspec.html", "true");
        try {
            assertEquals(true, underTestClassPath(settings, dev.mmspec.engine.trace.CounterexampleFiles::htmlWanted));
        } finally {
            System.clearProperty("mmspec.html");
        }

        set(mojo, "html", true);
        mojo.execute();
        assertEquals(
                true,
                underTestClassPath(settings, dev.mmspec.engine.trace.CounterexampleFiles::htmlWanted),
                "a changed parameter rewrites the settings");
        assertEquals(1, project.getTestResources().size(), "the settings root is registered once");
    }

    @org.junit.jupiter.api.Test
    void aSpecWithErrorsFailsTheBuildWithTheCommandsThatRerunTheCheck() throws Exception {
        userProject();
        Files.writeString(
                basedir.resolve("src/test/mmspec/broken.mmspec"),
                "spec broken \"b\"\ntask t: nop\nop nop() { step s { lock zz; } }\n");
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(basedir.resolve("target/generated-test-sources/mmspec"))
                        .execute());
        assertTrue(
                e.getMessage()
                        .endsWith("nothing generated\nrerun: bin/mmspec check src/test/mmspec\nrerun: mvn -B "
                                + "generate-test-sources"),
                e.getMessage());
    }

    /**
     * Runs {@code read} with {@code resources} on the context class path, as a test run by Surefire sees its test
     * resources.
     */
    private static <T> T underTestClassPath(Path resources, java.util.function.Supplier<T> read) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        java.net.URL[] urls = resources == null
                ? new java.net.URL[0]
                : new java.net.URL[] {resources.toUri().toURL()};
        try (var loader = new java.net.URLClassLoader(urls, null)) {
            thread.setContextClassLoader(loader);
            return read.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        var f = GenerateMojo.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(basedir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(basedir.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
