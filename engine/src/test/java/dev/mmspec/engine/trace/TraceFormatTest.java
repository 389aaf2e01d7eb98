package dev.mmspec.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.toy.LostUpdateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceFormatTest {
    private static final LostUpdateModel MODEL = new LostUpdateModel(false, 1);
    private static final ModelInfo INFO = MODEL.info();

    static final String LOST_UPDATE = """
            mmspec-trace 1
            spec lost_update
            source spec/lost_update.mmspec
            fixes-off counter_lock
            seed 0x2a
            violation INVARIANT no_lost_update
            step 1 task=t0 action=incr() step=incr.load outcome=none
            step 2 task=t1 action=incr() step=incr.load outcome=none
            step 3 task=t1 action=continue step=incr.store outcome=none
            step 4 task=t0 action=continue step=incr.store outcome=none
            end 4
            """;

    private static Trace lostUpdate() {
        return ModelReplay.record(
                MODEL,
                new int[] {0, 2, 3, 1},
                Optional.of(new Violation(ViolationKind.INVARIANT, "no_lost_update")),
                OptionalLong.of(42));
    }

    @Test
    void writesOneLinePerStepWithNames() {
        assertEquals(LOST_UPDATE, TraceFormat.toText(lostUpdate(), INFO));
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/lost.trace");
        TraceFormat.write(lostUpdate(), INFO, file);
        Trace back = TraceFormat.read(file, INFO);
        assertEquals(lostUpdate().withoutStates(), back);
        assertEquals(lostUpdate(), ModelReplay.replay(MODEL, back));
        assertEquals(LOST_UPDATE, Files.readString(file));
    }

    @Test
    void ignoresCommentsAndBlankLinesAndAcceptsNone() throws Exception {
        String text = "# saved by hand\n\n"
                + LOST_UPDATE
                        .replace("seed 0x2a", "seed none")
                        .replace("violation INVARIANT no_lost_update", "violation none");
        Trace trace = TraceFormat.read(text, "t.trace", INFO);
        assertTrue(trace.seed().isEmpty());
        assertTrue(trace.violation().isEmpty());
        assertEquals(4, trace.steps().size());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mmspec-trace 1|mmspec-trace 2|1|expected \"mmspec-trace 1\" as the first line, found \"mmspec-trace "
                        + "2\"",
                "spec lost_update|spec other|2|trace is of spec \"other\" but the model is \"lost_update\"",
                "source spec/lost_update.mmspec|sauce x|3|expected \"source <value>\", found \"sauce x\"",
                "fixes-off counter_lock|fixes-off no_such_fix|4|unknown fix \"no_such_fix\"; the spec's fixes are "
                        + "[counter_lock]",
                "seed 0x2a|seed soon|5|seed must be a number (0x... or decimal) or none, found \"soon\"",
                "violation INVARIANT|violation WRONG|6|unknown violation kind \"WRONG\"",
                "step 2 task=t1|step 3 task=t1|8|expected step number 2, found \"3\"",
                "task=t1 action=incr() step=incr.load|task=t9 action=incr() step=incr.load|8|unknown task \"t9\"; the "
                        + "spec's tasks are [t0, t1]",
                "task=t1 action=incr()|task=t1 action=decr()|8|task t1 has no action \"decr()\"; it has [incr(), "
                        + "continue]",
                "step=incr.store outcome=none\\nstep 4|step=incr.flush outcome=none\\nstep 4|9|unknown step "
                        + "\"incr.flush\"",
                "step=incr.load outcome=none\\nstep 2|step=incr.load outcome=EBUSY\\nstep 2|7|unknown outcome "
                        + "\"EBUSY\"; the spec's outcomes are [] and none",
                "step 1 task=t0 action=incr() step=incr.load outcome=none|step 1 task=t0 action=incr()|7|expected "
                        + "\"step <n> task=<name>",
                "end 4|end 5|11|expected \"end 4\" (the number of steps), found \"end 5\"",
                "end 4|end 4\\nstep 5|12|text after the end line",
            })
    void reportsMalformedInputWithItsLine(String from, String to, int line, String message) {
        String text = LOST_UPDATE.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        TraceFormatException e =
                assertThrows(TraceFormatException.class, () -> TraceFormat.read(text, "bad.trace", INFO));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().startsWith(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.trace:" + line + ": "), e.getMessage());
    }

    @Test
    void reportsATruncatedFile() {
        String text = LOST_UPDATE.substring(0, LOST_UPDATE.indexOf("end 4"));
        TraceFormatException e =
                assertThrows(TraceFormatException.class, () -> TraceFormat.read(text, "cut.trace", INFO));
        assertEquals("missing \"end 4\" line (file truncated?)", e.problem());
    }

    @Test
    void replayRejectsADisabledActionAWrongFixSetAndAMissingViolation() throws Exception {
        Trace trace = TraceFormat.read(LOST_UPDATE, "t", INFO);
        ReplayException fixes =
                assertThrows(ReplayException.class, () -> ModelReplay.replay(new LostUpdateModel(true, 1), trace));
        assertTrue(
                fixes.getMessage().contains("fixes off counter_lock but the model has fixes off none"),
                fixes.getMessage());

        Trace disabled = new Trace(
                trace.spec(),
                trace.sourcePath(),
                trace.fixesOff(),
                trace.seed(),
                trace.violation(),
                List.of(new TraceStep(1, 1, 0)),
                List.of());
        ReplayException notEnabled = assertThrows(ReplayException.class, () -> ModelReplay.replay(MODEL, disabled));
        assertEquals("step 1: t0 continue is not enabled", notEnabled.getMessage());

        Trace holds = new Trace(
                trace.spec(),
                trace.sourcePath(),
                trace.fixesOff(),
                trace.seed(),
                trace.violation(),
                trace.steps().subList(0, 3),
                List.of());
        ReplayException noViolation = assertThrows(ReplayException.class, () -> ModelReplay.replay(MODEL, holds));
        assertEquals("step 3: invariant no_lost_update holds at the end of the trace", noViolation.getMessage());
    }
}
