package dev.mmspec.cli;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormat;
import dev.mmspec.engine.trace.TraceFormatException;
import dev.mmspec.engine.trace.itf.ItfFormat;
import dev.mmspec.engine.trace.itf.ItfReplay;
import dev.mmspec.engine.trace.json.Json;
import dev.mmspec.engine.trace.json.JsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** Reading a trace file of either format (by its name: {@code *.itf.json} is ITF) and replaying it on its model. */
final class TraceFiles {
    private TraceFiles() {}

    /**
     * @return the trace, replayed on the model with its fixes off (an ITF file state by state)
     * @throws TraceFormatException if the file cannot be read as its format
     * @throws ReplayException if it does not replay exactly
     */
    static Trace replay(Path file, LongFunction<Model> models) throws IOException, ReplayException {
        ModelInfo info = models.apply(0L).info();
        if (ItfFormat.isItf(file)) {
            ItfFormat.ItfTrace itf = ItfFormat.read(file, info);
            return ItfReplay.replay(models.apply(FixMask.of(info, itf.trace().fixesOff())), itf);
        }
        Trace trace = read(file, info);
        return ModelReplay.replay(models.apply(FixMask.of(info, trace.fixesOff())), trace);
    }

    /**
     * @return the trace as written, not replayed: its fixes off and seed, for the rerun lines of one that does not
     *     replay
     * @throws TraceFormatException if the file cannot be read as its format
     */
    static Trace read(Path file, ModelInfo info) throws IOException {
        return ItfFormat.isItf(file) ? ItfFormat.read(file, info).trace() : TraceFormat.read(file, info);
    }

    /**
     * @return the spec file an ITF trace names in {@code #meta.source}, as the one line {@code source <path>} that a
     *     line-based trace would have, or no lines
     */
    static List<String> itfSourceLines(Path file) throws IOException {
        try {
            if (Json.parse(Files.readString(file)) instanceof Map<?, ?> root
                    && root.get("#meta") instanceof Map<?, ?> meta
                    && meta.get("source") instanceof String source) {
                return List.of("source " + source);
            }
            return List.of();
        } catch (JsonException e) {
            throw new TraceFormatException(file.toString(), e.line(), "not JSON: " + e.getMessage());
        }
    }
}
