package dev.mmspec.generator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.lang.ExpectedResult;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.Quantifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first real spec compiles clean and resolves to the IR shape the back end is built against. */
class AnonExclusiveSpecTest {
    static final Path REAL_SPEC = Path.of("../../spec/anon_exclusive.mmspec");

    private static Spec spec;

    @BeforeAll
    static void compile() {
        CompileResult result = new SpecCompiler().compile(REAL_SPEC, "spec/anon_exclusive.mmspec");
        assertEquals(List.of(), result.diagnostics());
        spec = result.spec();
        assertNotNull(spec);
    }

    @Test
    void headerAndDeclarations() {
        assertEquals("anon_exclusive", spec.name());
        assertEquals("PG_anon_exclusive survives swap-out", spec.title());
        assertTrue(spec.source().startsWith("seed 002"));
        assertEquals("spec/anon_exclusive.mmspec", spec.sourcePath());
        assertEquals(
                List.of("Addr", "Folio", "Slot"),
                spec.domains().stream().map(Domain::name).toList());
        assertEquals(2, spec.domains().get(1).high());
        assertEquals(List.of("none", "present", "swap"), spec.enums().get(0).literals());
        assertEquals(
                List.of("Pte", "folio", "swap_slot"),
                spec.records().stream().map(r -> r.name()).toList());
        assertEquals(
                List.of("pte", "folio", "swap_slot", "gup_target", "dma_expected"),
                spec.state().stream().map(s -> s.name()).toList());
        assertTrue(spec.state().get(3).ghost());
        assertEquals(-1, spec.state().get(3).initial(), "an optional starts as none");
        assertEquals(
                new Type.RangeType(0, 4),
                spec.state().get(1).record().field("ref").type(),
                "MAX_REF folds into the range");
        assertEquals(-1, spec.records().get(0).field("slot").initial());
    }

    @Test
    void tasksAndTheTaskDomain() {
        assertEquals(
                List.of("app", "reclaim"), spec.tasks().stream().map(Task::name).toList());
        assertEquals(
                List.of("write", "gup_get", "dma_complete"),
                spec.tasks().get(0).operations().stream().map(Operation::name).toList());
        assertEquals(new Domain("Task", 0, 1, spec.taskDomain().span()), spec.taskDomain());
        assertSame(spec.operations().get(3), spec.tasks().get(1).operations().get(0));
    }

    @Test
    void locksAreRankedByTheOrderAndGuardsPointAtTheirLockDimension() {
        assertEquals(
                List.of("folio_lock:0:SLEEPING:folio", "ptl:1:SPINLOCK:pte_table"),
                spec.locks().stream()
                        .map(l -> l.name() + ":" + l.rank() + ":" + l.kind() + ":" + l.granularity())
                        .toList());
        assertEquals(
                List.of(
                        "pte.null/ptl/0",
                        "folio.exclusive/folio_lock/0",
                        "folio.swapcache/folio_lock/0",
                        "folio.slot/folio_lock/0"),
                spec.guards().stream().map(AnonExclusiveSpecTest::guard).toList());
        assertSame(spec.state().get(0), spec.guards().get(0).state());
    }

    private static String guard(Guard g) {
        return g.state().name() + "." + g.field() + "/" + g.lock().name() + "/" + g.lockIndexDimension();
    }

