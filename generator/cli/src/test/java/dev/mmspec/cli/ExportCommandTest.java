package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void tlaExportHasOneActionPerStepAndEachFixAsAConstant() throws Exception {
        assertEquals(
                0,
                run(new StringWriter(), "export", "--tla", "-o", dir.toString(), "../../spec/anon_exclusive.mmspec"));
        String tla = Files.readString(dir.resolve("anon_exclusive.tla"));
        String cfg = Files.readString(dir.resolve("anon_exclusive.cfg"));
        assertTrue(tla.contains("Step_swap_out_unmap(t) =="), tla);
        assertTrue(tla.contains("CONSTANTS Fix_swap_pte_exclusive"), tla);
        assertTrue(
                cfg.contains("CONSTANT Fix_swap_pte_exclusive = TRUE") && cfg.contains("INVARIANT Inv_no_lost_dma"),
                cfg);
    }

    @Test
    void promelaExportHasOneDStepPerStepAndTask() throws Exception {
        assertEquals(
                0,
                run(
                        new StringWriter(),
                        "export",
                        "--promela",
                        "-o",
                        dir.toString(),
                        "../../spec/anon_exclusive.mmspec"));
        String pml = Files.readString(dir.resolve("anon_exclusive.pml"));
        assertTrue(pml.contains("inline step_swap_out_unmap(t)"), pml);
        assertTrue(pml.contains("#define Fix_swap_pte_exclusive 1"), pml);
        assertTrue(pml.contains("/* no_lost_dma */"), pml);
    }

    @Test
    void everyBadCommandLineIsAUsageErrorThatSaysWhy() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "export", "../../spec/anon_exclusive.mmspec"));
        assertTrue(err.toString().contains("--tla | --promela"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "export", "--tla", "--promela", "../../spec/anon_exclusive.mmspec"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        err = new StringWriter();
        assertEquals(
                2, run(err, "export", "--tla", dir.resolve("missing.mmspec").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    @Test
    void aSpecWithErrorsIsReportedAndNothingIsWritten() throws Exception {
        Path bad = dir.resolve("bad.mmspec");
        Files.writeString(bad, "spec bad \"bad\"\nstate x: 0..1\n");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "export", "--tla", "-o", out.toString(), bad.toString()));
        assertTrue(err.toString().contains("bad.mmspec:"), err.toString());
        assertFalse(Files.exists(out.resolve("bad.tla")));
    }

    /**
     * Another task's state reads the exported task fields: its operation and pc ({@code t_op}, {@code t_pc}) and its
     * copy of the operation's variable. TLC and SPIN agree with the explorer on it (trust/task_state.mmspec).
     */
    @Test
    void anotherTasksStateReadsTheExportedTaskFields() throws Exception {
        Path spec = dir.resolve("inside.mmspec");
        Files.writeString(
                spec,
                String.join(
                        "\n",
                        "spec inside \"a task's state in an invariant\"",
                        "state x: bool = true",
                        "task cpu[2]: work",
                        "op work() {",
                        "  var seen: bool",
                        "  step a { x := false; seen := true; }",
                        "  step b { x := true; }",
                        "}",
                        "invariant busy \"x is false only inside work\":",
                        "  forall t in Task: t in work.b implies !x || t.work.seen",
                        ""));
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "export", "--tla", "-o", out.toString(), spec.toString()), err.toString());
        String tla = Files.readString(out.resolve("inside.tla"));
        assertTrue(
                tla.contains("t_op[b_t_") && tla.contains("] = 1 /\\ t_pc[b_t_") && tla.contains("a_work_seen[b_t_"),
                tla);
        assertEquals(0, run(err, "export", "--promela", "-o", out.toString(), spec.toString()), err.toString());
        String pml = Files.readString(out.resolve("inside.pml"));
        assertTrue(pml.contains("(t_op[1] == 1 && t_pc[1] == 1)") && pml.contains("a_work_seen[1]"), pml);
    }

    /**
     * What keeps TLC's work down (docs/export.md, "What TLC evaluates"): a choose over a small domain is an IF chain
     * tested lowest first, over a large one Min of the fitting set; a write right after its guard's lock was taken
     * needs no guard test and shares one EXCEPT with the lock; a value whose type fits its target gets no range test.
     */
    @Test
    void tlaExportChoosesByIfChainsAndMergesWritesAfterALock() throws Exception {
        Path spec = dir.resolve("shape.mmspec");
        Files.writeString(
                spec,
                String.join(
                        "\n",
                        "spec shape \"the shape of the TLA+ translation\"",
                        "domain Small = 0..3",
                        "domain Large = 0..19",
                        "state used[Small]: bool = false",
                        "state big[Large]: bool = false",
                        "state total: 0..3 = 0",
                        "task cpu[2]: grab",
                        "lock l: spinlock",
                        "guard total by l",
                        "op grab() {",
                        "  step take {",
                        "    choose s in Small where !used[s] { used[s] := true; }",
                        "    choose b in Large where !big[b] { big[b] := true; }",
                        "    lock l;",
                        "    total := 1;",
                        "    unlock l;",
                        "  }",
                        "}",
                        ""));
        Path out = dir.resolve("shape-out");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "export", "--tla", "-o", out.toString(), spec.toString()), err.toString());
        String tla = Files.readString(out.resolve("shape.tla"));
        assertTrue(tla.contains("IF (LET b_s_0 == 0 IN ~m0.v_used[b_s_0]) THEN 0 ELSE IF (LET b_s_0 == 1 IN"), tla);
        assertTrue(tla.contains("== {b_b_1 \\in D_Large : ~"), tla);
        assertTrue(tla.contains("Min(fits"), tla);
        assertFalse(tla.contains("written without holding l"), tla);
        assertFalse(tla.contains("value out of range for total"), tla);
        assertTrue(tla.contains("!.lk_l[0] = t + 1, !.v_total[0] = 1, !.lk_l[0] = 0"), tla);
    }
}
