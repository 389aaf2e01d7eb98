package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.nio.file.Path;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated model behaves as the spec says: compiled in memory and explored. */
class GeneratedModelTest {
    private static LongFunction<Model> models;

    @BeforeAll
    static void load() {
        CompileResult result = new SpecCompiler()
                .compile(Path.of("src/test/resources/golden/refcount.mmspec"), "golden/refcount.mmspec");
        models = new ModelLoader().load(result.spec());
    }

    private static ExplorationResult explore(String... fixesOff) {
        Model model = models.apply(FixMask.of(models.apply(0).info(), fixesOff));
        return new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
    }

    @Test
    void withTheFixEveryInvariantHolds() {
        ExplorationResult result = explore();
        assertEquals(ExplorationResult.Outcome.HOLDS, result.outcome(), result.summary());
    }

    @Test
    void withoutTheFixTheLostUpdateIsFoundShortest() {
        ExplorationResult result = explore("put_locked");
        assertEquals(ExplorationResult.Outcome.VIOLATED, result.outcome(), result.summary());
        assertEquals(
                "initial_reference_kept",
                result.violation().map(Violation::name).orElseThrow());
        // cpu0 get, cpu0 put (reads 2), cpu1 get (3), cpu1 put (reads 3), cpu1 finish (2), cpu0 finish (1)... the
        // shortest
        // loss needs both tasks to read the same count before either writes back: 6 steps.
        assertEquals(6, result.counterexample().orElseThrow().steps().size());
    }

    @Test
    void theFixturesScenarioEndsAsItSays() {
        // The fixture's lost_update once let cpu1 run its whole operation before cpu0 wrote back: no
        // update was lost, and the scenario did not violate what it expects.
        Model model = models.apply(FixMask.of(models.apply(0).info(), "put_locked"));
        var scenario = model.info().scenarios().stream()
                .filter(s -> s.name().equals("lost_update"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                java.util.Optional.empty(),
                dev.mmspec.engine.check.SpecChecks.scenarioMismatchOnModel(model, scenario));
    }

    @Test
    void aStepBlockedByRequireIsDisabledAndChangesNothing() {
        Model model = models.apply(0);
        long[] initial = new long[model.info().stateWords()];
        model.initialState(initial);
        int startOnPage1 = -1;
        for (int a = 0; a < model.info().actions().size(); a++) {
            var action = model.info().actions().get(a);
            if (!action.isContinue() && action.arguments().equals(java.util.List.of(1))) {
                startOnPage1 = a;
                break;
            }
        }
        long[] next = new long[initial.length];
        // page 1 has no reference: get_put(1).get requires ref > 0.
        assertEquals(Model.DISABLED, model.apply(initial, startOnPage1, next));
    }

    @Test
    void idleTasksLeaveNoTraceInTheState() {
        Model model = models.apply(0);
        long[] s = new long[model.info().stateWords()];
        model.initialState(s);
        long[] a = new long[s.length];
        long[] b = new long[s.length];
        int start = 1; // cpu0: get_put(0)
        assertTrue(model.apply(s, start, a) >= 0);
        assertTrue(model.apply(a, 0, b) >= 0); // put
        long[] c = new long[s.length];
        assertTrue(model.apply(b, 0, c) >= 0); // finish: back to idle
        assertTrue(model.idle(c, 0));
        assertEquals(
                java.util.Arrays.toString(s),
                java.util.Arrays.toString(c),
                "get then put returns to the initial state");
    }
}
