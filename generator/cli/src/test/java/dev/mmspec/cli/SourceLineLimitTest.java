package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No hand-written source line over {@value #LIMIT} columns, the formatter's limit (palantir-java-format, run by
 * Spotless in {@code mvn verify}). The formatter breaks code and comments but never a string literal, so this test is
 * what keeps long messages split. Lines inside a text block are data (spec text, expected output) and exempt.
 */
class SourceLineLimitTest {
    static final int LIMIT = 120;
    private static final Path ROOT = Path.of("../..");

    @Test
    void noHandWrittenLineIsOverTheLimit() throws IOException {
        List<Path> sources = sources();
        assertTrue(sources.size() > 100, "the reactor's sources were not found under " + ROOT.toAbsolutePath());
        List<String> over = new ArrayList<>();
        for (Path file : sources) {
            over.addAll(linesOver(ROOT.relativize(file).toString(), Files.readAllLines(file)));
        }
        assertEquals(List.of(), over, "lines over " + LIMIT + " columns: split the string or run mvn spotless:apply");
    }

    @Test
    void aLongLineIsFoundAndATextBlockIsExempt() {
        String longCode = "        String s = \"" + "x".repeat(LIMIT) + "\";";
        assertEquals(
                List.of("A.java:2: " + (longCode.length()) + " columns"),
                linesOver("A.java", List.of("class A {", longCode, "}")));
        assertEquals(List.of(), linesOver("B.java", List.of("String t = \"\"\"", "y".repeat(LIMIT + 1), "\"\"\";")));
    }

    static List<String> linesOver(String name, List<String> lines) {
        List<String> over = new ArrayList<>();
        boolean inTextBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean toggles = occurrences(line, "\"\"\"") % 2 == 1;
            if (!inTextBlock && !toggles && line.codePointCount(0, line.length()) > LIMIT) {
                over.add(name + ":" + (i + 1) + ": " + line.codePointCount(0, line.length()) + " columns");
            }
            if (toggles) {
                inTextBlock = !inTextBlock;
            }
        }
        return over;
    }

    private static int occurrences(String line, String what) {
        int n = 0;
        for (int at = line.indexOf(what); at >= 0; at = line.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    /** Every {@code src/main/java} and {@code src/test/java} file of the reactor (examples/ are outside projects). */
    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String s = ROOT.relativize(p).toString().replace('\\', '/');
                        return (s.contains("/src/main/java/") || s.contains("/src/test/java/"))
                                && !s.contains("/target/")
                                && !s.startsWith("examples/")
                                && !s.startsWith(".");
                    })
                    .sorted()
                    .toList();
        }
    }
}
