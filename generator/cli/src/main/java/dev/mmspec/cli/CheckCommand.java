package dev.mmspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "check",
        description = {
            "Checks the specs statically, as a compiler does, and reports every diagnostic: syntax, names, types, "
                    + "lock order,",
            "guards, bounds, and that scenarios and expectations name real operations, steps, fixes and invariants.",
            "It generates and runs no model, so it cannot tell whether a scenario ends as the spec says: 'explore' "
                    + "plays",
            "every scenario on the model and exits 1 when one does not (as the build's <Spec>ScenarioTest fails).",
            "Exit 0 clean, 1 diagnostics, 2 usage error."
        })
final class CheckCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "spec files, or directories searched for *.mmspec")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadedSpecs loaded = LoadedSpecs.forCommand(paths, spec);
        var out = spec.commandLine().getOut();
        out.println(loaded.files + " spec file" + (loaded.files == 1 ? "" : "s") + " checked: " + loaded.errors
                + " error" + (loaded.errors == 1 ? "" : "s") + ", " + loaded.warnings + " warning"
                + (loaded.warnings == 1 ? "" : "s"));
        return loaded.errors == 0 ? Main.OK : Main.FAILED;
    }
}
