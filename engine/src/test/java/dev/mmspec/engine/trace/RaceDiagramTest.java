package dev.mmspec.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.toy.LostUpdateModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Golden diagrams: the files under {@code src/test/resources/dev/mmspec/engine/trace/} are the expected output. */
class RaceDiagramTest {
    private static final String REPLAY = "bin/mmspec replay target/mmspec/lost_update.trace";

    /** t0 runs a whole incr, then the race: t0 load, t1 load+store, t0 store. */
    private static Trace lostUpdate(LostUpdateModel model) {
        return ModelReplay.record(
                model,
                new int[] {0, 1, 0, 2, 3, 1},
                Optional.of(new Violation(ViolationKind.INVARIANT, "no_lost_update")),
                OptionalLong.empty());
    }

    @Test
    void drawsOneColumnPerTaskOneRowPerStretchWithTheLocalsEachStepSet() throws IOException {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        assertGolden("lost_update.diagram.txt", RaceDiagram.render(lostUpdate(model), model.info(), REPLAY));
    }

    @Test
    void fitsANarrowTerminalByWrappingCells() throws IOException {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        String narrow = RaceDiagram.render(
                lostUpdate(model),
                model.info(),
                REPLAY,
                DiagramStyle.detect(true, Map.of("COLUMNS", "60", "NO_COLOR", "1")));
        assertGolden("lost_update.diagram-60.txt", narrow);
        for (String line : narrow.split("\n")) {
            if (!line.startsWith("violated") && !line.startsWith("replay")) {
                assertTrue(line.length() <= 60, "wider than 60 columns: " + line);
            }
        }
    }

    @Test
    void showsEveryValueOfAFieldAMergedRowChangedTwice() {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        Trace run = ModelReplay.record(model, new int[] {0, 1}, Optional.empty(), OptionalLong.empty());
        // The same two steps, with the counter going 0 -> 1 -> 0 inside the merged row (as ref 2 -> 3 -> 2 would).
        ModelInfo.Slot counter = model.info().slots().stream()
                .filter(sl -> sl.name().equals("counter"))
                .findFirst()
                .orElseThrow();
        java.util.List<long[]> states = new java.util.ArrayList<>(run.states());
        long[] middle = states.get(1).clone();
        counter.set(middle, 1);
        long[] end = states.get(2).clone();
        counter.set(end, 0);
        states.set(1, middle);
        states.set(2, end);
        String diagram = RaceDiagram.render(run.withStates(states), model.info(), "");
        assertTrue(diagram.contains("counter=0\u21921\u21920"), diagram);
    }

    @Test
    void leavesOutTheColumnOfATaskThatNeverActs() {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        Trace trace = ModelReplay.record(model, new int[] {2, 3}, Optional.empty(), OptionalLong.empty());
        String diagram = RaceDiagram.render(trace, model.info(), "");
        assertFalse(diagram.contains("task 0 (t0)"), diagram);
        assertTrue(diagram.startsWith("  task 1 (t1)\n  incr().load,store"), diagram);
    }

    @Test
    void coloursOnlyATerminalThatHasNotAskedForNoColour() {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        Trace trace = lostUpdate(model);
        assertTrue(RaceDiagram.render(trace, model.info(), "", DiagramStyle.detect(true, Map.of()))
                .contains("\u001b[1;31mviolated"));
        assertFalse(RaceDiagram.render(trace, model.info(), "", DiagramStyle.detect(true, Map.of("NO_COLOR", "1")))
                .contains("\u001b"));
        assertFalse(RaceDiagram.render(trace, model.info(), "", DiagramStyle.detect(false, Map.of()))
                .contains("\u001b"));
        assertEquals(100, DiagramStyle.detect(false, Map.of("COLUMNS", "40")).width());
    }

    /** Compares with the golden file; {@code -Dmmspec.updateGolden=true} rewrites it instead (then review the diff). */
    static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("mmspec.updateGolden")) {
            java.nio.file.Path file = java.nio.file.Path.of("src/test/resources/dev/mmspec/engine/trace", name);
            java.nio.file.Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(golden(name), actual);
    }

    static String golden(String name) throws IOException {
        try (InputStream in = RaceDiagramTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
