package dev.mmspec.engine.trace.itf;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormatException;
import dev.mmspec.engine.trace.TraceNames;
import dev.mmspec.engine.trace.TraceStep;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.json.Json;
import dev.mmspec.engine.trace.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A trace in the Informal Trace Format (ITF) of Apalache and Quint
 * (https://apalache-mc.org/docs/adr/015adr-trace.html), so that tools that read their counterexamples read mmspec's
 * too: {@code #meta}, {@code vars}, and {@code states}, each with every variable of {@link ItfState} plus the step that
 * led to it:
 *
 * <ul>
 *   <li>{@code mbt::actionTaken}: {@code init}, then {@code <task> <op(args)|continue>} (the model-based-testing
 *       convention of Quint);
 *   <li>{@value #STEP}: {@code None} for the initial state, else {@code Some} of the task, action, step label, outcome
 *       and spec line, the names the line-based trace file uses.
 * </ul>
 *
 * <p>{@code #meta} carries the spec, its source, the fixes off, the seed ({@code none} when there was none), the
 * violation ({@code kind}, {@code name}, and the spec {@code line} of a violated invariant), and {@code "mmspec": 1},
 * the version of this layout. No timestamp: the same trace gives the same bytes. The schema is
 * {@code docs/itf-trace.schema.json}.
 */
public final class ItfFormat {
    /** The variable with the step that led to a state. */
    public static final String STEP = "mmspec::step";
    /** Quint's model-based-testing variable naming the action that led to a state. */
    public static final String ACTION_TAKEN = "mbt::actionTaken";
    /** Files whose name ends so are read as ITF; every other trace file as the line-based format. */
    public static final String SUFFIX = ".itf.json";

    private ItfFormat() {}

    /** @return whether {@code file} is named as an ITF trace. */
    public static boolean isItf(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(SUFFIX);
    }

    /** @return the ITF file beside a line-based trace file ({@code x.trace} -> {@code x.itf.json}). */
    public static Path besides(Path traceFile) {
        String name = traceFile.getFileName().toString();
        String stem = name.endsWith(".trace") ? name.substring(0, name.length() - ".trace".length()) : name;
        return traceFile.resolveSibling(stem + SUFFIX);
    }

    /** @return {@code trace} (replayed: with its states) as an ITF JSON object. */
    public static Map<String, Object> toItf(Trace trace, ModelInfo info) {
        if (!trace.replayed()) {
            throw new IllegalArgumentException("an ITF trace needs the states of a replayed trace: " + trace);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("#meta", meta(trace, info));
        List<Object> vars = new ArrayList<>(ItfState.vars(info));
        vars.add(ACTION_TAKEN);
        vars.add(STEP);
        root.put("vars", vars);
        List<Object> states = new ArrayList<>();
        for (int i = 0; i < trace.states().size(); i++) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("#meta", Map.of("index", i));
            state.putAll(ItfState.encode(info, trace.states().get(i)));
            if (i == 0) {
                state.put(ACTION_TAKEN, "init");
                state.put(STEP, ItfState.none());
            } else {
                TraceStep step = trace.steps().get(i - 1);
                String task = info.tasks().get(info.actions().get(step.action()).task());
                state.put(ACTION_TAKEN, task + " " + ModelText.action(info, step.action()));
                Map<String, Object> taken = new LinkedHashMap<>();
                taken.put("task", task);
                taken.put("action", ModelText.action(info, step.action()));
                taken.put("step", info.steps().get(step.step()).label());
                taken.put("outcome", ModelText.outcome(info, step.outcome()));
                taken.put("line", ItfState.bigint(info.steps().get(step.step()).line()));
                state.put(STEP, ItfState.some(taken));
            }
            states.add(state);
        }
        root.put("states", states);
        return root;
    }

    private static Map<String, Object> meta(Trace trace, ModelInfo info) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "ITF");
        meta.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.put("description", "mmspec counterexample of " + info.spec() + " (" + info.title() + ")");
        meta.put("mmspec", 1);
        meta.put("spec", trace.spec());
        meta.put("source", trace.sourcePath());
        meta.put("fixes-off", List.copyOf(trace.fixesOff()));
        meta.put("seed", TraceNames.seedText(trace.seed()));
        if (trace.violation().isEmpty()) {
            meta.put("violation", "none");
        } else {
            Violation v = trace.violation().get();
            Map<String, Object> violation = new LinkedHashMap<>();
            violation.put("kind", v.kind().name());
            violation.put("name", v.name());
            int invariant = info.invariantIndex(v.name());
            if (v.kind() == dev.mmspec.engine.trace.ViolationKind.INVARIANT && invariant >= 0) {
                violation.put("line", info.invariants().get(invariant).line());
            }
            meta.put("violation", violation);
        }
        return meta;
    }

    /** @return the text of the ITF file of {@code trace}. */
    public static String toText(Trace trace, ModelInfo info) {
        return Json.write(toItf(trace, info));
    }

    /** Writes {@code trace} to {@code file}, creating its directory. */
    public static void write(Trace trace, ModelInfo info, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toText(trace, info), StandardCharsets.UTF_8);
    }

    /**
     * An ITF trace as read: the trace (steps by name, as the line-based reader gives it: no states) and the states the
     * file recorded, to be checked against a replay.
     *
     * @param states each state's variables without its {@code #meta}
     */
    public record ItfTrace(Trace trace, List<Map<String, Object>> states) {
        public ItfTrace {
            states = List.copyOf(states);
        }
    }

    /** Reads an ITF file, resolving names against the model described by {@code info}. */
    public static ItfTrace read(Path file, ModelInfo info) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString(), info);
    }

    /** Reads ITF text; {@code source} names it in errors. */
    public static ItfTrace read(String text, String source, ModelInfo info) throws TraceFormatException {
        Object root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new TraceFormatException(source, e.line(), "not JSON: " + e.getMessage());
        }
        return new Reader(source, info).trace(root);
    }

    /** Walks the JSON tree; every error names the part of the file it is about. */
    private static final class Reader {
        private final String source;
        private final ModelInfo info;
        private final TraceNames names;

        Reader(String source, ModelInfo info) {
            this.source = source;
            this.info = info;
            this.names = new TraceNames(info);
        }

        ItfTrace trace(Object root) throws TraceFormatException {
            Map<String, Object> top = object(root, "the file");
            Map<String, Object> meta = object(top.get("#meta"), "#meta");
            if (!"ITF".equals(meta.get("format"))) {
                throw error("#meta.format must be \"ITF\", found " + meta.get("format"));
            }
            String spec = string(meta.get("spec"), "#meta.spec");
            if (!spec.equals(info.spec())) {
                throw error("trace is of spec \"" + spec + "\" but the model is \"" + info.spec() + "\"");
            }
            String sourcePath = string(meta.get("source"), "#meta.source");
            List<String> fixesOff = new ArrayList<>();
            for (Object fix : list(meta.get("fixes-off"), "#meta.fixes-off")) {
                String name = string(fix, "#meta.fixes-off[]");
                fixesOff.add(resolve("#meta.fixes-off", () -> names.fix(name)));
            }
            String seedText = string(meta.get("seed"), "#meta.seed");
            OptionalLong seed = resolve("#meta.seed", () -> TraceNames.seed(seedText));
            Optional<Violation> violation = violation(meta.get("violation"));
            List<Object> states = list(top.get("states"), "states");
            if (states.isEmpty()) {
                throw error("states is empty: an ITF trace has at least the initial state");
            }
            List<TraceStep> steps = new ArrayList<>();
            List<Map<String, Object>> values = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                String where = "states[" + i + "]";
                Map<String, Object> state = new LinkedHashMap<>(object(states.get(i), where));
                state.remove("#meta");
                Map<String, Object> step = object(state.get(STEP), where + "." + STEP);
                if (i == 0) {
                    if (!"None".equals(step.get("tag"))) {
                        throw error(where + "." + STEP + " must be None: the initial state has no step before it");
                    }
                } else {
                    if (!"Some".equals(step.get("tag"))) {
                        throw error(where + "." + STEP + " must be Some({task, action, step, outcome})");
                    }
                    steps.add(step(object(step.get("value"), where + "." + STEP + ".value"), where + "." + STEP));
                }
                values.add(state);
            }
            return new ItfTrace(new Trace(spec, sourcePath, fixesOff, seed, violation, steps, List.of()), values);
        }

        private Optional<Violation> violation(Object value) throws TraceFormatException {
            if ("none".equals(value)) {
                return Optional.empty();
            }
            Map<String, Object> v = object(value, "#meta.violation");
            String kind = string(v.get("kind"), "#meta.violation.kind");
            String name = string(v.get("name"), "#meta.violation.name");
            return Optional.of(
                    new Violation(resolve("#meta.violation.kind", () -> TraceNames.violationKind(kind)), name));
        }

        private TraceStep step(Map<String, Object> value, String where) throws TraceFormatException {
            String taskName = string(value.get("task"), where + ".task");
            String actionText = string(value.get("action"), where + ".action");
            String label = string(value.get("step"), where + ".step");
            String outcomeText = string(value.get("outcome"), where + ".outcome");
            int task = resolve(where, () -> names.task(taskName));
            int action = resolve(where, () -> names.action(task, actionText));
            int step = resolve(where, () -> names.step(label));
            int outcome = resolve(where, () -> names.outcome(outcomeText));
            return new TraceStep(action, step, outcome);
        }

        private <T> T resolve(String where, java.util.function.Supplier<T> lookup) throws TraceFormatException {
            try {
                return lookup.get();
            } catch (IllegalArgumentException e) {
                throw error(where + ": " + e.getMessage());
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> object(Object value, String what) throws TraceFormatException {
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw error(what + " must be an object, found " + describe(value));
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(Object value, String what) throws TraceFormatException {
            if (value instanceof List<?> list) {
                return (List<Object>) list;
            }
            throw error(what + " must be an array, found " + describe(value));
        }

        private String string(Object value, String what) throws TraceFormatException {
            if (value instanceof String s) {
                return s;
            }
            throw error(what + " must be a string, found " + describe(value));
        }

        private static String describe(Object value) {
            return value == null ? "nothing" : Json.writeCompact(value);
        }

        private TraceFormatException error(String problem) {
            return new TraceFormatException(source, 0, problem);
        }
    }
}
