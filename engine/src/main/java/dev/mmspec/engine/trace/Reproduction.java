package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The lines every failure ends with: the exact commands that rerun it from the command line and from Maven, with the
 * spec, the fixes off and the seed, as Quint and P print theirs. One place, so that the explorer, the generated tests
 * and the property engine print the same thing.
 */
public final class Reproduction {
    private Reproduction() {}

    /**
     * @param testClass the generated test's simple name suffix ({@code ExplorationTest}, {@code PropertyTest},
     *     {@code FixDetectionTest}, {@code ScenarioTest})
     * @param seed the campaign seed, for random runs
     * @param traceFile the trace file written for the failure, or null
     */
    public static String lines(
            ModelInfo info, List<String> fixesOff, OptionalLong seed, String testClass, Path traceFile) {
        String seedFlag = seed.isPresent() ? " -Dmmspec.seed=0x" + Long.toHexString(seed.getAsLong()) : "";
        StringBuilder out = new StringBuilder();
        out.append("rerun: bin/mmspec explore ");
        // explore runs each --off FIX alone: the exact run for one fix off, and for none --all-fixes-only;
        // fixes off together (a scenario's "without a, b") have no explore run of their own.
        if (fixesOff.isEmpty()) {
            out.append("--all-fixes-only ").append(info.sourcePath());
        } else if (fixesOff.size() == 1) {
            out.append("--off ").append(fixesOff.get(0)).append(' ').append(info.sourcePath());
        } else {
            out.append(info.sourcePath())
                    .append("   (fixes off together: ")
                    .append(String.join(",", fixesOff))
                    .append(')');
        }
        out.append('\n');
        if (traceFile != null) {
            out.append("rerun: bin/mmspec replay ").append(slashes(traceFile)).append('\n');
        }
        out.append("rerun: mvn -B test -Dtest=")
                .append(testPrefix(info.spec()))
                .append(testClass)
                .append(" -Dsurefire.failIfNoSpecifiedTests=false")
                .append(seedFlag)
                .append('\n');
        return out.toString();
    }

    /** @return the generated tests' class prefix of a spec: {@code anon_exclusive} -> {@code AnonExclusive}. */
    public static String testPrefix(String spec) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : spec.toCharArray()) {
            if (c == '_' || c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String slashes(Path file) {
        return file.toString().replace('\\', '/');
    }
}
