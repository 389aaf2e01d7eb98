package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The trace file: line based, stable, readable by a person and by {@link #read}. Actions are written by name (task,
 * {@code op(args)} or {@code continue}, step label, outcome), not by number, so that a trace survives a regeneration of
 * the model that renumbers actions.
 *
 * <pre>
 * mmspec-trace 1
 * spec anon_exclusive
 * source spec/anon_exclusive.mmspec
 * fixes-off swap_pte_exclusive
 * seed 0x5eed
 * violation INVARIANT no_lost_dma
 * step 1 task=app action=gup_get(0) step=gup_get.grab outcome=none
 * step 2 task=reclaim action=swap_out(0) step=swap_out.add_to_swapcache outcome=none
 * step 3 task=reclaim action=continue step=swap_out.unmap outcome=none
 * end 3
 * </pre>
 *
 * <p>{@code fixes-off none}, {@code seed none} and {@code violation none} are written when there is nothing to say.
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class TraceFormat {
    /** The first line of every trace file. */
    public static final String MAGIC = "mmspec-trace 1";

    private TraceFormat() {}

    /** Writes {@code trace} of the model described by {@code info}. */
    public static void write(Trace trace, ModelInfo info, Writer out) throws IOException {
        out.write(MAGIC + "\n");
        out.write("spec " + trace.spec() + "\n");
        out.write("source " + trace.sourcePath() + "\n");
        out.write("fixes-off " + ModelText.fixList(trace.fixesOff()) + "\n");
        out.write("seed " + TraceNames.seedText(trace.seed()) + "\n");
        out.write("violation " + trace.violation().map(Violation::toString).orElse("none") + "\n");
        int n = 0;
        for (TraceStep step : trace.steps()) {
            n++;
            int task = info.actions().get(step.action()).task();
            out.write("step " + n
                    + " task=" + info.tasks().get(task)
                    + " action=" + ModelText.action(info, step.action())
                    + " step=" + info.steps().get(step.step()).label()
                    + " outcome=" + ModelText.outcome(info, step.outcome()) + "\n");
        }
        out.write("end " + n + "\n");
    }

    /** @return {@code trace} as the text of a trace file. */
    public static String toText(Trace trace, ModelInfo info) {
        StringWriter out = new StringWriter();
        try {
            write(trace, info, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code trace} to {@code file}, creating its directory. */
    public static void write(Trace trace, ModelInfo info, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toText(trace, info), StandardCharsets.UTF_8);
    }

    /** Reads a trace file, resolving names against the model described by {@code info}. */
    public static Trace read(Path file, ModelInfo info) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), info);
        }
    }

    /** Reads a trace from text; {@code source} names it in errors. */
    public static Trace read(String text, String source, ModelInfo info) throws TraceFormatException {
        try {
            return read(new StringReader(text), source, info);
        } catch (TraceFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a trace; {@code source} names the input in errors. */
    public static Trace read(Reader in, String source, ModelInfo info) throws IOException {
        return new Parser(source, info).parse(new BufferedReader(in));
    }

    /** One pass over the lines; every error names its line. */
    private static final class Parser {
        private final String source;
        private final ModelInfo info;
        private final TraceNames names;
        private int lineNumber;

        Parser(String source, ModelInfo info) {
            this.source = source;
            this.info = info;
            this.names = new TraceNames(info);
        }

        Trace parse(BufferedReader in) throws IOException {
            String magic = next(in);
            if (magic == null || !magic.equals(MAGIC)) {
                throw error("expected \"" + MAGIC + "\" as the first line, found " + quote(magic));
            }
            String spec = header(in, "spec");
            if (!spec.equals(info.spec())) {
                throw error("trace is of spec \"" + spec + "\" but the model is \"" + info.spec() + "\"");
            }
            String sourcePath = header(in, "source");
            List<String> fixesOff = fixes(header(in, "fixes-off"));
            String seedText = header(in, "seed");
            OptionalLong seed = resolve(() -> TraceNames.seed(seedText));
            String violationText = header(in, "violation");
            Optional<Violation> violation = resolve(() -> TraceNames.violation(violationText));
            List<TraceStep> steps = new ArrayList<>();
            while (true) {
                String line = next(in);
                if (line == null) {
                    throw error("missing \"end " + steps.size() + "\" line (file truncated?)");
                }
                if (line.startsWith("end")) {
                    expectEnd(line, steps.size());
                    if (next(in) != null) {
                        throw error("text after the end line");
                    }
                    return new Trace(spec, sourcePath, fixesOff, seed, violation, steps, List.of());
                }
                steps.add(step(line, steps.size() + 1));
            }
        }

        private String next(BufferedReader in) throws IOException {
            String line;
            do {
                line = in.readLine();
                lineNumber++;
            } while (line != null && (line.isBlank() || line.startsWith("#")));
            return line == null ? null : line.strip();
        }

        private String header(BufferedReader in, String key) throws IOException {
            String line = next(in);
            if (line == null || !(line.startsWith(key + " ") && line.length() > key.length() + 1)) {
                throw error("expected \"" + key + " <value>\", found " + quote(line));
            }
            return line.substring(key.length() + 1).strip();
        }

        private List<String> fixes(String value) throws TraceFormatException {
            if (value.equals("none")) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String name : value.split(",")) {
                names.add(resolve(() -> this.names.fix(name.strip())));
            }
            return names;
        }

        private TraceStep step(String line, int expectedNumber) throws TraceFormatException {
            String[] words = line.split("\\s+");
            if (words.length != 6 || !words[0].equals("step")) {
                throw error("expected \"step <n> task=<name> action=<op(args)|continue> step=<op.step> outcome=<name>\""
                        + " or \"end <n>\", found " + quote(line));
            }
            if (!words[1].equals(Integer.toString(expectedNumber))) {
                throw error("expected step number " + expectedNumber + ", found " + quote(words[1]));
            }
            String taskName = field(words[2], "task");
            String actionText = field(words[3], "action");
            String label = field(words[4], "step");
            String outcomeText = field(words[5], "outcome");
            int task = resolve(() -> names.task(taskName));
            int action = resolve(() -> names.action(task, actionText));
            int step = resolve(() -> names.step(label));
            int outcome = resolve(() -> names.outcome(outcomeText));
            return new TraceStep(action, step, outcome);
        }

        private String field(String word, String key) throws TraceFormatException {
            if (!word.startsWith(key + "=") || word.length() == key.length() + 1) {
                throw error("expected " + key + "=<value>, found " + quote(word));
            }
            return word.substring(key.length() + 1);
        }

        /** Runs one name lookup, turning its complaint into an error at the current line. */
        private <T> T resolve(java.util.function.Supplier<T> lookup) throws TraceFormatException {
            try {
                return lookup.get();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private void expectEnd(String line, int count) throws TraceFormatException {
            if (!line.equals("end " + count)) {
                throw error("expected \"end " + count + "\" (the number of steps), found " + quote(line));
            }
        }

        private TraceFormatException error(String problem) {
            return new TraceFormatException(source, lineNumber, problem);
        }

        private static String quote(String text) {
            return text == null ? "end of file" : "\"" + text + "\"";
        }
    }
}
