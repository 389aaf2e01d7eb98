package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.export.PromelaExporter;
import dev.mmspec.generator.export.TlaExporter;
import dev.mmspec.generator.ir.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench specs' limits ({@code trust/limits.properties}) and what they switch on: SPIN's depth-first search (the
 * scratch hidden) and TLC with two workers must give what the default breadth-first SPIN and one-worker TLC give: the
 * same distinct states when the spec holds, the same shortest counterexample when it does not.
 */
class LimitsTest {
    @TempDir
    Path work;

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

    @Test
    void depthFirstSpinAndTwoTlcWorkersGiveTheDefaultAnswers() throws Exception {
        assertTrue(ReferenceCheckers.spinAvailable(), "SPIN and gcc are needed here: apt-get install -y spin gcc");
        List<String> why = new ArrayList<>();
        Spec spec = Oracle.compile(
                "anon_exclusive",
                Files.readString(Path.of("../../spec/anon_exclusive.mmspec"), StandardCharsets.UTF_8),
                why);
        assertNotNull(spec, String.join("\n", why));
        Limits big = new Limits(300, 512, 2, 900, 1024, true, 20, 10_000, 0);
        ReferenceCheckers checkers = new ReferenceCheckers(work);
        String promela = new PromelaExporter(spec).model();
        String module = new TlaExporter(spec).module();
        // All fixes on it holds (81 states); with swap_pte_exclusive off it is violated in 7 steps.
        for (Set<String> off : List.of(Set.<String>of(), Set.of("swap_pte_exclusive"))) {
            String config = new TlaExporter(spec).config(off);
            assertEquals(
                    answer(checkers.spin(spec.name(), promela, off, Limits.DEFAULT)),
                    answer(checkers.spin(spec.name(), promela, off, big)),
                    "SPIN depth-first, fixes off: " + off);
            assertEquals(
                    answer(checkers.tlc(spec.name(), module, config, Limits.DEFAULT)),
                    answer(checkers.tlc(spec.name(), module, config, big)),
                    "TLC with two workers, fixes off: " + off);
        }
    }

    /** A verdict without the tool's name. */
    private static String answer(Verdict v) {
        return v.toString().substring(v.tool().length());
    }
}
