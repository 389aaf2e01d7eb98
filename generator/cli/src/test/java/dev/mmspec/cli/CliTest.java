package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes, diagnostics as path:line:col, no stack traces, no half-written output. */
class CliTest {
    private static final Path SPECS = Path.of("../../spec");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void checkOfTheShippedSpecsIsClean() {
        CliRun r = run("check", SPECS.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0 errors"), r.out());
    }

    @Test
    void checkOfAnIllTypedSpecPrintsPathLineColumnAndExitsOne() throws IOException {
        Path bad = write("bad.mmspec", """
                spec bad "ill-typed"
                domain D = 0..1
                state x[D]: bool
                task t: op1
                op op1(d: D) {
                  step s {
                    x[d] := 3;
                  }
                }
                """);
        CliRun r = run("check", bad.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().matches("(?s).*bad\\.mmspec:7:\\d+: error\\[MM05\\d\\d\\]: .*"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void checkOfASyntaxErrorExitsOne() throws IOException {
        Path bad = write("syntax.mmspec", "spec s \"t\"\ndomain D = 0..1\nstate x[D]: bool\nop o( {\n");
        CliRun r = run("check", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().matches("(?s).*syntax\\.mmspec:4:\\d+: error\\[MM01\\d\\d\\]: .*"), r.err());
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun r = run("check", dir.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file or directory"), r.err());
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertEquals(2, run("explore", "--bogus", SPECS.toString()).code());
        assertEquals(2, run("explore", "--workers", "0", SPECS.toString()).code());
        assertEquals(2, run("frobnicate").code());
    }

    @Test
    void exploreFindsTheCoverLetterAndMeetsEveryExpectation() {
        CliRun r = run(
                "explore",
                "--trace-dir",
                dir.resolve("traces").toString(),
                SPECS.resolve("anon_exclusive.mmspec").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("off: swap_pte_exclusive"), r.out());
        assertTrue(r.out().matches("(?s).*VIOLATED no_lost_dma .*trace=\\d+ steps/4 ops.*"), r.out());
        assertTrue(r.out().contains("2 runs, 2 as expected"), r.out());
        assertTrue(Files.exists(dir.resolve("traces/anon_exclusive-swap_pte_exclusive.trace")));
    }

    @Test
    void statsShowWhatPartialOrderReductionSavedAndTheFlagTurnsItOff() {
        Path spec = Path.of("../core/src/test/resources/fixtures/reduction/batch.mmspec");
        CliRun reduced = run("explore", "--stats", "--no-diagrams", "--trace-dir", dir.toString(), spec.toString());
        CliRun full = run(
                "explore",
                "--stats",
                "--no-diagrams",
                "--no-partial-order",
                "--trace-dir",
                dir.toString(),
                spec.toString());
        assertEquals(0, reduced.code(), reduced.out() + reduced.err());
        assertEquals(0, full.code(), full.out() + full.err());
        assertTrue(reduced.out().matches("(?s).*all fixes +holds +distinct=60 .*por-reduced=\\d+.*"), reduced.out());
        assertTrue(full.out().matches("(?s).*all fixes +holds +distinct=81 .*"), full.out());
        assertFalse(full.out().contains("por-reduced"), full.out());
    }

    @Test
    void sleepSetsAreAskedForAndTheStatsSayHowManyTransitionsSlept() {
        Path spec = Path.of("../../spec/file/truncate_fault.mmspec");
        CliRun plain = run("explore", "--stats", "--no-diagrams", "--trace-dir", dir.toString(), spec.toString());
        CliRun sleeping = run(
                "explore", "--stats", "--no-diagrams", "--sleep-sets", "--trace-dir", dir.toString(), spec.toString());
        assertEquals(0, plain.code(), plain.out() + plain.err());
        assertEquals(0, sleeping.code(), sleeping.out() + sleeping.err());
        assertFalse(plain.out().contains("asleep="), plain.out());
        assertTrue(
                sleeping.out().matches("(?s).*all fixes +holds +distinct=644 .*transitions=\\d+ asleep=\\d+.*"),
                sleeping.out());
        assertTrue(plain.out().matches("(?s).*all fixes +holds +distinct=644 .*"), plain.out());
    }

    @Test
    void thePartitionedSearchPrintsTheSameMatrixAndTraces() {
        Path spec = Path.of("../../spec/anon_exclusive.mmspec");
        CliRun shared = run(
                "explore",
                "--workers",
                "2",
                "--trace-dir",
                dir.resolve("shared").toString(),
                spec.toString());
        CliRun partitioned = run(
                "explore",
                "--workers",
                "2",
                "--partitioned",
                "--trace-dir",
                dir.resolve("shared").toString(),
                spec.toString());
        assertEquals(0, shared.code(), shared.out() + shared.err());
        assertEquals(0, partitioned.code(), partitioned.out() + partitioned.err());
        assertEquals(
                shared.out().replaceAll("time=\\d+ms", "time=T"),
                partitioned.out().replaceAll("time=\\d+ms", "time=T"));
    }

    @Test
    void exploreOfASpecWithAnUnmetExpectationExitsOne() throws IOException {
        Path spec = write("wrong.mmspec", """
                spec wrong "an expectation that does not hold"
                domain D = 0..0
                state x[D]: 0..2
                task t: bump
                fix harmless "does nothing"
                op bump(d: D) {
                  step s {
                    require x[d] < 2;
                    x[d] := x[d] + 1;
                  }
                }
                invariant small: forall d in D: x[d] <= 2
                expect without harmless violates small
                """);
        CliRun r = run("explore", "--no-diagrams", "--trace-dir", dir.toString(), spec.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("UNEXPECTED: expected VIOLATED small"), r.out());
        assertTrue(r.out().contains("2 runs, 1 as expected"), r.out());
        assertTrue(r.out().contains("    rerun: bin/mmspec explore --off harmless " + spec + "\n"), r.out());
        assertTrue(
                r.out()
                        .contains("    rerun: mvn -B test -Dtest=WrongExplorationTest "
                                + "-Dsurefire.failIfNoSpecifiedTests=false\n"),
                r.out());
    }

    @Test
    void replayRedrawsATraceWrittenByExplore() {
        Path traces = dir.resolve("traces");
        run(
                "explore",
                "--trace-dir",
                traces.toString(),
                SPECS.resolve("anon_exclusive.mmspec").toString());
        Path trace = traces.resolve("anon_exclusive-swap_pte_exclusive.trace");
        CliRun r =
                run("replay", "--spec", SPECS.resolve("anon_exclusive.mmspec").toString(), trace.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("violated: no_lost_dma"), r.out());
    }

    @Test
    void aSecondExploreOfAnUnchangedSpecSkipsCompilationAndACorruptEntryIsRebuilt() throws IOException {
        Path cache = dir.resolve("cache");
        Path spec = SPECS.resolve("file/gup_dirty.mmspec");
        String[] args = {
            "explore",
            "--stats",
            "--no-diagrams",
            "--cache-dir",
            cache.toString(),
            "--trace-dir",
            dir.toString(),
            spec.toString()
        };
        CliRun cold = run(args);
        assertEquals(0, cold.code(), cold.out() + cold.err());
        assertTrue(cold.out().contains("(0 from cache, 1 compiled)"), cold.out());
        CliRun warm = run(args);
        assertTrue(warm.out().contains("(1 from cache, 0 compiled)"), warm.out());
        assertEquals(withoutTimes(cold.out()), withoutTimes(warm.out()));

        Path entry;
        try (var files = Files.list(cache)) {
            entry = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 1;
        Files.write(entry, bytes);
        CliRun rebuilt = run(args);
        assertEquals(0, rebuilt.code(), rebuilt.out() + rebuilt.err());
        assertTrue(
                rebuilt.err().contains("cached model refused") && rebuilt.err().contains("checksum"), rebuilt.err());
        assertTrue(rebuilt.out().contains("(0 from cache, 1 compiled)"), rebuilt.out());
        assertEquals(withoutTimes(cold.out()), withoutTimes(rebuilt.out()));

        Files.write(entry, java.util.Arrays.copyOf(bytes, 100));
        CliRun afterTruncation = run(args);
        assertTrue(
                afterTruncation.err().contains("truncated")
                        || afterTruncation.err().contains("checksum"),
                afterTruncation.err());
        assertTrue(afterTruncation.out().contains("(0 from cache, 1 compiled)"), afterTruncation.out());
        assertTrue(run(args).out().contains("(1 from cache, 0 compiled)"), "rewritten whole");

        CliRun uncached = run(
                "explore",
                "--stats",
                "--no-diagrams",
                "--no-cache",
                "--cache-dir",
                cache.toString(),
                "--trace-dir",
                dir.toString(),
                spec.toString());
        assertTrue(uncached.out().contains("(0 from cache, 1 compiled)"), uncached.out());
    }

    @Test
    void anEditedSpecIsCompiledAgainNotTakenFromTheCache() throws IOException {
        Path cache = dir.resolve("cache");
        Path spec = write("gup_dirty.mmspec", Files.readString(SPECS.resolve("file/gup_dirty.mmspec")));
        String[] args = {
            "explore",
            "--stats",
            "--no-diagrams",
            "--cache-dir",
            cache.toString(),
            "--trace-dir",
            dir.toString(),
            spec.toString()
        };
        run(args);
        assertTrue(run(args).out().contains("(1 from cache, 0 compiled)"));
        Files.writeString(spec, Files.readString(spec) + "\n// edited\n");
        assertTrue(run(args).out().contains("(0 from cache, 1 compiled)"));
    }

    @Test
    void statsSplitsTheProcessTimeInTheOrderThingsHappen() {
        CliRun r = run(
                "explore",
                "--stats",
                "--off",
                "swap_pte_exclusive",
                "--trace-dir",
                dir.toString(),
                SPECS.resolve("anon_exclusive.mmspec").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^process: wall=(\\d+)ms since JVM start, cpu=(\\d+)ms, command at (\\d+)ms, first search"
                                + " at (\\d+)ms, first counterexample at (\\d+)ms, models=\\d+ms \\(\\d+ from cache,"
                                + " \\d+ compiled\\), search=\\d+ms, output=(\\d+)ms$")
                .matcher(r.out());
        assertTrue(line.find(), r.out());
        long wall = Long.parseLong(line.group(1));
        long commandAt = Long.parseLong(line.group(3));
        long firstSearchAt = Long.parseLong(line.group(4));
        long firstCounterexampleAt = Long.parseLong(line.group(5));
        long output = Long.parseLong(line.group(6));
        assertTrue(Long.parseLong(line.group(2)) > 0, "no CPU time: " + line.group());
        assertTrue(0 <= commandAt && commandAt <= firstSearchAt, line.group());
        assertTrue(firstSearchAt <= firstCounterexampleAt && firstCounterexampleAt + output <= wall, line.group());
    }

    private static String withoutTimes(String out) {
        return out.replaceAll("time=\\d+ms", "")
                .replaceAll("states/s=\\d+", "")
                .replaceAll("(?m)^process: .*$", "")
                .replaceAll("(?m)^    phases: .*$", "");
    }
}
