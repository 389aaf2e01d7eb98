package dev.mmspec.engine.property;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the JUnit 5 test method that a failure report offers to paste. */
final class RegressionTest {
    private RegressionTest() {}

    /**
     * The test carries its trace inline, as a text block: a path into {@code target/} is gone after {@code mvn clean}.
     * With the default (empty) sources the model and implementation are built from the generated classes' names, so the
     * pasted method compiles with no helper of the user's.
     */
    static String source(Trace trace, long trySeed, Path file, PropertyConfig config, Model model, boolean lockstep) {
        String violation = trace.violation().map(v -> v.kind() + " " + v.name()).orElse("failure");
        String method = camel(trace.spec() + "_"
                        + trace.violation().map(v -> v.name()).orElse("failure")) + "Seed" + Long.toHexString(trySeed);
        String modelSource = config.modelSource().isEmpty()
                ? "new " + model.getClass().getCanonicalName() + "(" + model.fixesOff() + "L)"
                : config.modelSource();
        String sut = !lockstep
                ? "null"
                : !config.sutSource().isEmpty()
                        ? config.sutSource()
                        : model.getClass().getCanonicalName().replaceAll("Model$", "Conformance")
                                + ".supplier(java.util.List.of("
                                + trace.fixesOff().stream()
                                        .map(f -> "\"" + f + "\"")
                                        .collect(Collectors.joining(", ")) + "))";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the trace " + file, e);
        }
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                block.append("                ")
                        .append(line.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\""))
                        .append('\n');
            }
        }
        return "    /** Replays " + violation + " (" + trace.steps().size() + " steps, fixes off: "
                + (trace.fixesOff().isEmpty() ? "none" : String.join(",", trace.fixesOff()))
                + "); fails until it is fixed. */\n"
                + "    @org.junit.jupiter.api.Test\n"
                + "    void " + method + "() throws Exception {\n"
                + "        dev.mmspec.engine.property.Replay.assertNoFailureOf(\n"
                + "                " + modelSource + ",\n"
                + "                " + sut + ",\n"
                + "                \"\"\"\n"
                + block
                + "                \"\"\");\n"
                + "    }\n";
    }

    /** @return {@code lost_update no-lost update} as {@code lostUpdateNoLostUpdate}. */
    static String camel(String text) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : text.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = out.length() > 0;
            }
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, "trace");
        }
        return out.substring(0, 1).toLowerCase(Locale.ROOT) + out.substring(1);
    }
}
