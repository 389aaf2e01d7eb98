package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rerun lines of the command line are commands, not prose: the explore line of a failure, run as printed, runs that
 * failing run and no other; a trace that no longer replays prints the lines that rerun the run that wrote it.
 */
class RerunLinesTest {
    private static final Path SPEC = Path.of("../../spec/anon_exclusive.mmspec");

    @TempDir
    Path dir;

    /** @return the arguments of the first {@code rerun: bin/mmspec <command>} line of {@code output} */
    private static List<String> rerunLine(String output, String command) {
        for (String line : output.split("\n")) {
            String t = line.strip();
            if (t.startsWith("rerun: bin/mmspec " + command + " ")) {
                return new ArrayList<>(
                        Arrays.asList(t.substring("rerun: bin/mmspec ".length()).split(" +")));
            }
        }
        throw new AssertionError("no 'rerun: bin/mmspec " + command + "' line in:\n" + output);
    }

    @Test
    void theExploreLineOfAFailureRunsExactlyThatRun() {
        CliRun first = CliRun.of(
                "explore", "--no-diagrams", "--trace-dir", dir.resolve("first").toString(), SPEC.toString());
        List<String> again = rerunLine(first.out(), "explore");
        assertEquals(List.of("explore", "--off", "swap_pte_exclusive", SPEC.toString()), again);
        again.addAll(
                1, List.of("--no-diagrams", "--trace-dir", dir.resolve("again").toString()));
        CliRun rerun = CliRun.of(again.toArray(String[]::new));
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(
                rerun.out().contains("off: swap_pte_exclusive") && rerun.out().contains("VIOLATED no_lost_dma"),
                rerun.out());
        assertFalse(rerun.out().contains("all fixes"), "the rerun ran more than the failing run:\n" + rerun.out());
    }

    @Test
    void aScenarioThatDoesNotEndAsWrittenPrintsTheLinesThatRerunIt() throws IOException {
        Path spec = dir.resolve("wrong_scenario.mmspec");
        Files.writeString(spec, """
                spec wrong_scenario "a scenario that expects a violation that never comes"
                domain Page = 0..0
                state dirty[Page]: bool
                task writer: touch
                fix harmless "does nothing"
                op touch(p: Page) {
                  step mark { dirty[p] := true; }
                }
                invariant either: forall p in Page: dirty[p] || !dirty[p]
                scenario once without harmless {
                  writer: touch(0);
                } expect violates either
                """);
        CliRun r = CliRun.of(
                "explore", "--no-diagrams", "--trace-dir", dir.resolve("t").toString(), spec.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String after = r.out().substring(r.out().indexOf("scenario once"));
        assertTrue(after.contains("[UNEXPECTED: "), after);
        assertTrue(after.contains("    rerun: bin/mmspec explore --off harmless " + spec + "\n"), after);
        assertTrue(
                after.contains("    rerun: mvn -B test -Dtest=WrongScenarioScenarioTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false\n"),
                after);
    }

    @Test
    void aTraceThatNoLongerReplaysPrintsTheLinesThatRerunItsRun() throws IOException {
        CliRun explored = CliRun.of("explore", "--no-diagrams", "--trace-dir", dir.toString(), SPEC.toString());
        List<String> replay = rerunLine(explored.out(), "replay");
        Path trace = Path.of(replay.get(1));
        // The trace loses its last step, as if the spec had changed under it: the violation no longer appears.
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.removeIf(l -> l.startsWith("step 7 "));
        lines.replaceAll(l -> l.equals("end 7") ? "end 6" : l);
        Files.write(trace, lines);
        CliRun r = CliRun.of(replay.toArray(String[]::new));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(
                r.err().contains("does not replay: step 6: invariant no_lost_dma holds at the end of the trace"),
                r.err());
        assertTrue(r.err().contains("rerun: bin/mmspec explore --off swap_pte_exclusive " + SPEC + "\n"), r.err());
        assertTrue(
                r.err()
                        .contains("rerun: mvn -B test -Dtest=AnonExclusiveExplorationTest "
                                + "-Dsurefire.failIfNoSpecifiedTests=false\n"),
                r.err());
    }
}
