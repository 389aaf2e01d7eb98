package dev.mmspec.engine.check;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.BuildSettings;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where failing tests leave their counterexamples: {@code -Dmmspec.traceDir}, else the Maven plugin's
 * {@code <traceDirectory>} (see {@link BuildSettings}), by default {@code target/mmspec-traces} beside the surefire
 * reports, as {@code .trace}, {@code .itf.json} and {@code .html}. A file is written whole or not at all.
 */
public final class TraceFiles {
    private TraceFiles() {}

    public static Path directory() {
        return Path.of(BuildSettings.get("mmspec.traceDir", "target/mmspec-traces"));
    }

    /** @return the file {@code trace} was written to ({@code <spec>-<what>.trace} in {@link #directory()}). */
    public static Path write(Trace trace, ModelInfo info, String what) {
        String name = (info.spec() + "-" + what).replaceAll("[^A-Za-z0-9_.-]", "_") + ".trace";
        try {
            return write(trace, info, directory(), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace file for " + info.spec() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code trace} as {@code dir/name}, with its ITF file and (unless {@code -Dmmspec.html=false}) its race
     * viewer beside it; each file is whole or absent.
     */
    public static Path write(Trace trace, ModelInfo info, Path dir, String name) throws IOException {
        return CounterexampleFiles.write(trace, info, dir.resolve(name), CounterexampleFiles.htmlWanted());
    }
}
