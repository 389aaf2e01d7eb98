package dev.mmspec.generator.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.build.ModelLoader.CompiledModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's version comes from the jar's build-time stamp when it has one, else from hashing its code. */
class GeneratorVersionTest {
    private static final String ONE = "1".repeat(64);
    private static final String TWO = "2".repeat(64);

    @TempDir
    Path dir;

    /** Writes a jar of one class file with {@code classBytes}, and the stamp {@code stamp} unless null. */
    private Path jar(String name, String stamp, byte[] classBytes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry("dev/mmspec/Generator.class"));
            out.write(classBytes);
            out.closeEntry();
            if (stamp != null) {
                out.putNextEntry(new ZipEntry(GeneratorVersion.STAMP));
                out.write((stamp + "\n").getBytes(StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarWithAStampIsThatVersionWithoutHashingIt() throws IOException {
        Path jar = jar("a.jar", ONE, new byte[] {1, 2, 3});
        assertEquals(ONE, GeneratorVersion.of(List.of(jar)).orElseThrow());
    }

    @Test
    void aRebuiltGeneratorWithAnotherStampMissesTheCache() throws IOException {
        String before = GeneratorVersion.of(List.of(jar("before.jar", ONE, new byte[] {1})))
                .orElseThrow();
        String after = GeneratorVersion.of(List.of(jar("after.jar", TWO, new byte[] {2})))
                .orElseThrow();
        assertNotEquals(before, after);
        Path cacheDir = dir.resolve("cache");
        ModelCache old = new ModelCache(cacheDir, before);
        byte[] spec = "spec x".getBytes(StandardCharsets.UTF_8);
        old.write(old.key("x.mmspec", spec), new CompiledModel("X", Map.of("X", new byte[] {0})), List.of());
        assertInstanceOf(ModelCache.Lookup.Hit.class, old.read(old.key("x.mmspec", spec)));
        ModelCache rebuilt = new ModelCache(cacheDir, after);
        assertInstanceOf(ModelCache.Lookup.Miss.class, rebuilt.read(rebuilt.key("x.mmspec", spec)));
    }

    @Test
    void withoutAStampTheCodeIsHashedSoAnyChangeIsANewVersion() throws IOException {
        String one = GeneratorVersion.of(List.of(jar("one.jar", null, new byte[] {1, 2, 3})))
                .orElseThrow();
        String same = GeneratorVersion.of(List.of(jar("same.jar", null, new byte[] {1, 2, 3})))
                .orElseThrow();
        String changed = GeneratorVersion.of(List.of(jar("changed.jar", null, new byte[] {1, 2, 4})))
                .orElseThrow();
        assertEquals(one, same);
        assertNotEquals(one, changed);
        assertEquals(GeneratorVersion.digest(List.of(dir.resolve("one.jar"))), one);
    }

    @Test
    void aMalformedStampIsNotBelieved() throws IOException {
        Path jar = jar("bad.jar", "not a digest", new byte[] {1});
        assertEquals(
                GeneratorVersion.digest(List.of(jar)),
                GeneratorVersion.of(List.of(jar)).orElseThrow());
    }

    @Test
    void aStampOutsideTheOneJarIsNotBelieved() throws IOException {
        // Generator and contract from two places (a build's class directories or separate jars): the
        // stamp, which describes only the jar it was written into, is ignored.
        List<Path> two = List.of(jar("generator.jar", ONE, new byte[] {1}), jar("contract.jar", ONE, new byte[] {2}));
        assertEquals(GeneratorVersion.digest(two), GeneratorVersion.of(two).orElseThrow());
    }

    @Test
    void theBuildStepWritesTheVersionOfTheCodeItRunsFrom() throws IOException {
        Path stamp = dir.resolve("target/generator-version.txt");
        GeneratorVersion.main(new String[] {stamp.toString()});
        String written = Files.readString(stamp).trim();
        assertEquals(GeneratorVersion.current().orElseThrow(), written);
        assertTrue(written.matches("[0-9a-f]{64}"), written);
    }
}
