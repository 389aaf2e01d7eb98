package dev.mmspec.support.property;

import dev.mmspec.support.trace.Trace;
import java.nio.file.Path;
import java.util.Locale;

/** Writes the JUnit 5 test method that a failure report offers to paste. */
final class RegressionTest {
    private RegressionTest() {}

    static String source(Trace trace, long trySeed, Path file, PropertyConfig config, boolean lockstep) {
        String violation = trace.violation().map(v -> v.kind() + " " + v.name()).orElse("failure");
        String method = camel(trace.spec() + "_" + trace.violation().map(v -> v.name()).orElse("failure"))
                + "Seed" + Long.toHexString(trySeed);
        String path = file.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        String sut = lockstep ? config.sutSource() + ", " : "";
        return "    /** Replays " + violation + " (" + trace.steps().size() + " steps, fixes off: "
                + (trace.fixesOff().isEmpty() ? "none" : String.join(",", trace.fixesOff()))
                + "); fails until it is fixed. */\n"
                + "    @org.junit.jupiter.api.Test\n"
                + "    void " + method + "() throws Exception {\n"
                + "        dev.mmspec.support.property.Replay.assertNoFailure(\n"
                + "                " + config.modelSource() + ", " + sut + "java.nio.file.Path.of(\"" + path + "\"));\n"
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
