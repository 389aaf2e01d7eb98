package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * One verdict: what {@code check} prints as a warning (MM0303, a second instance of one ranked lock) the explorer does
 * not turn into a model error ("taken against the lock order") either.
 */
class UnorderedNestingVerdictTest {
    /** double_pt_lock(): both page-table locks of a move, the second one while holding the first. */
    private static final String SPEC = """
            spec nested "two instances of one lock held at once"
            domain Table = 0..1
            state moved: 0..2
            task mover: move
            lock mmap_lock: rwsem per mm
            lock ptl[Table]: spinlock per pte_table
            order mmap_lock < ptl
            op move() {
              step both {
                require moved < 1;
                lock mmap_lock read;
                lock ptl[0];
                lock ptl[1];
                moved := moved + 1;
                unlock ptl[1];
                unlock ptl[0];
                unlock mmap_lock read;
              }
            }
            invariant bounded: moved <= 1
            """;

    @Test
    void aSecondInstanceIsAWarningInCheckAndNoErrorInExplore() {
        CompileResult result = new SpecCompiler().compile("nested.mmspec", SPEC);
        List<Diagnostic> diagnostics = result.diagnostics();
        assertEquals(1, diagnostics.size(), diagnostics::toString);
        assertEquals(Codes.UNORDERED_NESTING.code(), diagnostics.get(0).code());
        assertTrue(!diagnostics.get(0).isError(), diagnostics::toString);
        LongFunction<Model> models = new ModelLoader().load(result.spec());
        ExplorationResult explored = Explorer.explore(models.apply(0));
        assertEquals(Outcome.HOLDS, explored.outcome(), explored.summary());
    }
}
