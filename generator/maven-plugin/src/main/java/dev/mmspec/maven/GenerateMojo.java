package dev.mmspec.maven;

import dev.mmspec.generator.build.GenerationRun;
import dev.mmspec.generator.build.GenerationRun.Result;
import dev.mmspec.generator.build.output.OutputRefused;
import dev.mmspec.generator.build.output.ProtectedPaths;
import dev.mmspec.generator.build.output.SwapHook;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles every {@code *.mmspec} under {@link #specDirectory} and generates, for each, the model, the binding
 * interface, the state writer, the conformance adapter and the JUnit tests into {@link #outputDirectory}, which becomes
 * a test source root. Every diagnostic of every spec is reported, then the build fails once with the count. Specs that
 * have not changed since the last run are not regenerated.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** Where the specs are; searched recursively for {@code *.mmspec}. */
    @Parameter(property = "mmspec.specDirectory", defaultValue = "${project.basedir}/src/test/mmspec")
    private File specDirectory;

    /**
     * Where generated sources go; added to the test sources. It must be mmspec's own: new, empty or generated into
     * before (a {@code .mmspec-output} marker); the base directory, a source or resource root, the spec directory, an
     * ancestor of one, or another non-empty directory fails the build untouched. Only files mmspec wrote there are ever
     * deleted.
     */
    @Parameter(
            property = "mmspec.outputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/mmspec")
    private File outputDirectory;

    /** How spec paths are shown in diagnostics and generated headers: relative to this directory. */
    @Parameter(property = "mmspec.displayBase", defaultValue = "${project.basedir}")
    private File displayBase;

    /**
     * Whether a generated test that fails on a counterexample also writes its race viewer, one self-contained HTML page
     * ({@code <trace>.html}), beside its trace file. {@code -Dmmspec.html} on the test run still decides over this.
     */
    @Parameter(property = "mmspec.html", defaultValue = "true")
    private boolean html;

    /**
     * Where failing generated tests write each counterexample ({@code .trace}, {@code .itf.json} and, with
     * {@link #html}, {@code .html}): beside the surefire reports. {@code -Dmmspec.traceDir} on the test run, or
     * Surefire's {@code systemPropertyVariables}, still decides over this.
     */
    @Parameter(property = "mmspec.traceDir", defaultValue = "${project.build.directory}/mmspec-traces")
    private File traceDirectory;

    /**
     * Where the settings above are written for the generated tests, as {@code META-INF/mmspec/build.properties}; a test
     * resource root.
     */
    @Parameter(
            defaultValue = "${project.build.directory}/generated-test-resources/mmspec",
            readonly = true,
            required = true)
    private File settingsDirectory;

    /** Skip generation; the sources generated last time, if any, are still compiled. */
    @Parameter(property = "mmspec.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Specs (by their {@code spec NAME}) that have no implementation to bind: their runtime suites are reported as
     * skipped with this as the reason, instead of failing with "no binding for spec X". The same as {@code binding:
     * none} in the spec. A name that is no spec's fails the build.
     */
    @Parameter(property = "mmspec.noBinding")
    private List<String> noBinding;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /**
     * The project's base directory, its source and resource roots, the working directory and the spec directory: none
     * may be the output directory or inside it (the report: {@code -Dmmspec.outputDirectory=src/test} deleted the
     * user's spec, binding, test and services file).
     */
    private ProtectedPaths protectedPaths() {
        Path output = outputDirectory.toPath().toAbsolutePath().normalize();
        List<ProtectedPaths.Entry> entries = new ArrayList<>();
        entries.add(new ProtectedPaths.Entry(project.getBasedir().toPath(), "the project's base directory"));
        List<String> roots = new ArrayList<>(project.getCompileSourceRoots());
        roots.addAll(project.getTestCompileSourceRoots());
        project.getResources().forEach(r -> roots.add(r.getDirectory()));
        project.getTestResources().forEach(r -> roots.add(r.getDirectory()));
        for (String root : roots) {
            Path dir = Path.of(root).toAbsolutePath().normalize();
            // The output itself is a test source root once this goal has run in the same session; it is
            // ours only if it carries the marker, never a root the user named (src/test/java).
            if (!(dir.equals(output) && Files.isRegularFile(output.resolve(".mmspec-output")))) {
                entries.add(new ProtectedPaths.Entry(dir, "the source root " + root));
            }
        }
        return new ProtectedPaths(entries)
                .and(ProtectedPaths.of(Path.of(""), List.of(specDirectory.toPath()))
                        .entries());
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            writeTestSettings();
            // Bindings in src/test/java import the generated classes: keep the last generated sources
            // as a test root, so a skipped generation still leaves a project that compiles.
            if (new File(outputDirectory, ".mmspec-output").isFile()) {
                project.addTestCompileSourceRoot(outputDirectory.getPath());
                getLog().info("mmspec: skipped (mmspec.skip=true); compiling the last generated sources in "
                        + outputDirectory);
            } else {
                getLog().warn("mmspec: skipped (mmspec.skip=true) and nothing was generated before in "
                        + outputDirectory + ": code that uses the generated classes will not compile");
            }
            return;
        }
        if (!specDirectory.isDirectory()) {
            throw new MojoFailureException("mmspec: spec directory " + specDirectory + " does not exist"
                    + " (set <specDirectory> or -Dmmspec.specDirectory)");
        }
        Result result;
        try {
            result = new GenerationRun(
                            specDirectory.toPath(),
                            outputDirectory.toPath(),
                            displayBase.toPath(),
                            protectedPaths(),
                            SwapHook.NONE)
                    .withNoBinding(noBinding == null ? Set.of() : Set.copyOf(noBinding))
                    .run();
        } catch (OutputRefused e) {
            throw new MojoFailureException(
                    "mmspec: " + e.getMessage() + " (set <outputDirectory> or -Dmmspec.outputDirectory)");
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "mmspec: could not write generated sources to " + outputDirectory + ": " + e.getMessage(), e);
        }
        result.notes().forEach(note -> getLog().info("mmspec: " + note));
        for (Diagnostic d : result.diagnostics()) {
            if (d.isError()) {
                getLog().error(d.render());
            } else {
                getLog().warn(d.render());
            }
        }
        long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
        if (errors > 0) {
            throw new MojoFailureException("mmspec: " + errors + " error" + (errors == 1 ? "" : "s") + " in "
                    + result.failedSpecs() + " spec file" + (result.failedSpecs() == 1 ? "" : "s")
                    + "; nothing generated\n"
                    + "rerun: bin/mmspec check " + shown(specDirectory) + "\n"
                    + "rerun: mvn -B generate-test-sources");
        }
        // Only now: a refused output directory or a spec with errors fails the build with nothing touched.
        writeTestSettings();
        project.addTestCompileSourceRoot(outputDirectory.getPath());
        if (result.upToDate()) {
            getLog().info("mmspec: " + result.specs() + " spec(s) up to date in " + outputDirectory);
        } else {
            getLog().info("mmspec: generated " + result.files() + " files from " + result.specs() + " spec(s) into "
                    + outputDirectory);
        }
    }

    /**
     * Hands {@link #html} and {@link #traceDirectory} to the generated tests: the test JVM cannot see this goal's
     * configuration, so they go on its class path (read by the engine's {@code BuildSettings}, whose keys are the
     * system properties' names). Rewritten only when they change, so an unchanged build stays up to date.
     */
    private void writeTestSettings() throws MojoExecutionException {
        String text =
                "# Written by mmspec:generate from its configuration; -D options of the test run decide over it.\n"
                        + "mmspec.html=" + html + "\n"
                        + "mmspec.traceDir=" + escape(traceDirectory.getAbsolutePath()) + "\n";
        Path file = settingsDirectory.toPath().resolve("META-INF/mmspec/build.properties");
        try {
            if (!Files.isRegularFile(file)
                    || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), "build.properties", ".partial");
                try {
                    Files.writeString(temp, text, StandardCharsets.UTF_8);
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("mmspec: could not write " + file + ": " + e.getMessage(), e);
        }
        Resource resource = new Resource();
        resource.setDirectory(settingsDirectory.getPath());
        if (project.getTestResources().stream()
                .noneMatch(r -> settingsDirectory.getPath().equals(r.getDirectory()))) {
            project.addTestResource(resource);
        }
    }

    /** @return {@code file} as diagnostics show it: relative to {@link #displayBase} when inside it */
    private String shown(File file) {
        Path base = displayBase.toPath().toAbsolutePath().normalize();
        Path path = file.toPath().toAbsolutePath().normalize();
        return (path.startsWith(base) ? base.relativize(path) : path).toString().replace('\\', '/');
    }

    /** A properties value: a Windows path's backslashes would otherwise be read as escapes. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
