package dev.mmspec.engine.trace.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.toy.LostUpdateModel;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ReplayException;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormatException;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ItfFormatTest {
    private final LostUpdateModel model = new LostUpdateModel(false, 2);

    private Trace race() {
        return ModelReplay.record(
                model,
                new int[] {0, 2, 3, 1},
                Optional.of(new Violation(ViolationKind.INVARIANT, "no_lost_update")),
                OptionalLong.of(0x5eedL));
    }

    @Test
    void writesEveryStateWithTheItfConventions() {
        String text = ItfFormat.toText(race(), model.info());
        assertTrue(text.contains("\"format\": \"ITF\""), text);
        assertTrue(text.contains("\"seed\": \"0x5eed\""), text);
        assertTrue(text.contains("\"counter\": {\"#bigint\": \"1\"}"), text);
        assertTrue(text.contains("\"mbt::actionTaken\": \"t1 incr()\""), text);
        // t0 holds no lock (the fix is off) but is inside incr at step store, with its local.
        assertTrue(text.contains("\"value\": \"store\""), text);
        assertTrue(text.contains("\"tmp\": {\"#bigint\""), text);
        assertTrue(text.contains("\"tag\": \"None\""), text);
        assertEquals(text, ItfFormat.toText(race(), model.info()), "same trace, same bytes");
    }

    @Test
    void readsBackAndReplaysStateByState() throws Exception {
        String text = ItfFormat.toText(race(), model.info());
        ItfFormat.ItfTrace read = ItfFormat.read(text, "race.itf.json", model.info());
        assertEquals(race().withoutStates(), read.trace());
        Trace replayed = ItfReplay.replay(model, read);
        assertEquals(race(), replayed);
    }

    @Test
    void aStateThatDiffersNamesItsStepAndVariable() throws Exception {
        String text = ItfFormat.toText(race(), model.info());
        // state 3 (after t1's store) has counter 1; claim 2.
        int third = text.indexOf("\"index\": 3");
        int at = text.indexOf("\"counter\": {\"#bigint\": \"1\"}", third);
        String edited = text.substring(0, at) + "\"counter\": {\"#bigint\": \"2\"}"
                + text.substring(at + "\"counter\": {\"#bigint\": \"1\"}".length());
        ItfFormat.ItfTrace read = ItfFormat.read(edited, "race.itf.json", model.info());
        ReplayException e = assertThrows(ReplayException.class, () -> ItfReplay.replay(model, read));
        assertEquals(3, e.step());
        assertTrue(
                e.getMessage().contains("counter: the file has {\"#bigint\":\"2\"}, the model {\"#bigint\":\"1\"}"),
                e.getMessage());
    }

    @Test
    void aWrongStepNamesTheStep() throws Exception {
        String text =
                ItfFormat.toText(race(), model.info()).replace("\"step\": \"incr.store\"", "\"step\": \"incr.load\"");
        ItfFormat.ItfTrace read = ItfFormat.read(text, "race.itf.json", model.info());
        ReplayException e = assertThrows(ReplayException.class, () -> ItfReplay.replay(model, read));
        assertEquals(3, e.step(), e.getMessage());
    }

    @Test
    void badFilesSayWhatIsWrongAndWhere() {
        TraceFormatException notJson = assertThrows(
                TraceFormatException.class, () -> ItfFormat.read("{\n \"#meta\": }", "x.itf.json", model.info()));
        assertEquals(2, notJson.line());
        TraceFormatException badTask = assertThrows(
                TraceFormatException.class,
                () -> ItfFormat.read(
                        ItfFormat.toText(race(), model.info()).replace("\"task\": \"t1\"", "\"task\": \"t9\""),
                        "x.itf.json",
                        model.info()));
        assertTrue(badTask.getMessage().contains("unknown task \"t9\""), badTask.getMessage());
    }
}
