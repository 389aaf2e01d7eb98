package dev.mmspec.generator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.lang.ExpectedResult;
import dev.mmspec.generator.lang.LockMode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the resolver makes of constructs the real spec does not use, from the good fixtures. */
class FixtureResolutionTest {

    private static Spec compile(String fixture) throws URISyntaxException {
        Path path = Path.of(FixtureResolutionTest.class
                .getResource("/fixtures/good/" + fixture)
                .toURI());
        CompileResult result = new SpecCompiler().compile(path, fixture);
        assertEquals(List.of(), result.diagnostics());
        assertNotNull(result.spec());
        return result.spec();
    }

    @Test
    void rwsemUnlockReleasesTheModeItWasTakenWith() throws URISyntaxException {
        Spec spec = compile("rwsem_mmap.mmspec");
        Stmt.LockStmt read =
                (Stmt.LockStmt) spec.operations().get(0).steps().get(0).body().get(0);
        assertEquals(LockMode.READ, read.lock().mode());
        List<Stmt> map = spec.operations().get(0).steps().get(1).body();
        Stmt.UnlockStmt last = (Stmt.UnlockStmt) map.get(map.size() - 1);
        assertEquals(LockMode.READ, last.lock().mode(), "unlock without a mode releases what the path took");
        assertNull(last.lock().index());
        assertEquals(LockMode.WRITE, spec.guards().get(0).mode());
        assertEquals(-1, spec.guards().get(1).lockIndexDimension());
    }

    @Test
    void taskGroupsExpandAndFormASymmetry() throws URISyntaxException {
        Spec spec = compile("rwsem_mmap.mmspec");
        assertEquals(
                List.of("cpu0", "cpu1"), spec.tasks().stream().map(Task::name).toList());
        assertEquals(
                List.of("cpu", "cpu"), spec.tasks().stream().map(Task::group).toList());
        assertEquals(spec.tasks(), spec.symmetries().get(0).tasks());
        assertEquals(1, spec.state().get(0).initial(), "vma_state = mapped");
        assertEquals(
                List.of(2, 2),
                spec.state().get(2).dimensions().stream().map(d -> d.size()).toList());
        Scenario scenario = spec.scenarios().get(0);
        assertEquals(ExpectedResult.OUTCOME, scenario.expected());
        assertEquals("SIGSEGV", scenario.expectedOutcome());
        assertEquals("lookup", scenario.entries().get(2).through().name());
        assertEquals(List.of(1, 1), scenario.entries().get(2).arguments());
    }

    @Test
    void whenQualifiedInvariantsKeepTheirQualifier() throws URISyntaxException {
        Spec spec = compile("rwsem_mmap.mmspec");
        var inv = spec.invariants().get(1);
        assertEquals("!held(mmap_lock)", inv.whenText());
        Expr.Held held = (Expr.Held) ((Expr.Unary) inv.when()).operand();
        assertNull(held.index());
        assertTrue(spec.invariants().get(2).when() instanceof Expr.Quiescent);
    }

    @Test
    void gotoNamesItsTargetStepAndConstantsFold() throws URISyntaxException {
        Spec spec = compile("migration.mmspec");
        var lockSrc = spec.operations().get(0).step("lock_src");
        Stmt.If retry = (Stmt.If) lockSrc.body().get(1);
        Stmt.Goto jump = (Stmt.Goto) retry.otherwise().get(1);
        assertEquals("lock_src", jump.targetName());
        assertEquals(lockSrc.globalIndex(), jump.target().globalIndex());
        assertEquals(lockSrc.label(), jump.target().label());
        assertEquals(List.of(0, 1, 2), spec.locks().stream().map(l -> l.rank()).toList());
        assertEquals(
                List.of("migration_rmap_lock"),
                spec.fixes().stream().map(f -> f.name()).toList());
        assertSame(spec.fixes().get(0), ((Expr.Fixed) ((Expr.Binary) retry.condition()).left()).fix());
    }

    @Test
    void theTaskDomainIsATypeLikeAnyOther() throws URISyntaxException {
        Spec spec = compile("ownership.mmspec");
        assertEquals(
                List.of("worker0", "worker1", "auditor"),
                spec.tasks().stream().map(Task::name).toList());
        assertEquals(2, spec.taskDomain().high());
        assertEquals(
                new Type.OptionalType(spec.taskDomain()), spec.state().get(0).type());
        assertSame(spec.taskDomain(), spec.state().get(4).dimensions().get(0));
        assertEquals(new Type.RangeType(-3, 3), spec.state().get(3).type());
        assertEquals(List.of(0, 1), spec.scenarios().get(0).entries().get(1).arguments());
    }
}
