package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential campaign: random specs from a seed range ({@code -Dmmspec.trust.seed}, {@code -Dmmspec.trust.specs};
 * {@code -Ptrust-long} runs many more), each compared by {@link Oracle}. A disagreement is shrunk ({@link Shrinker}:
 * big pieces first) and the small spec written to {@code target/trust-disagreements/} to be kept as a fixture under
 * {@code src/test/resources/trust/}.
 */
class DifferentialCampaignTest {
    @TempDir
    Path work;

    /** SPIN is on CI's machine ({@code .ci/run} installs it); without it, say so and compare with TLC alone. */
    static boolean spinOrSay() {
        boolean spin = ReferenceCheckers.spinAvailable();
        if (!spin) {
            System.err.println(
                    "[trust] SKIPPED the SPIN comparisons: spin or gcc not on the PATH (apt-get install spin gcc)");
        }
        return spin;
    }

    @Test
    void randomSpecsAgreeWithTlcAndSpin() throws Exception {
        boolean spin = spinOrSay();
        // Seed 1 agrees since the deadlock-depth rule (Oracle.spinBeyondDeadlock), but it costs 11 minutes at load 11
        // (a dozen fixes, every setting a counterexample): the default build starts at 115, which agrees in seconds.
        long first = Long.getLong("mmspec.trust.seed", 115L);
        int count = Integer.getInteger("mmspec.trust.specs", 1);
        // How many fixes of each spec are switched off (one at a time) besides the all-fixes run; -1: every one.
        int fixesOff = Integer.getInteger("mmspec.trust.fixes", 2);
        int accepted = 0;
        long states = 0;
        int runs = 0;
        List<String> found = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            String text = new RandomSpecs(seed).next();
            List<String> why = new ArrayList<>();
            Spec spec = Oracle.compile("r" + seed, text, why);
            assertTrue(
                    spec != null,
                    "the generator wrote a spec the front end rejects (seed " + seed + "):\n" + String.join("\n", why)
                            + "\n" + text);
            accepted++;
            Oracle.Outcome o = new Oracle(work, spin).compare(spec, fixesOff, seed);
            states += o.statesCompared();
            runs += o.runs();
            if (!o.disagreements().isEmpty()) {
                // Say which checker disagrees, and on what, before the (slow) shrinking starts.
                Path dir = Path.of("target/trust-disagreements");
                Files.createDirectories(dir);
                Path original = dir.resolve("r" + seed + ".original.mmspec");
                Files.writeString(original, text, StandardCharsets.UTF_8);
                System.err.println("[trust] seed " + seed + " disagrees (spec in " + original + "):");
                o.disagreements().forEach(d -> System.err.println("[trust]   " + d));
                if (!Boolean.parseBoolean(System.getProperty("mmspec.trust.shrink", "true"))) {
                    found.add("seed " + seed + " (not shrunk, " + original + "): " + o.disagreements());
                    continue;
                }
                String small = shrink(text, spin);
                Path out = dir.resolve("r" + seed + ".mmspec");
                Files.writeString(out, small, StandardCharsets.UTF_8);
                found.add("seed " + seed + " (shrunk to " + out + "): " + o.disagreements());
            }
        }
        System.err.println("[trust] differential campaign: " + accepted + " specs from seed " + first + ", " + runs
                + " checker runs, " + states + " states compared"
                // A setting that violates stops at its first counterexample, so its counts are not comparable:
                // then only the verdict and the shortest trace's length are (Oracle.compare).
                + (states == 0 ? " (every setting violated: verdicts and trace lengths compared)" : ""));
        assertEquals(List.of(), found);
    }

    /** Big pieces first ({@link Shrinker}), while the spec stays valid and the checkers still disagree. */
    private String shrink(String text, boolean spin) throws IOException, InterruptedException {
        Shrinker shrinker = new Shrinker(candidate -> {
            Spec spec = Oracle.compile("shrunk", candidate, new ArrayList<>());
            return spec != null
                    && !new Oracle(work, spin).compare(spec).disagreements().isEmpty();
        });
        String small = shrinker.shrink(text);
        System.err.println("[trust] shrunk " + text.length() + " to " + small.length() + " bytes in " + shrinker.tries()
                + " oracle runs");
        return small;
    }

    @RegisterExtension
    final Concurrently checks = new Concurrently();

    /**
     * Every disagreement found so far, kept small under {@code src/test/resources/trust/}: they must stay agreed. Each
     * a test of its own; two run at a time ({@link Concurrently}).
     */
    @TestFactory
    Stream<DynamicTest> keptDisagreementsStayAgreed() throws IOException {
        Path dir = Path.of("src/test/resources/trust");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                // -Dmmspec.trust.kept=NAME: only the fixtures whose name contains NAME (while iterating).
                String only = System.getProperty("mmspec.trust.kept", "");
                s.filter(p -> p.toString().endsWith(".mmspec"))
                        .filter(p -> p.getFileName().toString().contains(only))
                        .sorted()
                        .forEach(files::add);
            }
        }
        boolean spin = spinOrSay();
        return checks.tests(files, file -> {
            List<String> why = new ArrayList<>();
            Spec spec = Oracle.compile(Concurrently.name(file), Files.readString(file, StandardCharsets.UTF_8), why);
            assertTrue(spec != null, file + ": " + String.join("\n", why));
            assertEquals(List.of(), new Oracle(work, spin).compare(spec).disagreements(), file.toString());
        });
    }
}
