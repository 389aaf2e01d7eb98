package dev.mmspec.cli;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.SpecFiles;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The specs named on a command line, compiled, with every diagnostic printed once. */
final class LoadedSpecs {
    final List<Spec> specs = new ArrayList<>();
    int files;
    int errors;
    int warnings;

    /**
     * The specs of a command's FILE|DIR arguments, where a missing path or no spec file at all is a usage error (exit
     * 2) of {@code command}.
     */
    static LoadedSpecs forCommand(List<Path> paths, CommandLine.Model.CommandSpec command) throws IOException {
        LoadedSpecs loaded;
        try {
            loaded = load(paths, command.commandLine().getErr());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
        if (loaded.files == 0) {
            throw new CommandLine.ParameterException(command.commandLine(), "no *.mmspec files under " + paths);
        }
        return loaded;
    }

    /** @throws IllegalArgumentException for a path that does not exist (a usage error) */
    static LoadedSpecs load(List<Path> paths, PrintWriter err) throws IOException {
        LoadedSpecs loaded = new LoadedSpecs();
        Path cwd = Path.of("").toAbsolutePath();
        SpecCompiler compiler = new SpecCompiler();
        for (Path file : SpecFiles.find(paths)) {
            loaded.files++;
            CompileResult result = compiler.compile(file, SpecFiles.display(file, cwd));
            for (Diagnostic d : result.diagnostics()) {
                err.println(d.render());
                if (d.isError()) {
                    loaded.errors++;
                } else {
                    loaded.warnings++;
                }
            }
            if (result.spec() != null) {
                loaded.specs.add(result.spec());
            }
        }
        return loaded;
    }
}
