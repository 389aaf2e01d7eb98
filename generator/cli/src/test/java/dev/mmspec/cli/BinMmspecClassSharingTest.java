package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mmspec}'s class data sharing archive: made by the first run, mapped by the next, and never mapped when it
 * is not the archive that was recorded, since the JVM dies of SIGBUS on a truncated one. The script runs as a user runs
 * it, in a copy of the project's layout whose jar is {@link CdsProbe}'s (the script builds no jar when one is there and
 * no source is newer); the JVM's own class-loading log says whether the probe came from the archive.
 */
class BinMmspecClassSharingTest {
    private static final Path SCRIPT = Path.of("../../bin/mmspec");
    private static final String PROBE = CdsProbe.class.getName();

    @TempDir
    Path root;

    private Path jar;
    private Path archive;
    private Path classLog;

    @BeforeEach
    void layOutAProjectWhoseJarIsTheProbe() throws IOException {
        Matcher jarLine = Pattern.compile("(?m)^jar=\"\\$root/([^\"]+)\"$").matcher(Files.readString(SCRIPT));
        assertTrue(jarLine.find(), "bin/mmspec no longer names its jar as jar=\"$root/...\"");
        jar = root.resolve(jarLine.group(1));
        archive = Path.of(jar.toString().replaceFirst("\\.jar$", ".jsa"));
        classLog = root.resolve("classes.log");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(SCRIPT, root.resolve("bin/mmspec"));
        assertTrue(root.resolve("bin/mmspec").toFile().setExecutable(true));
        writeProbeJar(jar, false);
    }

    @Test
    void theFirstRunMakesTheArchiveAndTheNextMapsIt() throws Exception {
        assertEquals("from the jar", mmspec(7, Map.of()));
        assertTrue(Files.size(archive) > 0, "no archive after the first run");
        assertTrue(Files.exists(Path.of(archive + ".sum")), "no record of the archive");
        assertEquals("from the archive", mmspec(7, Map.of()));
    }

    @Test
    void aTruncatedArchiveIsNotMappedButMadeAgain() throws Exception {
        mmspec(0, Map.of());
        long whole = Files.size(archive);
        truncate(archive, whole / 2);
        // Mapped, this archive kills the JVM with SIGBUS (status 134) before the probe runs.
        assertEquals("from the jar", mmspec(7, Map.of()));
        assertEquals(whole, Files.size(archive), "the truncated archive was not made again");
        assertEquals("from the archive", mmspec(7, Map.of()));
    }

    @Test
    void anArchiveAlteredInPlaceIsNotMapped() throws Exception {
        mmspec(0, Map.of());
        long whole = Files.size(archive);
        byte[] middle = new byte[4096];
        Arrays.fill(middle, (byte) 0x5a);
        overwrite(archive, whole / 2, middle);
        assertEquals(whole, Files.size(archive));
        assertEquals("from the jar", mmspec(7, Map.of()));
        assertEquals("from the archive", mmspec(7, Map.of()));
    }

    @Test
    void aRebuiltJarGetsANewArchive() throws Exception {
        mmspec(0, Map.of());
        writeProbeJar(jar, true);
        assertEquals("from the jar", mmspec(7, Map.of()));
        assertEquals("from the archive", mmspec(7, Map.of()));
    }

    @Test
    void aJarRebuiltWithTheSameBytesGetsANewArchive() throws Exception {
        mmspec(0, Map.of());
        // A rebuild writes the same bytes at a later time than the archive's, and the JVM maps no archive made for a
        // jar of another time. Both moved into the past, so that the new archive is newer than the jar again.
        long made = Files.getLastModifiedTime(archive).toMillis();
        Files.setLastModifiedTime(archive, FileTime.fromMillis(made - 60_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(made - 30_000));
        assertEquals("from the jar", mmspec(7, Map.of()));
        assertEquals("from the archive", mmspec(7, Map.of()));
    }

    @Test
    void mmspecCdsZeroRunsWithoutAnArchive() throws Exception {
        assertEquals("from the jar", mmspec(7, Map.of("MMSPEC_CDS", "0")));
        assertFalse(Files.exists(archive), "MMSPEC_CDS=0 made an archive");
    }

    /**
     * Runs {@code bin/mmspec} on the probe, which must print its line and exit with {@code status}: @return where the
     * JVM loaded the probe's class from.
     */
    private String mmspec(int status, Map<String, String> environment) throws IOException, InterruptedException {
        Files.deleteIfExists(classLog);
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", root.resolve("bin/mmspec").toString(), Integer.toString(status))
                .directory(root.toFile())
                .redirectErrorStream(true);
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        builder.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/mmspec did not finish");
        assertEquals(status, process.exitValue(), output);
        assertTrue(output.contains("probe ran"), output);
        String probeLoad = Files.readAllLines(classLog).stream()
                .filter(line -> line.contains(" " + PROBE + " source: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the class log does not show " + PROBE + " loaded"));
        return probeLoad.contains("source: shared objects file") ? "from the archive" : "from the jar";
    }

    private static void writeProbeJar(Path jar, boolean withAnotherEntry) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PROBE);
        String entry = PROBE.replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream probe = CdsProbe.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            probe.transferTo(out);
            out.closeEntry();
            if (withAnotherEntry) {
                out.putNextEntry(new JarEntry("rebuilt.txt"));
                out.write("a later build\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    /** The JVM writes its archives read-only; a disk or a copy that cuts one short does not ask. */
    private static void truncate(Path file, long length) throws IOException {
        assertTrue(file.toFile().setWritable(true));
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(length);
        }
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        assertTrue(file.toFile().setWritable(true));
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(offset);
            out.write(bytes);
        }
    }
}
