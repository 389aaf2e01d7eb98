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
import dev.mmspec.generator.ir.Lock;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * One verdict: two locks the order does not relate (a < b and c < d say nothing of a and c) may be nested either way;
 * {@code check} warns (MM0303) and the model does not fault on either nesting. The order's topological ranks put c
 * above a here, so a model that compared ranks faulted on "a taken while holding c" (it did, before the locks carried
 * the order itself).
 */
class UnrelatedLocksVerdictTest {
    private static final String SPEC = """
            spec unrelated "a < b and c < d: the order relates neither a to c nor c to a"
            state done: 0..2
            task t: both
            lock a: spinlock per mm
            lock b: spinlock per mm
            lock c: spinlock per mm
            lock d: spinlock per mm
            order a < b
            order c < d
            op both() {
              step c_then_a {
                require done == 0;
                lock c;
                lock a;
                done := 1;
                unlock a;
                unlock c;
              }
              step a_then_c {
                lock a;
                lock c;
                done := 2;
                unlock c;
                unlock a;
              }
            }
            invariant bounded: done <= 2
            """;

    @Test
    void unrelatedLocksNestEitherWayWithAWarningAndNoModelError() {
        CompileResult result = new SpecCompiler().compile("unrelated.mmspec", SPEC);
        List<Diagnostic> diagnostics = result.diagnostics();
        assertEquals(2, diagnostics.size(), diagnostics::toString);
        assertTrue(
                diagnostics.stream().allMatch(d -> d.code().equals(Codes.UNORDERED_NESTING.code()) && !d.isError()),
                diagnostics::toString);
        Lock a = lock(result, "a");
        Lock c = lock(result, "c");
        assertTrue(c.rank() > a.rank(), "the ranks must invert a and c for this test to catch a rank comparison");
        assertEquals(List.of("b"), a.after());
        assertEquals(List.of("d"), c.after());
        LongFunction<Model> models = new ModelLoader().load(result.spec());
        ExplorationResult explored = Explorer.explore(models.apply(0));
        assertEquals(Outcome.HOLDS, explored.outcome(), explored.summary());
        assertEquals(3L, explored.distinctStates(), explored.summary());
    }

    @Test
    void theOrderIsTransitive() {
        CompileResult result = new SpecCompiler().compile("chain.mmspec", """
                spec chain "a < b < c, and d < c"
                task t: idle
                lock a: spinlock
                lock b: spinlock
                lock c: spinlock
                lock d: spinlock
                order a < b < c
                order d < c
                op idle() { step s { } }
                """);
        assertTrue(result.diagnostics().isEmpty(), result.diagnostics()::toString);
        assertEquals(List.of("b", "c"), lock(result, "a").after());
        assertEquals(List.of("c"), lock(result, "d").after());
        assertEquals(List.of(), lock(result, "c").after());
    }

    private static Lock lock(CompileResult result, String name) {
        return result.spec().locks().stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
