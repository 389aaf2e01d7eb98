package dev.mmspec.cli;

import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.view.RaceViewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        description = {
            "Writes the race viewer of a trace: one self-contained HTML file (no network), one column per task, one "
                    + "row per step,",
            "the broken invariant highlighted; click a row (or use the arrow keys) for the whole state and the locks "
                    + "held.",
            "The trace is replayed first: exit 0 iff it replays exactly, 1 if not (nothing written)."
        })
final class ShowCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "TRACE",
            description = "a trace file (.trace or .itf.json) written by explore or by a failing test")
    Path traceFile;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "the HTML file to write (default: the trace's name with .html)")
    Path output;

    @Option(names = "--spec", paramLabel = "FILE", description = "the spec file (default: the one the trace names)")
    Path specFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = output != null ? output : CounterexampleFiles.htmlBesides(traceFile);
        if (Files.isDirectory(target)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), target + " is a directory; -o names the HTML file to write");
        }
        ReplayCommand.Replayed replayed = ReplayCommand.replay(traceFile, specFile, spec);
        if (replayed == null) {
            return Main.FAILED;
        }
        CounterexampleFiles.whole(target, RaceViewer.render(replayed.trace(), replayed.info()));
        spec.commandLine().getOut().println("wrote " + target.toString().replace('\\', '/'));
        return Main.OK;
    }
}
