package dev.mmspec.generator.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.build.ModelLoader.CompiledModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's version comes from the build-time stamp class of the one jar when it has one, else from hashing its
 * code. The stamp classes here are the ones the build step writes, compiled as the CLI's build compiles them.
 */
class GeneratorVersionTest {
    private static final String ONE = "1".repeat(64);
    private static final String TWO = "2".repeat(64);
    private static final String STAMP_FILE = GeneratorVersion.STAMP_CLASS.replace('.', '/') + ".class";

    @TempDir
    Path dir;

    /** @return the class file of a stamp class whose digest field is {@code digest} */
    private byte[] stampClass(String digest) throws IOException {
        Path sources = Files.createTempDirectory(dir, "src");
        Path source = GeneratorVersion.writeStamp(sources, List.of(generatorJar("hashed.jar", new byte[] {9})));
        String text = Files.readString(source).replaceAll("\"[0-9a-f]{64}\"", "\"" + digest + "\"");
        Files.writeString(source, text);
        return compile(source);
    }

    private byte[] compile(Path source) throws IOException {
        Path classes = Files.createTempDirectory(dir, "classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), source.toString());
        assertEquals(0, status, "javac of " + source);
        return Files.readAllBytes(classes.resolve(STAMP_FILE));
    }

    /** A jar of one class file with {@code classBytes}, standing for the generator and the contract. */
    private Path generatorJar(String name, byte[] classBytes) throws IOException {
        return jar(name, Map.of("dev/mmspec/Generator.class", classBytes));
    }

    /** A generator jar with the stamp class of {@code digest} beside its code, as the shaded jar has it. */
    private Path stampedJar(String name, String digest, byte[] classBytes) throws IOException {
        return jar(name, Map.of("dev/mmspec/Generator.class", classBytes, STAMP_FILE, stampClass(digest)));
    }

    private Path jar(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** @return the version the generator loaded from {@code sources} reads, with {@code classPath} as its class path */
    private static String versionOf(List<Path> sources, Path... classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            urls.add(p.toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            return GeneratorVersion.of(sources, loader).orElseThrow();
        }
    }

    @Test
    void aJarWithAStampIsThatVersionWithoutHashingIt() throws IOException {
        Path jar = stampedJar("a.jar", ONE, new byte[] {1, 2, 3});
        assertEquals(ONE, versionOf(List.of(jar), jar));
    }

    @Test
    void aRebuiltGeneratorWithAnotherStampMissesTheCache() throws IOException {
        Path beforeJar = stampedJar("before.jar", ONE, new byte[] {1});
        Path afterJar = stampedJar("after.jar", TWO, new byte[] {2});
        String before = versionOf(List.of(beforeJar), beforeJar);
        String after = versionOf(List.of(afterJar), afterJar);
        assertNotEquals(before, after);
        assertMisses(before, after);
    }

    @Test
    void theBuildStepGivesAChangedGeneratorAnotherStampSoItsCacheMisses() throws IOException {
        // What the CLI's build does for two generators that differ in one byte: write the stamp class, compile
        // it into the jar, run from that jar.
        List<String> versions = new ArrayList<>();
        for (byte b : new byte[] {1, 2}) {
            Path generator = generatorJar("generator" + b + ".jar", new byte[] {7, b});
            Path source = GeneratorVersion.writeStamp(Files.createTempDirectory(dir, "src"), List.of(generator));
            Path shaded = jar(
                    "shaded" + b + ".jar",
                    Map.of("dev/mmspec/Generator.class", new byte[] {7, b}, STAMP_FILE, compile(source)));
            String version = versionOf(List.of(shaded), shaded);
            assertEquals(GeneratorVersion.digest(List.of(generator)), version, "the stamp is the build's digest");
            versions.add(version);
        }
        assertNotEquals(versions.get(0), versions.get(1));
        assertMisses(versions.get(0), versions.get(1));
    }

    /** An entry the generator of version {@code before} wrote is not served to the one of version {@code after}. */
    private void assertMisses(String before, String after) throws IOException {
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
        Path oneJar = generatorJar("one.jar", new byte[] {1, 2, 3});
        Path sameJar = generatorJar("same.jar", new byte[] {1, 2, 3});
        Path changedJar = generatorJar("changed.jar", new byte[] {1, 2, 4});
        String one = versionOf(List.of(oneJar), oneJar);
        assertEquals(one, versionOf(List.of(sameJar), sameJar));
        assertNotEquals(one, versionOf(List.of(changedJar), changedJar));
        assertEquals(GeneratorVersion.digest(List.of(oneJar)), one);
    }

    @Test
    void aMalformedStampIsNotBelieved() throws IOException {
        Path jar = stampedJar("bad.jar", "not a digest", new byte[] {1});
        assertEquals(GeneratorVersion.digest(List.of(jar)), versionOf(List.of(jar), jar));
    }

    @Test
    void aStampOutsideTheOneJarIsNotBelieved() throws IOException {
        // Generator and contract from two places (a build's class directories or separate jars): the
        // stamp, which describes only the jar it was compiled into, is ignored.
        List<Path> two =
                List.of(stampedJar("generator.jar", ONE, new byte[] {1}), generatorJar("contract.jar", new byte[] {2}));
        assertEquals(GeneratorVersion.digest(two), versionOf(two, two.get(0), two.get(1)));
    }

    @Test
    void aStampFromAnotherJarOnTheClassPathIsNotBelieved() throws IOException {
        // The one generator jar has no stamp, but a jar before it on the class path has one (an older mmspec
        // jar, say): that stamp describes that jar's code, not this one's.
        Path other = stampedJar("other.jar", ONE, new byte[] {1});
        Path generator = generatorJar("generator.jar", new byte[] {2});
        assertEquals(GeneratorVersion.digest(List.of(generator)), versionOf(List.of(generator), other, generator));
    }

    @Test
    void theBuildStepWritesTheVersionOfTheCodeItRunsFrom() throws IOException {
        Path sources = dir.resolve("target/generated-sources/generator-stamp");
        GeneratorVersion.main(new String[] {sources.toString()});
        Path source = sources.resolve(GeneratorVersion.STAMP_CLASS.replace('.', '/') + ".java");
        String text = Files.readString(source);
        // Here generator and contract are class directories, so the running version is their digest.
        String version = GeneratorVersion.current().orElseThrow();
        assertTrue(version.matches("[0-9a-f]{64}"), version);
        assertTrue(text.contains("\"" + version + "\""), text);
        Path shaded = jar("shaded.jar", Map.of(STAMP_FILE, compile(source)));
        assertEquals(version, versionOf(List.of(shaded), shaded));
    }
}
