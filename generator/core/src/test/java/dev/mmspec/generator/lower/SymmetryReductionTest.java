package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@code symmetry cpu} shrinks the explored state space and keeps every verdict: the same invariant violated, by a
 * counterexample just as short, that replays step by step on the concrete model.
 */
class SymmetryReductionTest {
    private static final Path SPEC = Path.of("src/test/resources/golden/refcount.mmspec");

    private static LongFunction<Model> compile(boolean symmetry) throws Exception {
        String text = Files.readString(SPEC).replace("task cpu[2]", "task cpu[3]");
        if (!symmetry) {
            text = text.replace("symmetry cpu", "");
        }
        CompileResult result = new SpecCompiler().compile("golden/refcount3.mmspec", text);
        assertTrue(result.spec() != null, () -> result.diagnostics().toString());
        return new ModelLoader().load(result.spec());
    }

    private static ExplorationResult explore(LongFunction<Model> models, int workers, String... fixesOff) {
        Model model = models.apply(FixMask.of(models.apply(0).info(), fixesOff));
        return new Explorer(model, ExplorerConfig.defaults().withWorkers(workers)).explore();
    }

    @Test
    void symmetryKeepsEveryVerdictWithFewerStatesAndTracesAsShort() throws Exception {
        LongFunction<Model> reduced = compile(true);
        LongFunction<Model> full = compile(false);
        for (String[] off : new String[][] {{}, {"put_locked"}}) {
            ExplorationResult a = explore(reduced, 1, off);
            ExplorationResult b = explore(full, 1, off);
            String label = Arrays.toString(off) + ": " + a.summary() + " vs " + b.summary();
            assertEquals(b.outcome(), a.outcome(), label);
            assertEquals(b.violation(), a.violation(), label);
            assertEquals(
                    b.counterexample().map(t -> t.steps().size()),
                    a.counterexample().map(t -> t.steps().size()),
                    label);
            assertTrue(a.distinctStates() < b.distinctStates(), label);
        }
    }

    @Test
    void counterexampleFoundOnRepresentativesReplaysOnTheConcreteModel() throws Exception {
        LongFunction<Model> reduced = compile(true);
        Model model = reduced.apply(FixMask.of(reduced.apply(0).info(), "put_locked"));
        ExplorationResult result = new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
        assertEquals(Outcome.VIOLATED, result.outcome(), result.summary());
        ModelReplay.replay(model, result.counterexample().orElseThrow());
    }

    @Test
    void oneAndTwoWorkersAgreeUnderSymmetry() throws Exception {
        LongFunction<Model> reduced = compile(true);
        ExplorationResult one = explore(reduced, 1, "put_locked");
        ExplorationResult two = explore(reduced, 2, "put_locked");
        assertEquals(one.distinctStates(), two.distinctStates());
        assertArrayEquals(
                one.counterexample().orElseThrow().actions(),
                two.counterexample().orElseThrow().actions());
    }
}
