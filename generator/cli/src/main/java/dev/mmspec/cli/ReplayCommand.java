package dev.mmspec.cli;

import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.support.model.FixMask;
import dev.mmspec.support.model.Model;
import dev.mmspec.support.model.ModelInfo;
import dev.mmspec.support.trace.ModelReplay;
import dev.mmspec.support.trace.RaceDiagram;
import dev.mmspec.support.trace.ReplayException;
import dev.mmspec.support.trace.Trace;
import dev.mmspec.support.trace.TraceFormat;
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

@Command(
        name = "replay",
        description = "Replays a trace file on its spec's model and draws it; exit 0 iff it replays exactly and its violation reappears.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "a trace file written by explore or by a failing test")
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
        if (specFile != null && !Files.isRegularFile(specFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spec " + specFile + ": no such spec file");
        }
        Path source = specFile != null ? specFile : sourceOf(traceFile, err);
        if (source == null) {
            return Main.FAILED;
        }
        LoadedSpecs loaded = LoadedSpecs.load(List.of(source), err);
        if (loaded.errors > 0 || loaded.specs.isEmpty()) {
            return Main.FAILED;
        }
        Spec s = loaded.specs.get(0);
        var models = new ModelLoader().load(s);
        ModelInfo info = models.apply(0L).info();
        Trace trace;
        try {
            trace = TraceFormat.read(traceFile, info);
        } catch (TraceFormatException e) {
            err.println(e.getMessage());
            return Main.FAILED;
        }
        Model model = models.apply(FixMask.of(info, trace.fixesOff()));
        try {
            Trace replayed = ModelReplay.replay(model, trace);
            out.print(RaceDiagram.render(replayed, info, ""));
            return Main.OK;
        } catch (ReplayException e) {
            err.println(traceFile + ": does not replay: " + e.getMessage());
            return Main.FAILED;
        }
    }

    /**
     * The spec the trace's {@code source} line names: as written (relative to the working directory
     * explore ran in), else relative to the trace's directory or one of its ancestors, so a trace
     * replays from anywhere inside the project it was written in.
     *
     * @return null, with the reason printed, when no such file is found
     */
    private static Path sourceOf(Path trace, PrintWriter err) throws IOException {
        List<String> lines = Files.readAllLines(trace);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("source ")) {
                continue;
            }
            String named = lines.get(i).substring("source ".length()).trim();
            Path given = Path.of(named);
            if (Files.isRegularFile(given)) {
                return given;
            }
            for (Path dir = trace.toAbsolutePath().getParent(); dir != null && !given.isAbsolute(); dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(given))) {
                    return dir.resolve(given);
                }
            }
            err.println(trace + ":" + (i + 1) + ":8: error: the spec '" + named + "' is neither in the working directory nor"
                    + " beside the trace or above it; pass --spec FILE");
            return null;
        }
        err.println(trace + ":1:1: error: no 'source' line names the spec; pass --spec FILE");
        return null;
    }
}
