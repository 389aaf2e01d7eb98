package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameAllocatorTest {

    @Test
    void javaKeywordsAndRestrictedIdentifiersAreEscaped() {
        NameAllocator names = new NameAllocator(List.of());
        assertEquals("class_", names.newName("class"));
        assertEquals("__", names.newName("_"));
        assertEquals("var_", names.newName("var"));
        assertEquals("record_", names.newName("record"));
        assertEquals("true_", names.newName("true"));
    }

    @Test
    void collisionsAreNumberedInTheOrderNamesAreAskedFor() {
        NameAllocator names = new NameAllocator(List.of("copy"));
        assertEquals("g_page_ref", names.newName("g_page_ref", "field"));
        assertEquals("g_page_ref_2", names.newName("g_page_ref", "state"));
        assertEquals("copy_2", names.newName("copy"));
        assertEquals("g_page_ref_2", names.get("state"));
        assertThrows(IllegalArgumentException.class, () -> names.newName("x", "field"));
    }

    @Test
    void caseInsensitiveNamespacesTellNamesApartByMoreThanCase() {
        NameAllocator classes = new NameAllocator(List.of(), true);
        assertEquals("AbModel", classes.newName("AbModel"));
        assertEquals("ABModel_2", classes.newName("ABModel"));
    }

    @Test
    void longNamesAreShortenedWithAStableHash() {
        String longName = "n".repeat(300);
        String a = new NameAllocator(List.of()).newName(longName);
        String b = new NameAllocator(List.of()).newName(longName);
        String other = new NameAllocator(List.of()).newName("n".repeat(299) + "m");
        assertEquals(a, b);
        assertNotEquals(a, other);
        assertTrue(a.getBytes(StandardCharsets.UTF_8).length <= NameAllocator.MAX_BYTES, a);
        String unicode = new NameAllocator(List.of()).newName("\u00e9".repeat(200));
        assertTrue(unicode.getBytes(StandardCharsets.UTF_8).length <= NameAllocator.MAX_BYTES, unicode);
    }

    @Test
    void charactersJavaRejectsBecomeUnderscores() {
        NameAllocator names = new NameAllocator(List.of());
        assertEquals("a_b", names.newName("a-b"));
        assertEquals("_1x", names.newName("1x"));
        assertEquals("caf\u00e9", names.newName("caf\u00e9"));
    }
}
