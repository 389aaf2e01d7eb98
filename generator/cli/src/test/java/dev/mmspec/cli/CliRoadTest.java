package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A user's road through the CLI: nothing of theirs deleted, output that reaches the terminal, help everywhere. */
class CliRoadTest {
    private static final Path SPEC = Path.of("../../spec/anon_exclusive.mmspec");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /**
     * Runs {@code bin/mmspec}'s main class in a JVM of its own, in {@code workingDirectory}: the real process output.
     */
    private static CliRun process(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("mmspec", ".out");
        Path err = Files.createTempFile("mmspec", ".err");
        Process p = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mmspec " + args[0] + " did not finish");
        return new CliRun(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void generateRefusesADirectoryWithSomeoneElsesFileAndTouchesNothing() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "mine\n");
        CliRun r = run("generate", "-o", mine.toString(), SPEC.getParent().toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("is not empty and has no .mmspec-output marker"), r.err());
        assertEquals(List.of("keep.txt"), list(mine));
    }

    @Test
    void generateRefusesTheSpecDirectoryAndAnExistingFile() throws IOException {
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.copy(SPEC, specs.resolve("a.mmspec"));
        CliRun intoSpecs = run("generate", "-o", specs.toString(), specs.toString());
        assertEquals(2, intoSpecs.code(), intoSpecs.err());
        assertTrue(intoSpecs.err().contains("is the directory of the input"), intoSpecs.err());
        assertTrue(Files.isRegularFile(specs.resolve("a.mmspec")));
        Path file = Files.writeString(dir.resolve("file.txt"), "mine\n");
        CliRun intoFile = run("generate", "-o", file.toString(), specs.toString());
        assertEquals(2, intoFile.code(), intoFile.err());
        assertEquals("mine\n", Files.readString(file));
    }

    @Test
    void aDirectoryHoldingOneUnrelatedFileSurvivesEveryCommand() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "mine\n");
        run("check", SPEC.toString());
        run("generate", "-o", mine.toString(), SPEC.getParent().toString());
        run("explore", "--no-diagrams", "--trace-dir", mine.toString(), SPEC.toString());
        for (Path trace : list(mine).stream()
                .filter(n -> n.endsWith(".trace"))
                .map(mine::resolve)
                .toList()) {
            run("replay", "--spec", SPEC.toString(), trace.toString());
        }
        assertEquals("mine\n", Files.readString(mine.resolve("keep.txt")));
        assertTrue(
                list(mine).contains("anon_exclusive-swap_pte_exclusive.trace"),
                list(mine).toString());
    }

    @Test
    void replayPrintsItsDiagramFromARealProcessRunInAnotherDirectory() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/spec"));
        Files.copy(SPEC, project.resolve("anon_exclusive.mmspec"));
        CliRun explored =
                process(project.getParent(), "explore", "--no-cache", "--no-diagrams", "spec/anon_exclusive.mmspec");
        assertEquals(0, explored.code(), explored.out() + explored.err());
        Path trace = dir.resolve("project/target/mmspec/anon_exclusive-swap_pte_exclusive.trace");
        CliRun replayed = process(dir, "replay", trace.toString());
        assertEquals(0, replayed.code(), replayed.err());
        assertTrue(replayed.out().contains("violated: no_lost_dma"), "stdout of the process: " + replayed.out());
    }

    @Test
    void replayOfATraceWhoseSpecIsNowhereSaysSo() throws IOException {
        Path trace = Files.writeString(
                dir.resolve("t.trace"), "mmspec-trace 1\nspec anon_exclusive\nsource gone/x.mmspec\n");
        CliRun r = run("replay", trace.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("t.trace:3:8: error: the spec 'gone/x.mmspec' is neither"), r.err());
        CliRun missing = run("replay", "--spec", dir.resolve("missing.mmspec").toString(), trace.toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("missing.mmspec: no such spec file"), missing.err());
        assertFalse(missing.err().contains("Exception") || missing.err().contains("internal error"), missing.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "explore", "replay", "generate", "explain", "export"})
    void helpOnEverySubcommandPrintsItsHelp(String command) {
        CliRun r = run(command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: mmspec " + command), r.out());
    }

    @Test
    void exploreRunsOneChosenFixOffOrOnlyTheAllFixesRun() {
        CliRun off = run(
                "explore",
                "--no-diagrams",
                "--trace-dir",
                dir.toString(),
                "--off",
                "swap_pte_exclusive",
                SPEC.toString());
        assertEquals(0, off.code(), off.out() + off.err());
        assertTrue(off.out().contains("1 runs, 1 as expected"), off.out());
        assertTrue(off.out().contains("off: swap_pte_exclusive"), off.out());
        CliRun all =
                run("explore", "--no-diagrams", "--trace-dir", dir.toString(), "--all-fixes-only", SPEC.toString());
        assertTrue(all.out().contains("1 runs, 1 as expected") && all.out().contains("all fixes"), all.out());
        CliRun unknown = run("explore", "--off", "no_such_fix", SPEC.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("has no such fix"), unknown.err());
    }

    @Test
    void exploreRunsTheSpecsScenariosAndAWrongOneFailsIt() throws IOException {
        Path good = Path.of("../../spec/file/truncate_fault.mmspec");
        CliRun right =
                run("explore", "--no-diagrams", "--all-fixes-only", "--trace-dir", dir.toString(), good.toString());
        assertEquals(0, right.code(), right.out() + right.err());
        assertTrue(right.out().matches("(?s).*scenario fault_maps_truncated_page +\\[as expected\\].*"), right.out());
        // The same scenario said to hold without the fix: the build's ScenarioTest fails, so must the CLI.
        Path wrong = dir.resolve("truncate_fault.mmspec");
        Files.writeString(
                wrong,
                Files.readString(good)
                        .replace(
                                "  app: read(1);\n} expect violates no_pte_beyond_eof",
                                "  app: read(1);\n} expect holds"));
        CliRun r = run("explore", "--no-diagrams", "--all-fixes-only", "--trace-dir", dir.toString(), wrong.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("scenario fault_maps_truncated_page"), r.out());
        assertTrue(r.out().contains("[UNEXPECTED: "), r.out());
        assertTrue(r.out().contains("1 scenario did not end as the spec says"), r.out());
    }

    @Test
    void checkIsStaticAndItsHelpSaysExploreRunsTheScenarios() throws IOException {
        Path wrong = dir.resolve("truncate_fault.mmspec");
        Files.writeString(
                wrong,
                Files.readString(Path.of("../../spec/file/truncate_fault.mmspec"))
                        .replace(
                                "  app: read(1);\n} expect violates no_pte_beyond_eof",
                                "  app: read(1);\n} expect holds"));
        assertEquals(0, run("check", wrong.toString()).code(), "a wrong expectation is not a static error");
        CliRun help = run("check", "--help");
        assertTrue(
                help.out()
                        .replaceAll("\\s+", " ")
                        .contains("cannot tell whether a scenario ends as the spec says: 'explore' plays"
                                + " every scenario on the model and exits 1"),
                help.out());
        assertEquals(
                1,
                run("explore", "--no-diagrams", "--all-fixes-only", "--trace-dir", dir.toString(), wrong.toString())
                        .code());
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
