package dev.mmspec.cli;

import dev.mmspec.generator.build.GenerationRun;
import dev.mmspec.generator.build.output.OutputRefused;
import dev.mmspec.generator.build.output.ProtectedPaths;
import dev.mmspec.generator.build.output.SwapHook;
import dev.mmspec.generator.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "generate",
        description = {
            "Generates the Java sources of every spec in a directory, as the Maven goal does.",
            "The output directory must be mmspec's own: new, empty, or generated into before (it holds a .mmspec-output"
                    + " marker). The working directory, a spec's directory, a source root (src/main/java, "
                    + "src/test/java,"
                    + " ...), an ancestor of one, an existing file or any other non-empty directory is refused (exit 2)"
                    + " and left untouched. Only files mmspec wrote there are ever replaced or deleted."
        })
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "directory of *.mmspec files")
    Path specDirectory;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "output directory, mmspec's own (see above); its generated files are replaced as a whole")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(specDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), specDirectory + ": not a directory");
        }
        Path cwd = Path.of("");
        GenerationRun.Result result;
        try {
            result = new GenerationRun(
                            specDirectory,
                            output,
                            cwd,
                            ProtectedPaths.forCommandLine(cwd, List.of(specDirectory), output),
                            SwapHook.NONE)
                    .run();
        } catch (OutputRefused e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (String note : result.notes()) {
            spec.commandLine().getErr().println("mmspec: " + note);
        }
        for (Diagnostic d : result.diagnostics()) {
            spec.commandLine().getErr().println(d.render());
        }
        if (result.failedSpecs() > 0) {
            return Main.FAILED;
        }
        spec.commandLine()
                .getOut()
                .println(
                        result.upToDate()
                                ? "up to date: " + output
                                : "generated " + result.files() + " files into " + output);
        return Main.OK;
    }
}
