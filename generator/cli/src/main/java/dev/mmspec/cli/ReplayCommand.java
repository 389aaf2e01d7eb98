package dev.mmspec.cli;

import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.support.model.ModelInfo;
import dev.mmspec.support.trace.itf.ItfFormat;
import dev.mmspec.support.trace.RaceDiagram;
import dev.mmspec.support.trace.ReplayException;
import dev.mmspec.support.trace.Trace;
import dev.mmspec.support.trace.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = {"Replays a trace file on its spec's model and draws it; exit 0 iff it replays exactly and its violation reappears.",
        "TRACE is a .trace file or an ITF file (*.itf.json), whose every state is checked against the model's."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "a trace file (.trace or .itf.json) written by explore or by a failing test")
    Path traceFile;

    @Option(names = "--spec", paramLabel = "FILE", description = "the spec file (default: the 'source' line of the trace)")
    Path specFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(traceFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), traceFile + ": no such trace file");
        }
        Path source;
        try {
            source = specFile != null ? specFile : sourceOf(traceFile);
        } catch (TraceFormatException e) {
            err.println(e.getMessage());
            return Main.FAILED;
        }
        if (source == null) {
            err.println(traceFile + ":1:1: error: no 'source' line names the spec; pass --spec FILE");
            return Main.FAILED;
        }
        LoadedSpecs loaded = LoadedSpecs.load(List.of(source), err);
        if (loaded.errors > 0 || loaded.specs.isEmpty()) {
            return Main.FAILED;
        }
        Spec s = loaded.specs.get(0);
        var models = new ModelLoader().load(s);
        ModelInfo info = models.apply(0L).info();
        try {
            Trace replayed = TraceFiles.replay(traceFile, models);
            out.print(RaceDiagram.render(replayed, info, "", Terminal.style()));
            return Main.OK;
        } catch (TraceFormatException e) {
            err.println(e.getMessage());
            return Main.FAILED;
        } catch (ReplayException e) {
            err.println(traceFile + ": does not replay: " + e.getMessage());
            return Main.FAILED;
        }
    }

    static Path sourceOf(Path trace) throws IOException {
        if (ItfFormat.isItf(trace)) {
            return TraceFiles.itfSource(trace);
        }
        for (String line : Files.readAllLines(trace)) {
            if (line.startsWith("source ")) {
                return Path.of(line.substring("source ".length()).trim());
            }
        }
        return null;
    }
}
