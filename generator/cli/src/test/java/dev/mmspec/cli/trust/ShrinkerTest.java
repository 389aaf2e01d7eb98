package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shrinker cuts big pieces first: a "disagreement" that needs one statement of a big random spec (a stand-in for a
 * checker run: the front end must accept the candidate and the statement must still be there) shrinks to a spec of a
 * few lines, in far fewer checks than line by line.
 */
class ShrinkerTest {
    /** The spec of the largest of the first seeds that has an {@code alloc}: several operations, fixes, invariants. */
    private static String bigSpec() {
        String best = null;
        for (long seed = 1; seed <= 40; seed++) {
            String text = new RandomSpecs(seed).next();
            if (text.contains("alloc y in D") && (best == null || text.length() > best.length())) {
                best = text;
            }
        }
        assertNotNull(best);
        return best;
    }

    private static boolean hasAlloc(String candidate) {
        return candidate.contains("alloc y in D") && Oracle.compile("shrunk", candidate, new ArrayList<>()) != null;
    }

    @Test
    void aBigSpecShrinksToASmallOneFast() throws Exception {
        String big = bigSpec();
        assertTrue(hasAlloc(big));
        Shrinker shrinker = new Shrinker(ShrinkerTest::hasAlloc);
        String small = shrinker.shrink(big);
        assertTrue(hasAlloc(small), small);
        long bigLines = big.lines().count();
        long smallLines = small.lines().count();
        System.err.println(
                "[trust] shrinker: " + bigLines + " lines to " + smallLines + " in " + shrinker.tries() + " checks");
        assertTrue(smallLines <= bigLines / 4, bigLines + " lines to " + smallLines + ":\n" + small);
        // one operation, one step: everything else went
        assertEquals(1, small.lines().filter(l -> l.startsWith("op ")).count(), small);
        assertFalse(small.contains("invariant "), small);
        assertFalse(small.contains("fix "), small);

        // line by line alone (the shrinker before) cannot take an operation apart: it stops far bigger
        Shrinker byLine = new Shrinker(ShrinkerTest::hasAlloc, false);
        long byLineLines = byLine.shrink(big).lines().count();
        System.err.println(
                "[trust] line by line: " + bigLines + " lines to " + byLineLines + " in " + byLine.tries() + " checks");
        assertTrue(
                byLineLines > 2 * smallLines,
                "line by line: " + byLineLines + " lines, big pieces first " + smallLines);
        assertTrue(shrinker.tries() <= 100, shrinker.tries() + " checks");
    }

    @Test
    void anOperationGoesWithItsNameInTheTaskLines() {
        String spec = String.join(
                "\n",
                "spec s \"s\"",
                "task worker[2]: a, b",
                "op a(x: D) {",
                "  step s0 {",
                "    v := 1;",
                "  }",
                "}",
                "op b(x: D) {",
                "  step s0 {",
                "    if v == 1 {",
                "      v := 0;",
                "    } else {",
                "      v := 2;",
                "    }",
                "  }",
                "}");
        List<String> lines = Shrinker.withoutOperation(spec, 0).lines().toList();
        assertEquals("task worker[2]: b", lines.get(1));
        assertEquals("op b(x: D) {", lines.get(2));
        assertEquals(
                "spec s \"s\"\ntask worker[2]: a",
                Shrinker.withoutOperation(spec, 1)
                        .lines()
                        .limit(2)
                        .reduce((x, y) -> x + "\n" + y)
                        .orElseThrow());
        // the if with its else branch, in one piece
        String noIf = Shrinker.withoutInnerBlock(spec, 0);
        assertFalse(noIf.contains("v := 2") || noIf.contains("else"), noIf);
        assertTrue(noIf.contains("v := 1"), noIf);
        assertEquals(
                "task worker[1]: a, b",
                Shrinker.withoutTask(spec, 1).lines().toList().get(1));
    }
}
