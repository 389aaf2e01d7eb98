package dev.mmspec.generator.build.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.build.GenerationRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A generation that dies at any point of its output swap: the next run must not call the leftover up to date, must
 * regenerate a whole output, clean the staging directories, and keep the user's file.
 */
class CrashSafeGenerationTest {
    @TempDir
    Path dir;

    /** Thrown by the hook: an {@link Error}, so no cleanup of the swap runs, as in a killed process. */
    static final class SimulatedDeath extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedDeath(SwapPoint point) {
            super("died at " + point);
        }
    }

    private Path specs() throws IOException {
        Path specs = Files.createDirectories(dir.resolve("spec"));
        Files.copy(Path.of("src/test/resources/golden/refcount.mmspec"), specs.resolve("refcount.mmspec"));
        return specs;
    }

    /** Generates once, adds a user file, then changes the spec so that the next run must swap. */
    private Map<String, String> generateThenChange(Path specs, Path out) throws Exception {
        new GenerationRun(specs, out, dir).run();
        Files.writeString(out.resolve("mine.txt"), "mine\n");
        Files.writeString(
                specs.resolve("refcount.mmspec"), Files.readString(specs.resolve("refcount.mmspec")) + "\n// v2\n");
        Path reference = dir.resolve("reference");
        new GenerationRun(specs, reference, dir).run();
        Map<String, String> expected = OutputDirectoryTest.snapshot(reference);
        expected.put("mine.txt", "mine\n");
        Files.walk(reference)
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        return expected;
    }

    @ParameterizedTest
    @EnumSource(SwapPoint.class)
    void aRunThatDiesDuringTheSwapIsNeverTakenForUpToDate(SwapPoint point) throws Exception {
        Path specs = specs();
        Path out = dir.resolve("out");
        Map<String, String> expected = generateThenChange(specs, out);
        assertThrows(
                SimulatedDeath.class,
                () -> new GenerationRun(specs, out, dir, ProtectedPaths.of(dir, List.of(specs)), p -> {
                            if (p == point) {
                                throw new SimulatedDeath(p);
                            }
                        })
                        .run());

        GenerationRun.Result next = new GenerationRun(specs, out, dir).run();
        assertFalse(next.upToDate(), "a stamp beside a partial output after death at " + point);
        assertEquals(
                expected, OutputDirectoryTest.snapshot(out), "whole new output and the user's file, after " + point);
        assertEquals(List.of("out", "spec"), OutputDirectoryTest.siblings(out), "no staging or old directory left");
        assertTrue(new GenerationRun(specs, out, dir).run().upToDate());
    }

    @Test
    void aDeletedGeneratedFileMakesTheOutputStale() throws Exception {
        Path specs = specs();
        Path out = dir.resolve("out");
        new GenerationRun(specs, out, dir).run();
        Files.delete(out.resolve("dev/mmspec/generated/refcount/RefcountModel.java"));
        GenerationRun.Result r = new GenerationRun(specs, out, dir).run();
        assertFalse(r.upToDate());
        assertTrue(r.notes().get(0).contains("incomplete"), r.notes().toString());
        assertTrue(Files.isRegularFile(out.resolve("dev/mmspec/generated/refcount/RefcountModel.java")));
    }

    /** The child JVM: generates with a hook that parks at the named point until it is killed. */
    public static void main(String[] args) throws Exception {
        Path specs = Path.of(args[0]);
        Path out = Path.of(args[1]);
        SwapPoint at = SwapPoint.valueOf(args[2]);
        new GenerationRun(
                        specs,
                        out,
                        Path.of(args[0]).getParent(),
                        ProtectedPaths.of(specs.getParent(), List.of(specs)),
                        p -> {
                            if (p == at) {
                                System.out.println("reached " + p);
                                System.out.flush();
                                try {
                                    Thread.sleep(Long.MAX_VALUE);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        })
                .run();
    }

    /**
     * A real process, parked at {@code point} and killed with SIGKILL: no finally block, no shutdown hook, no flush
     * that the in-process {@link SimulatedDeath} above could still run. One child JVM for each point of the swap; the
     * Maven goal ({@code GenerateMojo}) writes through the same {@link GenerationRun}.
     */
    @ParameterizedTest
    @EnumSource(SwapPoint.class)
    void aJvmKilledWithSigkillAtAnyPointOfTheSwapLeavesNothingThatLooksCurrent(SwapPoint point) throws Exception {
        Path specs = specs();
        Path out = dir.resolve("out");
        Map<String, String> expected = generateThenChange(specs, out);
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashSafeGenerationTest.class.getName(),
                        specs.toString(),
                        out.toString(),
                        point.name())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("reached")) {
                // the child's other output, if any
            }
            assertEquals("reached " + point, line);
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by signal 9");
        if (point == SwapPoint.OLD_OUTPUT_RETIRED) {
            assertFalse(Files.exists(out), "the child died with the output renamed aside");
        }

        GenerationRun.Result next = new GenerationRun(specs, out, dir).run();
        assertFalse(next.upToDate(), "a stamp beside a partial output after SIGKILL at " + point);
        assertEquals(
                expected, OutputDirectoryTest.snapshot(out), "whole new output and the user's file, after " + point);
        assertEquals(List.of("out", "spec"), OutputDirectoryTest.siblings(out), "no staging or old directory left");
        assertTrue(new GenerationRun(specs, out, dir).run().upToDate(), "up to date once regenerated");
    }
}
