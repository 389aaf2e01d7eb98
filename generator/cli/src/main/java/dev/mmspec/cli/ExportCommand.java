package dev.mmspec.cli;

import dev.mmspec.generator.export.Export;
import dev.mmspec.generator.export.ExportException;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "export",
        description =
                "Translates specs to TLA+ (for TLC or Apalache) or Promela (for SPIN): one action or d_step per step, "
                        + "fixes as"
                        + " constants, invariants as invariants or assertions. See docs/export.md.",
        footer = "Exit 0 when every spec was exported, 1 for diagnostics, 2 for a usage error.")
final class ExportCommand implements Callable<Integer> {
    static final class Language {
        @Option(names = "--tla", required = true, description = "write <spec>.tla and <spec>.cfg (TLC: all fixes on)")
        boolean tla;

        @Option(
                names = "--promela",
                required = true,
                description = "write <spec>.pml (SPIN; -DFix_<name>=0 switches a fix off)")
        boolean promela;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Language language;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "where the files go (default: ${DEFAULT-VALUE})")
    Path output;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "spec files, or directories searched for *.mmspec")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LoadedSpecs loaded = LoadedSpecs.forCommand(paths, spec);
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), output + ": not a directory");
        }
        int failed = loaded.files - loaded.specs.size();
        Export.Language lang = language.tla ? Export.Language.TLA : Export.Language.PROMELA;
        for (Spec s : loaded.specs) {
            Map<String, String> files;
            try {
                files = Export.files(s, lang);
            } catch (ExportException e) {
                spec.commandLine()
                        .getErr()
                        .println(s.sourcePath() + ":" + e.span().line() + ":"
                                + e.span().column() + ": error[export]: " + e.getMessage());
                failed++;
                continue;
            }
            Files.createDirectories(output);
            for (Map.Entry<String, String> f : files.entrySet()) {
                write(output.resolve(f.getKey()), f.getValue());
                spec.commandLine().getOut().println("wrote " + output.resolve(f.getKey()));
            }
        }
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    /** Written beside the target, then moved over it: a reader never sees half a file. */
    private static void write(Path target, String text) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
