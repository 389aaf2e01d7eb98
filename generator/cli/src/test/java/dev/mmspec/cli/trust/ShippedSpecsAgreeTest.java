package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped spec, exported, gets the explorer's verdicts, trace lengths and state counts from TLC and SPIN, with
 * all fixes on and with each off. A TLC or SPIN run costs seconds (a JVM, or gcc on the verifier), so the default build
 * checks the few in {@link #DEFAULT}; {@code -Ptrust-long} ({@code mmspec.trust.shipped=all}) checks all of
 * {@code spec/}, and {@code -Ptrust-bench} ({@code mmspec.trust.shipped=bench}) the four of {@code bench/specs/}, up to
 * 18,257,588 states, within the larger limits {@code trust/limits.properties} gives them ({@link Limits}: TLC with two
 * workers and 4 GB, SPIN depth-first with the scratch out of the state vector). Nothing is skipped: without SPIN (or
 * gcc) on the PATH this fails, since the point is that both agree.
 */
class ShippedSpecsAgreeTest {
    @TempDir
    Path work;

    /**
     * The default build's specs: anon_exclusive, two small ones issue 17 brought (migrate_zap 75 states,
     * writeback_clean 14; no fixes) and the six of the second round (mprotect_upgrade 84, pagecache_remove 44 with one
     * fix, zero_page 28, gup_fast 36, ksm_replace 378 then, 1,158 since its unmerge and mmap_lock: 28 s at load 18,
     * stack_grow 27), each about 10 s at load 1 (javac of the model, one TLC JVM and one gcc of SPIN's verifier per fix
     * setting). swap_zap (331 states then, 1,615 with its second swap slot) agrees too but took 123 s at load 11
     * (SPIN's verifier through gcc), against 37 and 27 s for migrate_zap and writeback_clean: it is checked with the
     * rest of {@code spec/} under {@code -Ptrust-long}. Then truncate_cow (3,374 states; its Promela export passed
     * SPIN's d_step limit until the tests that cannot fail were left out) and zap_dirty (60): 22 and 10 s in the
     * {@code -Ptrust-long} run of 2026-12-07 (all 20 specs of {@code spec/} in 242 s at load 11; swap_fork 23 s,
     * swap_zap 14 s there). {@code -Dmmspec.trust.only=a.mmspec,b.mmspec} (paths from the repository's root) checks
     * just those. Last, lazyfree (11 states, MADV_FREE against reclaim: about 6 s).
     */
    static final List<String> DEFAULT = List.of(
            "spec/anon_exclusive.mmspec",
            "spec/migration/migrate_zap.mmspec",
            "spec/file/writeback_clean.mmspec",
            "spec/anon/mprotect_upgrade.mmspec",
            "spec/file/pagecache_remove.mmspec",
            "spec/anon/zero_page.mmspec",
            "spec/anon/gup_fast.mmspec",
            "spec/anon/ksm_replace.mmspec",
            "spec/anon/stack_grow.mmspec",
            "spec/file/truncate_cow.mmspec",
            "spec/file/zap_dirty.mmspec",
            "spec/anon/lazyfree.mmspec");

    static Stream<Path> specs() throws IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>(List.of(root.resolve("spec")));
        if (Boolean.getBoolean("mmspec.trust.bench")) {
            dirs.add(root.resolve("bench/specs"));
        }
        List<Path> files = new ArrayList<>();
        String only = System.getProperty("mmspec.trust.only", "");
        if (!only.isBlank()) {
            // -Dmmspec.trust.only=spec/anon/zero_page.mmspec,...: just these (to check a new spec by hand).
            return Stream.of(only.split(",")).map(String::strip).map(root::resolve);
        }
        String shipped = System.getProperty("mmspec.trust.shipped", "");
        if (shipped.equals("bench")) {
            // -Ptrust-bench: bench/specs/ alone, within their limits (trust/limits.properties).
            dirs = List.of(root.resolve("bench/specs"));
        } else if (!shipped.equals("all")) {
            return DEFAULT.stream().map(root::resolve);
        }
        for (Path d : dirs) {
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> p.toString().endsWith(".mmspec")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @RegisterExtension
    final Concurrently checks = new Concurrently();

    /** Each spec a test of its own; two run at a time ({@link Concurrently}). */
    @TestFactory
    Stream<DynamicTest> tlcAndSpinAgreeWithTheExplorer() throws IOException {
        assertTrue(
                ReferenceCheckers.spinAvailable(),
                "SPIN and gcc must be on the PATH to compare every shipped spec: apt-get install -y spin gcc");
        return checks.tests(specs().toList(), this::agree);
    }

    private void agree(Path file) throws Exception {
        List<String> why = new ArrayList<>();
        String name = Concurrently.name(file);
        Spec spec = Oracle.compile(name, Files.readString(file, StandardCharsets.UTF_8), why);
        assertNotNull(spec, String.join("\n", why));
        long start = System.nanoTime();
        Oracle.Outcome outcome = new Oracle(work, true).compare(spec);
        System.err.println("[trust] " + name + ": " + (outcome.disagreements().isEmpty() ? "agrees" : "DISAGREES")
                + ", " + outcome.runs() + " checker runs, " + outcome.statesCompared() + " states compared, "
                + (System.nanoTime() - start) / 1_000_000_000 + " s");
        assertEquals(List.of(), outcome.disagreements());
    }
}
