package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code explore}'s fast path ({@link ExploreArguments}): every command line gives the same output and status as when
 * picocli parses it, whether the fast path takes it or leaves it to picocli; it takes the common ones; and a run it
 * takes loads no picocli class.
 */
class ExploreArgumentsTest {
    private static final String SPEC = "../../spec/anon_exclusive.mmspec";

    @TempDir
    static Path dir;

    /** Command lines the fast path must take. */
    static Stream<List<String>> common() {
        return Stream.of(
                List.of("explore", "--off", "swap_pte_exclusive", SPEC),
                List.of("explore", "--off=swap_pte_exclusive", "--no-diagrams", SPEC),
                List.of("explore", "--stats", "--off=swap_pte_exclusive", SPEC),
                List.of("explore", "--all-fixes-only", "--workers", "2", "--max-states", "30", SPEC),
                List.of("explore", SPEC, "--workers=1", "--partitioned", "--no-partial-order", "--html"),
                List.of("explore", "--sleep-sets", "--time-limit", "60", "--no-cache", SPEC),
                List.of("explore", "--trace-dir", dir.resolve("traces").toString(), "--cache-dir=" + dir, SPEC),
                // Usage errors found once parsed: the fast path reports them as picocli does.
                List.of("explore", "--off", "no_such_fix", SPEC),
                List.of("explore", "--workers", "0", SPEC),
                List.of("explore", "--all-fixes-only", "--off", "swap_pte_exclusive", SPEC),
                List.of("explore", "--max-states=0", SPEC),
                List.of("explore", dir.resolve("missing.mmspec").toString()),
                List.of("explore", dir.resolve("empty").toString()));
    }

    /** Command lines the fast path must leave to picocli: its help, its errors, what it might read otherwise. */
    static Stream<List<String>> picocliOnly() {
        return Stream.of(
                List.of("explore"),
                List.of("explore", "--help"),
                List.of("explore", "-h", SPEC),
                List.of("explore", "--workers", "abc", SPEC),
                List.of("explore", "--workers", "+2", SPEC),
                List.of("explore", "--workers", "99999999999", SPEC),
                List.of("explore", "--max-states", "-5", SPEC),
                List.of("explore", "--stats", "--stats", SPEC),
                List.of("explore", "--stats=true", SPEC),
                List.of("explore", "--workers", "1", "--workers", "2", SPEC),
                List.of("explore", "--trace-dir"),
                List.of("explore", "--trace-dir", "--stats", SPEC),
                List.of("explore", "--engine", "local", SPEC),
                List.of("explore", "--master", "local[2]", SPEC),
                List.of("explore", "--bogus", SPEC),
                List.of("explore", "--", SPEC),
                List.of("explore", "@" + dir.resolve("args.txt")),
                List.of("check", SPEC));
    }

    static Stream<List<String>> every() {
        return Stream.concat(common(), picocliOnly());
    }

    @BeforeAll
    static void warmTheModelCacheAndLayOutFiles() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("args.txt"), "--off swap_pte_exclusive " + SPEC + "\n");
        // So that neither of the two runs compared below is the one that compiles the model.
        CliRun.of("explore", "--all-fixes-only", SPEC);
    }

    @ParameterizedTest
    @MethodSource("common")
    void theFastPathTakesTheCommonCommandLines(List<String> args) {
        assertTrue(ExploreArguments.parse(args).isPresent(), args.toString());
    }

    @ParameterizedTest
    @MethodSource("picocliOnly")
    void theFastPathLeavesTheRestToPicocli(List<String> args) {
        assertFalse(ExploreArguments.parse(args).isPresent(), args.toString());
    }

    @ParameterizedTest
    @MethodSource("every")
    void everyCommandLineGivesWhatPicocliGives(List<String> args) {
        String[] array = args.toArray(String[]::new);
        StringWriter fastOut = new StringWriter();
        StringWriter fastErr = new StringWriter();
        int fast = Main.run(array, new PrintWriter(fastOut, true), new PrintWriter(fastErr, true));
        StringWriter slowOut = new StringWriter();
        StringWriter slowErr = new StringWriter();
        int slow = Main.runWithPicocli(array, new PrintWriter(slowOut, true), new PrintWriter(slowErr, true));
        assertEquals(slow, fast, args + "\n" + fastErr);
        assertEquals(withoutTimes(slowOut.toString()), withoutTimes(fastOut.toString()), args.toString());
        assertEquals(withoutTimes(slowErr.toString()), withoutTimes(fastErr.toString()), args.toString());
    }

    @Test
    void anExploreTheFastPathTakesLoadsNoPicocliClass() throws IOException, InterruptedException {
        Path classes = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m",
                "-Xmx256m",
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "explore",
                "--stats",
                "--off",
                "swap_pte_exclusive",
                "--trace-dir",
                dir.resolve("process-traces").toString(),
                SPEC));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "explore did not finish");
        assertEquals(Main.OK, process.exitValue(), output);
        assertTrue(output.contains("1 runs, 1 as expected"), output);
        List<String> picocli = Files.readAllLines(classes).stream()
                .filter(line -> line.contains(" picocli."))
                .toList();
        assertTrue(
                picocli.isEmpty(),
                picocli.size() + " picocli classes loaded by a fast-path explore, the first: "
                        + picocli.stream().findFirst().orElse(""));
    }

    /** Times and rates differ from run to run; everything else must not. */
    private static String withoutTimes(String output) {
        return output.replaceAll("\\d+ms", "Nms")
                .replaceAll("states/s=\\d+", "states/s=N")
                .replaceAll("(?m)^    phases: .*$", "");
    }
}
