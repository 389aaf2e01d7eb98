package dev.mmspec.engine.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.toy.LostUpdateModel;
import dev.mmspec.engine.toy.SlowModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecChecksProgressTest {

    @Test
    void aLongExplorationInTheBuildPrintsProgressLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // 5 ms per step: the 40-state space takes a few hundred milliseconds, reported every 20.
        var result = SpecChecks.explore(new SlowModel(new LostUpdateModel(true, 3), 5), Duration.ofMillis(20), log);

        assertEquals(Outcome.HOLDS, result.outcome());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.lines()
                        .anyMatch(l ->
                                l.matches("\\[mmspec\\] \\S+ all-fixes: depth \\d+: \\d+ states, \\d+ queued, \\d+ "
                                        + "states/s, \\d+ ms")),
                "progress lines in the log:\n" + text);
    }
}
