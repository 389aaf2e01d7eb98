package dev.mmspec.maven;

import dev.mmspec.generator.build.GenerationRun;
import dev.mmspec.generator.build.GenerationRun.Result;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles every {@code *.mmspec} under {@link #specDirectory} and generates, for each, the model,
 * the binding interface, the state writer, the conformance adapter and the JUnit tests into {@link
 * #outputDirectory}, which becomes a test source root. Every diagnostic of every spec is reported,
 * then the build fails once with the count. Specs that have not changed since the last run are not
 * regenerated.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** Where the specs are; searched recursively for {@code *.mmspec}. */
    @Parameter(property = "mmspec.specDirectory", defaultValue = "${project.basedir}/src/test/mmspec")
    private File specDirectory;

    /** Where generated sources go; added to the test sources. */
    @Parameter(property = "mmspec.outputDirectory", defaultValue = "${project.build.directory}/generated-test-sources/mmspec")
    private File outputDirectory;

    /** How spec paths are shown in diagnostics and generated headers: relative to this directory. */
    @Parameter(property = "mmspec.displayBase", defaultValue = "${project.basedir}")
    private File displayBase;

    /** Skip generation altogether. */
    @Parameter(property = "mmspec.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("mmspec: skipped (mmspec.skip=true)");
            return;
        }
        if (!specDirectory.isDirectory()) {
            throw new MojoFailureException("mmspec: spec directory " + specDirectory + " does not exist"
                    + " (set <specDirectory> or -Dmmspec.specDirectory)");
        }
        Result result;
        try {
            result = new GenerationRun(specDirectory.toPath(), outputDirectory.toPath(), displayBase.toPath()).run();
        } catch (IOException e) {
            throw new MojoExecutionException("mmspec: could not write generated sources to " + outputDirectory + ": " + e.getMessage(), e);
        }
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
                    + result.failedSpecs() + " spec file" + (result.failedSpecs() == 1 ? "" : "s") + "; nothing generated");
        }
        project.addTestCompileSourceRoot(outputDirectory.getPath());
        if (result.upToDate()) {
            getLog().info("mmspec: " + result.specs() + " spec(s) up to date in " + outputDirectory);
        } else {
            getLog().info("mmspec: generated " + result.files() + " files from " + result.specs() + " spec(s) into " + outputDirectory);
        }
    }
}
