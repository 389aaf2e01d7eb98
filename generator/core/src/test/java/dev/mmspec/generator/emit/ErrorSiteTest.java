package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.ViolationKind;
import org.junit.jupiter.api.Test;

/**
 * A model error is reported at the line of the site that failed, even when an earlier site has the same message: issue
 * 11's repro, an underflow on line 12 reported at line 7.
 */
class ErrorSiteTest {
    private static final String SPEC = String.join(
            "\n",
            "spec sites \"two sites, one message\"", // 1
            "state refs: 0..3 = 1", // 2
            "task cpu: drop", // 3
            "op drop() {", // 4
            "  step first {", // 5
            "    if refs > 0 {", // 6
            "      refs := refs - 1;", // 7: never below 0
            "    }", // 8
            "  }", // 9
            "  step second {", // 10
            "    if refs == 0 {", // 11
            "      refs := refs - 1;", // 12: the underflow
            "    }", // 13
            "  }", // 14
            "}", // 15
            "invariant small \"d\": refs <= 3", // 16
            "");

    @Test
    void theFailingSiteIsReportedNotTheFirstWithItsMessage() {
        GeneratedSources sources = GeneratedSources.of("sites.mmspec", SPEC);
        assertTrue(sources.compiles(), () -> String.join("\n", sources.errors));
        Model model = sources.model(0);
        long sites = model.info().errors().stream()
                .filter(e -> e.message().startsWith("value out of range"))
                .count();
        assertEquals(2, sites, () -> "one site per line: " + model.info().errors());
        ExplorationResult result = new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
        assertEquals(ViolationKind.MODEL_ERROR, result.violation().orElseThrow().kind(), result.summary());
        Trace trace = result.counterexample().orElseThrow();
        String verdict = RaceDiagram.verdict(trace, model.info());
        assertTrue(verdict.contains("sites.mmspec:12 "), verdict);
    }
}
