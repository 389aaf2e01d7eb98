package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The bench specs' limits ({@code trust/limits.properties}) and what they switch on: SPIN's depth-first search (the
 * scratch hidden) and TLC with two workers, which must give the explorer's distinct states when the spec holds and its
 * shortest counterexample when it does not.
 */
class LimitsTest {
    @Test
    void theBenchSpecsGetTheirOwnLimits() {
        Limits bench = Limits.of("anon_exclusive_bench");
        assertTrue(bench.spinDepthFirst());
        assertEquals(2, bench.tlcWorkers());
        assertTrue(bench.spinDepth() > 785_706, "its depth-first stack reached 785,706");
        assertEquals(Limits.DEFAULT, Limits.of("anon_exclusive"));
        Properties wrong = new Properties();
        wrong.setProperty("x.spin.search", "random");
        assertThrows(IllegalArgumentException.class, () -> Limits.of("x", wrong));
    }

    /**
     * The default build takes one spec through the bench specs' path: {@link ShippedSpecsAgreeTest} compares what
     * depth-first SPIN and two TLC workers say on it with the explorer, fix on (it holds) and off (violated).
     */
    @Test
    void oneSpecOfTheDefaultBuildTakesTheBenchSpecsPath() {
        Limits l = Limits.of("pagecache_remove");
        assertTrue(l.spinDepthFirst());
        assertEquals(2, l.tlcWorkers());
        assertFalse(l.big(), "its checkers run beside the others");
        assertTrue(ShippedSpecsAgreeTest.DEFAULT.contains("spec/file/pagecache_remove.mmspec"));
        assertTrue(Limits.of("anon_exclusive_bench").big());
    }
}
