package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The generated-file line wrapper: what it breaks, where, and that it changes nothing but whitespace. */
class JavaLayoutTest {
    private static final int LIMIT = JavaLayout.LIMIT;

    private static String args(int n, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(prefix).append(i);
        }
        return b.toString();
    }

    @Test
    void aLineThatFitsIsLeftAsItIs() {
        String line = "        int x = f(a, b) + g(c) && h;";
        assertEquals(List.of(line), JavaLayout.lines(line, false));
        assertEquals("class A {\n" + line + "\n}\n", JavaLayout.file("class A {\n" + line + "\n}\n"));
    }

    @Test
    void aLongCallPutsItsArgumentsOnOneContinuationLineWhenTheyFit() {
        String line = "        target.aMethodWithAQuiteLongName(" + args(5, "argumentNumber") + ");";
        List<String> out = JavaLayout.lines(line, false);
        assertEquals(
                List.of(
                        "        target.aMethodWithAQuiteLongName(",
                        "                " + args(5, "argumentNumber") + ");"),
                out);
    }

    @Test
    void anAssignmentBreaksAfterItsEqualsWhenTheValueThenFits() {
        String line = "        result = someLongMethodName(" + args(5, "argumentNumber") + ");";
        assertEquals(
                List.of("        result =", "                someLongMethodName(" + args(5, "argumentNumber") + ");"),
                JavaLayout.lines(line, false));
    }

    @Test
    void anArrayInitializerIsBrokenInsideItsBracesNotAfterTheEquals() {
        String items = "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1";
        String line = "    private static final int[] ACTION_TASK = {" + items + "};";
        assertEquals(
                List.of("    private static final int[] ACTION_TASK = {", "        " + items, "    };"),
                JavaLayout.lines(line, false));
    }

    @Test
    void aLoneArgumentThatIsACallStaysAfterTheParenthesis() {
        String line = "                .scenarios(new ModelInfo.Scenario(" + args(8, "argumentNumber") + "))";
        assertEquals(
                List.of(
                        "                .scenarios(new ModelInfo.Scenario(",
                        "                        argumentNumber0,"),
                JavaLayout.lines(line, false).subList(0, 2));
    }

    @Test
    void argumentsThatDoNotFitOnOneLineGoOneALine() {
        String line = "        call(" + args(20, "argumentNumber") + ");";
        List<String> out = JavaLayout.lines(line, false);
        assertEquals("        call(", out.get(0));
        assertEquals(21, out.size());
        assertEquals("                argumentNumber0,", out.get(1));
        assertEquals("                argumentNumber19);", out.get(20));
        assertFits(out);
        assertSameTokens(line, out);
    }

    @Test
    void aBooleanChainBreaksBeforeItsLoosestOperator() {
        String cond = "aVeryLongConditionName0 && aVeryLongConditionName1 || aVeryLongConditionName2"
                + " && aVeryLongConditionName3 || aVeryLongConditionName4";
        String line = "        boolean ok = " + cond + ";";
        List<String> out = JavaLayout.lines(line, false);
        assertEquals(
                List.of(
                        "        boolean ok = aVeryLongConditionName0 && aVeryLongConditionName1",
                        "                || aVeryLongConditionName2 && aVeryLongConditionName3",
                        "                || aVeryLongConditionName4;"),
                out);
    }

    @Test
    void aLongStringLiteralBecomesAConcatenationOfPiecesEndingAtSpaces() {
        String words = "word ".repeat(60).strip();
        String line = "        throw new IllegalStateException(\"" + words + "\");";
        List<String> out = JavaLayout.lines(line, false);
        assertFits(out);
        String joined = String.join("\n", out);
        // The lone argument starts after the "(", as palantir-java-format keeps it; its pieces continue 8 in.
        assertTrue(joined.contains("\"\n                + \""), joined);
        StringBuilder content = new StringBuilder();
        assertTrue(out.get(0).startsWith("        throw new IllegalStateException(\"word "), out.get(0));
        for (String l : out) {
            int open = l.indexOf('"');
            content.append(l, open + 1, l.lastIndexOf('"'));
        }
        assertEquals(words, content.toString());
    }

    @Test
    void commentsAreFilledAtSpaces() {
        String words = "a comment word ".repeat(12).strip();
        List<String> comment = JavaLayout.lines("    // " + words, false);
        assertFits(comment);
        assertTrue(comment.stream().allMatch(l -> l.startsWith("    // ")), comment.toString());
        assertEquals(words, String.join(" ", comment).replace("    // ", "").replace("  ", " "));
    }

    @Test
    void javadocIsJavadocLayoutsAndALineOfACommentIsNeverBrokenAsCode() {
        String words = "a comment word ".repeat(12).strip();
        List<String> doc = List.of(JavaLayout.file("    /** " + words + " {@code a tag that stays whole} */\n")
                .split("\n"));
        assertEquals("    /**", doc.get(0));
        assertEquals("     */", doc.get(doc.size() - 1));
        assertTrue(String.join(" ", doc).contains("{@code a tag that stays"), doc.toString());
        assertFits(doc);
        // JavadocLayout leaves a word longer than a line on a line of its own; read as code it would break at
        // the call's parenthesis and commas, inside the comment.
        String unbreakable = "     * {@code call(" + "n".repeat(120) + ",second,third)}";
        assertEquals(List.of(unbreakable), JavaLayout.lines(unbreakable, true));
        String file = "    /**\n" + unbreakable + "\n     */\n    int x;\n";
        assertEquals(file, JavaLayout.file(file));
    }

    @Test
    void aTrailingCommentStaysWhenItFitsElseGoesAbove() {
        String code = "        \"" + "x".repeat(70) + "\", // ";
        List<String> out = JavaLayout.lines(code + "y".repeat(60), false);
        assertEquals(List.of("        // " + "y".repeat(60), code.substring(0, code.length() - 4)), out);
    }

    /** The golden files are the wrapper's own output: laying them out again changes nothing, and all of them fit. */
    @Test
    void theGoldenFilesAreAFixedPoint() throws IOException {
        List<Path> goldens;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/golden"))) {
            goldens = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertEquals(9, goldens.size(), goldens.toString());
        for (Path golden : goldens) {
            String text = Files.readString(golden);
            assertEquals(text, JavaLayout.file(text), golden.toString());
            assertFits(text.lines().toList());
        }
    }

    private static void assertFits(List<String> lines) {
        for (String l : lines) {
            assertTrue(l.length() <= LIMIT, () -> l.length() + " columns: " + l);
        }
    }

    private static void assertSameTokens(String line, List<String> out) {
        assertEquals(line.replaceAll("\\s", ""), String.join("", out).replaceAll("\\s", ""));
    }
}
