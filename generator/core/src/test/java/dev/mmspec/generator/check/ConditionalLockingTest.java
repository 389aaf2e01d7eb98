package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * A lock held on some paths only (taken when a fix is on, as the kernel does) is accepted by the checker, and what the
 * checker cannot decide statically the generated model decides when the step runs: the lock's effect is explored, and
 * an unlock on a path that never took it is a model error.
 */
class ConditionalLockingTest {
    /** A read-modify-write over two steps; only the fix holds a lock across them. */
    private static final String SPEC = """
            spec conditional "a lock taken only when the fix is on"
            state counter: 0..4
            ghost state done: 0..4
            task worker[2]: add
            lock l: spinlock
            fix locked_add "hold l from the read to the write"
            op add() {
              var seen: 0..4
              step read {
                require done < 2;
                if fixed(locked_add) {
                  lock l;
                }
                seen := counter;
              }
              step write {
                counter := seen + 1;
                done := done + 1;
                UNLOCK
              }
            }
            invariant no_lost_update: counter == done
            expect without locked_add violates no_lost_update
            """;

    private static LongFunction<Model> compile(String unlock) {
        CompileResult result = new SpecCompiler().compile("conditional.mmspec", SPEC.replace("UNLOCK", unlock));
        assertTrue(
                result.spec() != null && result.diagnostics().isEmpty(),
                () -> result.diagnostics().toString());
        return new ModelLoader().load(result.spec());
    }

    private static ExplorationResult explore(LongFunction<Model> models, String... fixesOff) {
        Model model = models.apply(FixMask.of(models.apply(0).info(), fixesOff));
        return Explorer.explore(model);
    }

    @Test
    void aLockTakenOnlyWithTheFixIsCheckedByExploration() {
        LongFunction<Model> models = compile("if fixed(locked_add) { unlock l; }");
        assertEquals(Outcome.HOLDS, explore(models).outcome());
        ExplorationResult off = explore(models, "locked_add");
        assertEquals(
                Optional.of(new Violation(ViolationKind.INVARIANT, "no_lost_update")), off.violation(), off.summary());
    }

    @Test
    void anUnlockOnAPathThatNeverTookTheLockIsAModelError() {
        LongFunction<Model> models = compile("unlock l;");
        assertEquals(Outcome.HOLDS, explore(models).outcome());
        ExplorationResult off = explore(models, "locked_add");
        assertEquals(ViolationKind.MODEL_ERROR, off.violation().orElseThrow().kind(), off.summary());
        assertTrue(
                off.violation().orElseThrow().name().contains("released by a task that does not hold it"),
                off.summary());
        assertEquals(2, off.counterexample().orElseThrow().steps().size(), off.summary());
    }
}
