package dev.mmspec.generator.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader.CompiledModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached model is used only when whole and for the same spec and generator; anything else is refused. */
class ModelCacheTest {
    private static final Path SPEC = Path.of("../../spec/file/gup_dirty.mmspec");
    private static byte[] specBytes;
    private static CompiledModel compiled;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileOnce() throws Exception {
        specBytes = Files.readAllBytes(SPEC);
        CompileResult result =
                new SpecCompiler().compile(SPEC.toString(), new String(specBytes, StandardCharsets.UTF_8));
        assertTrue(result.spec() != null, () -> result.diagnostics().toString());
        compiled = new ModelLoader().compile(result.spec());
    }

    private ModelCache cache() {
        return new ModelCache(dir, "generator-1");
    }

    /** @return the bytes of a freshly written entry of {@code key} */
    private static byte[] writtenEntry(ModelCache cache, ModelCache.Key key) throws Exception {
        cache.write(key, compiled, List.of());
        return Files.readAllBytes(cache.entry(key));
    }

    @Test
    void aWrittenEntryReadsBackAsTheSameRunnableModel() throws Exception {
        ModelCache cache = cache();
        ModelCache.Key key = cache.key("spec/file/gup_dirty.mmspec", specBytes);
        assertInstanceOf(ModelCache.Lookup.Miss.class, cache.read(key));
        cache.write(key, compiled, List.of("a warning"));
        ModelCache.Lookup.Hit hit = assertInstanceOf(ModelCache.Lookup.Hit.class, cache.read(key));
        assertEquals(List.of("a warning"), hit.warnings());
        assertEquals(compiled.className(), hit.model().className());
        for (String name : compiled.classes().keySet()) {
            assertArrayEquals(
                    compiled.classes().get(name), hit.model().classes().get(name), name);
        }
        Model model = new ModelLoader().define(hit.model()).apply(0L);
        assertEquals("gup_dirty", model.info().spec());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aChangedSpecPathOrGeneratorGivesAnotherKey() {
        ModelCache.Key key = cache().key("spec/a.mmspec", specBytes);
        byte[] edited = Arrays.copyOf(specBytes, specBytes.length + 1);
        edited[specBytes.length] = '\n';
        for (ModelCache.Key other : List.of(
                cache().key("spec/a.mmspec", edited),
                cache().key("spec/b.mmspec", specBytes),
                new ModelCache(dir, "generator-2").key("spec/a.mmspec", specBytes))) {
            assertNotEquals(key, other);
            assertNotEquals(key.name(), other.name(), "another file");
        }
        assertEquals(key, cache().key("spec/a.mmspec", specBytes.clone()));
        assertEquals(key.name(), cache().key("spec/a.mmspec", specBytes.clone()).name());
    }

    @Test
    void aFlippedByteAnywhereIsRefusedAndTheEntryDeleted() throws Exception {
        ModelCache cache = cache();
        ModelCache.Key key = cache.key("x", specBytes);
        byte[] whole = writtenEntry(cache, key);
        for (int at : new int[] {0, whole.length / 2, whole.length - 1}) {
            byte[] bad = whole.clone();
            bad[at] ^= 0x10;
            Files.write(cache.entry(key), bad);
            ModelCache.Lookup.Corrupt c =
                    assertInstanceOf(ModelCache.Lookup.Corrupt.class, cache.read(key), "byte " + at);
            assertTrue(c.reason().contains("checksum"), c.reason());
            assertFalse(Files.exists(cache.entry(key)), "a refused entry is deleted");
        }
    }

    @Test
    void aTruncatedEntryIsRefused() throws Exception {
        ModelCache cache = cache();
        ModelCache.Key key = cache.key("x", specBytes);
        byte[] whole = writtenEntry(cache, key);
        for (int length : new int[] {0, 10, whole.length - 1}) {
            Files.write(cache.entry(key), Arrays.copyOf(whole, length));
            assertInstanceOf(ModelCache.Lookup.Corrupt.class, cache.read(key), length + " bytes");
        }
    }

    /**
     * The file name is a 64-bit hash that two specs may share: another spec's whole entry found under this spec's name
     * (what such a collision leaves on disk) must not be served, and the compile that follows replaces it.
     */
    @Test
    void anotherSpecsEntryUnderTheSameFileNameIsNotServed() throws Exception {
        ModelCache cache = cache();
        byte[] otherSpec = Arrays.copyOf(specBytes, specBytes.length + 1);
        otherSpec[specBytes.length] = '\n';
        for (ModelCache.Key asked : List.of(
                cache.key("x", otherSpec),
                cache.key("y", specBytes),
                new ModelCache(dir, "generator-2").key("x", specBytes))) {
            ModelCache.Key stored = cache.key("x", specBytes);
            cache.write(stored, compiled, List.of("the stored spec's warning"));
            Files.move(cache.entry(stored), cache.entry(asked));
            assertInstanceOf(ModelCache.Lookup.Miss.class, cache.read(asked), "asked for " + asked);
            cache.write(asked, compiled, List.of("the asked spec's warning"));
            ModelCache.Lookup.Hit hit = assertInstanceOf(ModelCache.Lookup.Hit.class, cache.read(asked));
            assertEquals(List.of("the asked spec's warning"), hit.warnings(), "written over");
            Files.delete(cache.entry(asked));
        }
    }

    @Test
    void theGeneratorVersionIsKnownAndStable() {
        String version = ModelCache.generatorVersion().orElseThrow();
        assertEquals(64, version.length());
        assertEquals(version, ModelCache.generatorVersion().orElseThrow());
    }
}
