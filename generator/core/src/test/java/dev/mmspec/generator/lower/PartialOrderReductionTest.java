package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partial-order reduction runs a task's independent steps alone: fewer states, the same verdicts, and (because the
 * witness search never reduces) the very same counterexample.
 */
class PartialOrderReductionTest {
    private static final Path SPEC = Path.of("src/test/resources/fixtures/reduction/batch.mmspec");

    private static LongFunction<Model> compile(String text) throws Exception {
        CompileResult result = new SpecCompiler().compile("fixtures/reduction/batch.mmspec", text);
        assertTrue(result.spec() != null, () -> result.diagnostics().toString());
        return new ModelLoader().load(result.spec());
    }

    private static ExplorationResult explore(Model model, boolean reduce, int workers) {
        return new Explorer(
                        model, ExplorerConfig.defaults().withWorkers(workers).withPartialOrder(reduce))
                .explore();
    }

    @Test
    void onlyTheTaskLocalStepsAreIndependent() throws Exception {
        ModelInfo info = compile(Files.readString(SPEC)).apply(0).info();
        for (List<Integer> steps : info.independentSteps()) {
            assertEquals(
                    List.of("tally", "more"),
                    steps.stream().map(s -> info.steps().get(s).name()).toList());
        }
    }

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2})
    void reductionKeepsEveryVerdictAndTheShortestTrace(int workers) throws Exception {
        LongFunction<Model> models = compile(Files.readString(SPEC));
        ModelInfo info = models.apply(0).info();
        for (String[] off : new String[][] {{}, {"locked_add"}}) {
            Model model = models.apply(FixMask.of(info, off));
            ExplorationResult reduced = explore(model, true, workers);
            ExplorationResult full = explore(model, false, workers);
            String label = String.join(",", off) + ": " + reduced.summary() + " vs " + full.summary();
            assertEquals(full.outcome(), reduced.outcome(), label);
            assertEquals(full.violation(), reduced.violation(), label);
            assertEquals(full.counterexample(), reduced.counterexample(), label);
            assertTrue(reduced.reducedStates() > 0, label);
            assertEquals(0, full.reducedStates(), label);
            if (off.length == 0) {
                assertEquals(Outcome.HOLDS, reduced.outcome(), label);
                assertTrue(reduced.distinctStates() < full.distinctStates(), label);
                assertTrue(reduced.transitions() < full.transitions(), label);
            } else {
                assertEquals(Outcome.VIOLATED, reduced.outcome(), label);
            }
        }
    }

    @Test
    void aStepAnInvariantReadsIsNotIndependent() throws Exception {
        // The same counting, now into a ghost the invariant reads: running it alone could hide a state
        // in which the invariant fails, so the analysis must keep it with the others.
        String visible = Files.readString(SPEC)
                .replace("ghost state done: 0..6", "ghost state done: 0..6\nghost state counting: 0..3")
                .replace("n := 1;", "n := 1;\n    counting := 1;")
                .replace("page[0].ref == 1 + done", "page[0].ref == 1 + done && counting <= 3");
        ModelInfo info = compile(visible).apply(0).info();
        for (List<Integer> steps : info.independentSteps()) {
            assertEquals(
                    List.of("more"),
                    steps.stream().map(s -> info.steps().get(s).name()).toList());
        }
    }

    @Test
    void aStepThatJumpsBackIsNotIndependent() throws Exception {
        String loop =
                Files.readString(SPEC).replace("n := n + 1;", "n := n + 1;\n    if n < 2 {\n      goto tally;\n    }");
        ModelInfo info = compile(loop).apply(0).info();
        for (List<Integer> steps : info.independentSteps()) {
            assertEquals(
                    List.of("tally"),
                    steps.stream().map(s -> info.steps().get(s).name()).toList());
        }
    }
}
