package dev.mmspec.cli;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Reproduction;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormatException;
import dev.mmspec.engine.trace.itf.ItfFormat;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.ir.Spec;
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
        description = {
            "Replays a trace file on its spec's model and draws it; exit 0 iff it replays exactly and its violation "
                    + "reappears.",
            "TRACE is a .trace file or an ITF file (*.itf.json), whose every state is checked against the model's."
        })
final class ReplayCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "TRACE",
            description = "a trace file (.trace or .itf.json) written by explore or by a failing test")
    Path traceFile;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description = "the spec file (default: the 'source' line of the trace)")
    Path specFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Replayed replayed = replay(traceFile, specFile, spec);
        if (replayed == null) {
            return Main.FAILED;
        }
        spec.commandLine().getOut().print(RaceDiagram.render(replayed.trace(), replayed.info(), "", Terminal.style()));
        return Main.OK;
    }

    /** A trace file replayed on its spec's model, and that model's description. */
    record Replayed(Trace trace, ModelInfo info) {}

    /**
     * Replays {@code traceFile} on the model of {@code specFile}, or of the spec the trace names, for {@code replay}
     * and {@code show}. A missing file is a usage error of {@code command}; a trace that cannot be read or does not
     * replay is reported on its error stream.
     *
     * @return null if the trace's spec has errors, cannot be found, or the trace does not replay
     */
    static Replayed replay(Path traceFile, Path specFile, CommandLine.Model.CommandSpec command) throws IOException {
        PrintWriter err = command.commandLine().getErr();
        if (!Files.isRegularFile(traceFile)) {
            throw new CommandLine.ParameterException(command.commandLine(), traceFile + ": no such trace file");
        }
        if (specFile != null && !Files.isRegularFile(specFile)) {
            throw new CommandLine.ParameterException(
                    command.commandLine(), "--spec " + specFile + ": no such spec file");
        }
        try {
            Path source = specFile != null ? specFile : sourceOf(traceFile, err);
            if (source == null) {
                return null;
            }
            LoadedSpecs loaded = LoadedSpecs.load(List.of(source), err);
            if (loaded.errors > 0 || loaded.specs.isEmpty()) {
                return null;
            }
            Spec s = loaded.specs.get(0);
            var models = new ModelLoader().load(s);
            ModelInfo info = models.apply(0L).info();
            try {
                return new Replayed(TraceFiles.replay(traceFile, models), info);
            } catch (ReplayException e) {
                err.println(traceFile + ": does not replay: " + e.getMessage());
                // Most often the spec changed since the trace was written: the run that wrote it, run again, gives a
                // fresh one.
                Trace written = TraceFiles.read(traceFile, info);
                err.print(Reproduction.lines(
                        info,
                        written.fixesOff(),
                        written.seed(),
                        written.seed().isPresent() ? "PropertyTest" : "ExplorationTest",
                        traceFile));
                return null;
            }
        } catch (TraceFormatException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /**
     * The spec the trace's {@code source} line (an ITF file's {@code #meta.source}) names: as written (relative to the
     * working directory explore ran in), else relative to the trace's directory or one of its ancestors, so a trace
     * replays from anywhere inside the project it was written in.
     *
     * @return null, with the reason printed, when no such file is found
     */
    static Path sourceOf(Path trace, PrintWriter err) throws IOException {
        List<String> lines = ItfFormat.isItf(trace) ? TraceFiles.itfSourceLines(trace) : Files.readAllLines(trace);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("source ")) {
                continue;
            }
            String named = lines.get(i).substring("source ".length()).trim();
            Path given = Path.of(named);
            if (Files.isRegularFile(given)) {
                return given;
            }
            for (Path dir = trace.toAbsolutePath().getParent();
                    dir != null && !given.isAbsolute();
                    dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(given))) {
                    return dir.resolve(given);
                }
            }
            err.println(trace + ":" + (i + 1) + ":8: error: the spec '" + named
                    + "' is neither in the working directory nor" + " beside the trace or above it; pass --spec FILE");
            return null;
        }
        err.println(trace + ":1:1: error: no 'source' line names the spec; pass --spec FILE");
        return null;
    }
}
