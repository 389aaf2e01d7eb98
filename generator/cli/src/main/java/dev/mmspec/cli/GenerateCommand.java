package dev.mmspec.cli;

import dev.mmspec.generator.build.GenerationRun;
import dev.mmspec.generator.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", description = "Generates the Java sources of every spec in a directory, as the Maven goal does.")
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "directory of *.mmspec files")
    Path specDirectory;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "output directory (replaced as a whole)")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(specDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), specDirectory + ": not a directory");
        }
        GenerationRun.Result result = new GenerationRun(specDirectory, output, Path.of("")).run();
        for (Diagnostic d : result.diagnostics()) {
            spec.commandLine().getErr().println(d.render());
        }
        if (result.failedSpecs() > 0) {
            return Main.FAILED;
        }
        spec.commandLine().getOut().println(result.upToDate() ? "up to date: " + output : "generated " + result.files() + " files into " + output);
        return Main.OK;
    }
}