    @Test
    void operationsAndStepsAreNumberedGlobally() {
        assertEquals(
                List.of(
                        "write.fault",
                        "write.wp",
                        "gup_get.grab",
                        "dma_complete.complete",
                        "swap_out.add_to_swapcache",
                        "swap_out.unmap",
                        "swap_out.pageout"),
                spec.allSteps().stream().map(Step::label).toList());
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6),
                spec.allSteps().stream().map(Step::globalIndex).toList());
        Operation swapOut = spec.operations().get(3);
        assertEquals(3, swapOut.index());
        assertEquals(
                List.of("f", "s"), swapOut.locals().stream().map(v -> v.name()).toList());
        assertEquals(
                new Type.OptionalType(spec.domains().get(2)),
                swapOut.locals().get(1).type());
        assertEquals(List.of("ENOMEM", "EAGAIN", "ENOSPC"), spec.outcomes(), "outcomes in order of first use");
    }

    @Test
    void namesResolveToTheDeclarationInstances() {
        Operation gup = spec.operations().get(1);
        Stmt.Require require = (Stmt.Require) gup.steps().get(0).body().get(0);
        Expr.Binary test = (Expr.Binary) require.condition();
        Expr.StateRead target = (Expr.StateRead) test.left();
        assertSame(spec.state().get(3), target.state());
        assertSame(gup.parameters().get(0), ((Expr.VarRead) target.indices().get(0)).variable());
        assertEquals(
                new Type.OptionalType(spec.domains().get(1)), test.right().type(), "none takes the optional's type");
    }

    @Test
    void recordLiteralsGetEveryFieldWithDefaults() {
        Stmt.AssignRecord pte = (Stmt.AssignRecord) spec.init().get(1);
        assertEquals("pte", pte.target().state().name());
        assertEquals(5, pte.values().size());
        assertEquals(
                new Expr.EnumLit(spec.enums().get(0), 1, pte.values().get(0).span()),
                pte.values().get(0));
        assertTrue(pte.values().get(3) instanceof Expr.NoneLit, "slot defaults to none");
        assertEquals(new Expr.BoolLit(false, pte.span()), pte.values().get(4));
    }

    @Test
    void trylockStaysInTheIfConditionAndUnlocksKeepTheirInstance() {
        Step wp = spec.operations().get(0).steps().get(1);
        assertTrue(wp.body().get(0) instanceof Stmt.LockStmt lock
                && lock.lock().lock().name().equals("ptl"));
        Stmt.If present = (Stmt.If) wp.body().get(1);
        Stmt.If exclusive = (Stmt.If) present.then().get(1);
        Stmt.If reuse = (Stmt.If) exclusive.otherwise().get(0);
        Expr.Binary condition = (Expr.Binary) reuse.condition();
        assertTrue(condition.right() instanceof Expr.TryLock t
                && t.lock().lock().name().equals("folio_lock"));
        Stmt.Choose alloc = (Stmt.Choose) reuse.otherwise().get(0);
        assertTrue(alloc.alloc());
        assertTrue(((Stmt.AssignRecord) alloc.then().get(0)).target() instanceof LValue.StateTarget);
    }

    @Test
    void invariantsKeepTheirTextAndIndex() {
        assertEquals(
                List.of("no_lost_dma", "writable_implies_exclusive", "refcount_covers_users"),
                spec.invariants().stream().map(Invariant::name).toList());
        Invariant first = spec.invariants().get(0);
        assertEquals(
                "forall a in Addr: pte[a].kind == present implies folio[pte[a].folio].dma_data == dma_expected[a]",
                first.text());
        assertNull(first.when());
        assertEquals("", first.whenText());
        Expr.Quantified count = (Expr.Quantified) ((Expr.Binary) ((Expr.Binary)
                                ((Expr.Quantified) spec.invariants().get(2).body()).body())
                        .right())
                .right();
        assertEquals(Quantifier.COUNT, count.quantifier());
        assertEquals(new Type.RangeType(0, 1), count.type());
    }

    @Test
    void scenariosAndExpectations() {
        assertEquals(2, spec.scenarios().size());
        Scenario cover = spec.scenarios().get(0);
        assertEquals(
                List.of("swap_pte_exclusive"),
                cover.fixesOff().stream().map(Fix::name).toList());
        assertEquals(
                List.of("app:gup_get[0]", "reclaim:swap_out[0]", "app:write[0]", "app:dma_complete[0]"),
                cover.entries().stream()
                        .map(e -> e.task().name() + ":" + e.operation().name() + e.arguments())
                        .toList());
        assertEquals(ExpectedResult.VIOLATES, cover.expected());
        assertSame(spec.invariants().get(0), cover.expectedInvariant());
        Scenario fixed = spec.scenarios().get(1);
        assertEquals(List.of(), fixed.fixesOff());
        assertEquals(ExpectedResult.HOLDS, fixed.expected());
        assertEquals(1, spec.expectations().size());
        assertSame(spec.fixes().get(0), spec.expectations().get(0).fix());
        assertSame(spec.invariants().get(0), spec.expectations().get(0).invariant());
        assertEquals(List.of(), spec.symmetries());
        assertEquals(LockKind.SPINLOCK, spec.locks().get(1).kind());
    }
}
