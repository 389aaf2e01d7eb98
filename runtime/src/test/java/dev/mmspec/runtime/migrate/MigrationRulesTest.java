package dev.mmspec.runtime.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mm/migrate.c for one folio, rule by rule: what moves with the page (contents, dirtiness, writability and
 * PG_anon_exclusive through the migration entry, the page-cache or swap-cache slot, lazyfree), what makes migration
 * fail (an extra reference, a pin, no memory) and that a failure puts every entry back on the source.
 */
class MigrationRulesTest {
    private Kernel kernel = new Kernel(KernelConfig.defaults());
    private Mm mm = kernel.createMm();

    private void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private Migration.Result migrate(long address) {
        return kernel.migration().migrate(mm, address);
    }

    @Test
    void nothingMappedIsEagain() {
        mm.mmapAnonymous(0, 1, true);
        Migration.Result r = migrate(0);
        assertEquals(Outcome.EAGAIN, r.outcome());
        assertNull(r.source());
        assertNull(r.destination());
    }

    @Test
    void anExclusiveWritablePageMovesWithItsContentsDirtinessAndExclusivity() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 3, (byte) 9);
        Folio src = mm.pte(0).presentFolio();
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(1, r.installed());
        assertEquals(1, r.removed());
        assertSame(src, r.source());
        Folio dst = r.destination();
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertSame(dst, pte.folio());
        assertTrue(pte.writable(), "the entry remembered writability");
        assertFalse(pte.dirty(), "remove_migration_pte() maps it clean ...");
        assertTrue(dst.dirty(), "... because the dirty bit went to the folio");
        assertTrue(dst.anonExclusive(), "and PG_anon_exclusive came back");
        assertTrue(src.freed(), "the isolation reference was the last");
        assertEquals(1, dst.refcount());
        assertEquals(1, dst.mapcount());
        assertEquals(9, kernel.user().read(mm, 0, 3).value());
        assertTrue(dst.locked() == false && src.locked() == false);
        invariantsHold();
    }

    @Test
    void aPageSharedAfterForkMovesInBothProcessesReadOnlyAndShared() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Mm child = kernel.fork().fork(mm);
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(2, r.installed());
        assertEquals(2, r.removed());
        Folio dst = r.destination();
        for (Mm m : List.of(mm, child)) {
            Pte.Present pte = (Pte.Present) m.pte(0);
            assertSame(dst, pte.folio());
            assertFalse(pte.writable());
        }
        assertFalse(dst.anonExclusive());
        assertEquals(2, dst.mapcount());
        assertEquals(Outcome.OK, kernel.user().write(child, 0, 0, (byte) 2));
        assertEquals(1, kernel.user().read(mm, 0, 0).value(), "COW still separates them");
        kernel.mmap().exit(child);
        invariantsHold();
    }

    @Test
    void aPageCachePageIsReplacedInTheCacheAndStaysClean() {
        AddressSpace file = kernel.createFile(8);
        mm.mmapFile(file, 0, 1, 0, false, true);
        kernel.user().read(mm, 0, 0);
        Folio src = file.peek(0);
        assertFalse(src.dirty());
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        Folio dst = r.destination();
        assertSame(dst, file.peek(0), "the page cache points at the destination");
        assertSame(dst, mm.pte(0).presentFolio());
        assertFalse(dst.dirty());
        assertEquals(2, dst.refcount(), "the cache's and the mapping's");
        assertTrue(src.freed());
        invariantsHold();
    }

    @Test
    void aSwapCachePageTakesItsSlotAlong() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 4);
        Mm child = kernel.fork().fork(mm);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        int slot = ((Pte.Swap) mm.pte(0)).slot();
        kernel.user().read(mm, 0, 0);
        Folio src = mm.pte(0).presentFolio();
        assertTrue(src.swapcache());
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        Folio dst = r.destination();
        assertSame(dst, kernel.swap().view(slot).folio());
        assertTrue(dst.swapcache());
        assertEquals(slot, dst.swapSlot());
        assertFalse(src.swapcache());
        assertEquals(4, kernel.user().read(child, 0, 0).value(), "the child's swap-in finds the destination");
        kernel.mmap().exit(child);
        invariantsHold();
    }

    @Test
    void aLazyfreePageStaysLazyfree() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.madviseFree().free(mm, 0, 1);
        assertTrue(mm.pte(0).presentFolio().lazyfree());
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        assertTrue(r.destination().lazyfree());
        invariantsHold();
    }

    @Test
    void anExtraReferenceMakesItFailAndTheEntriesGoBackToTheSource() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio src = mm.pte(0).presentFolio();
        GupResult get = kernel.gup().get(mm, 0, Foll.WRITE);
        Migration.Result r = migrate(0);
        assertEquals(Outcome.EAGAIN, r.outcome());
        assertNull(r.destination());
        assertEquals(1, r.installed());
        assertEquals(1, r.removed());
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertSame(src, pte.folio());
        assertTrue(pte.writable());
        assertTrue(src.anonExclusive());
        assertEquals(2, src.refcount());
        assertEquals(1, kernel.folios().liveCount(), "the destination was freed");
        kernel.gup().release(get.ref(), false);
        invariantsHold();
    }

    @Test
    void aPinnedExclusivePageStaysMapped() {
        mm.mmapAnonymous(0, 1, true);
        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN, Foll.WRITE);
        Folio src = pin.ref().folio();
        Migration.Result r = migrate(0);
        assertEquals(Outcome.EAGAIN, r.outcome());
        assertEquals(0, r.installed(), "folio_try_share_anon_rmap() refused");
        assertEquals(0, r.removed());
        assertSame(src, mm.pte(0).presentFolio());
        kernel.gup().release(pin.ref(), false);
        invariantsHold();
    }

    @Test
    void noMemoryForTheDestinationIsEagainWithTheSourceMappedAgain() {
        kernel = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio src = mm.pte(0).presentFolio();
        Migration.Result r = migrate(0);
        assertEquals(Outcome.EAGAIN, r.outcome());
        assertSame(src, mm.pte(0).presentFolio());
        assertEquals(1, r.removed());
        invariantsHold();
    }

    @Test
    void migrationRunsInFiveSteps() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.run(0, () -> sim.kernel.user().write(m, 0, 0, (byte) 1));
            long ops = sim.kernel.operations();
            List<String> labels = new ArrayList<>();
            Stop stop = sim.start(0, () -> sim.kernel.migration().migrate(m, 0).outcome());
            while (stop.kind() == Stop.Kind.POINT) {
                labels.add(stop.label());
                stop = sim.step(0);
            }
            assertEquals(
                    List.of(
                            Labels.MIGRATE_LOCK,
                            Labels.MIGRATE_UNMAP,
                            Labels.MIGRATE_MOVE,
                            Labels.MIGRATE_REMOVE,
                            Labels.MIGRATE_UNLOCK),
                    labels);
            assertEquals("OK", stop.outcome());
            assertEquals(ops + 1, sim.kernel.operations());
            assertNotSame(null, m.pte(0).presentFolio());
        }
    }

    @Test
    void anEntryRestoredAfterMprotectReadOnlyMapsThePageReadOnly() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.run(1, () -> sim.kernel.user().write(m, 0, 0, (byte) 1));
            sim.start(0, () -> sim.kernel.migration().migrate(m, 0).outcome());
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            assertTrue(m.pte(0) instanceof Pte.Migration entry && entry.writable(), "a writable migration entry");
            sim.run(1, () -> sim.kernel.mmap().mprotect(m, 0, 1, false));
            assertEquals("OK", sim.finish(0));
            Pte.Present pte = (Pte.Present) m.pte(0);
            assertFalse(pte.writable(), "the VMA has no VM_WRITE any more");
        }
    }

    @Test
    void anEntryZappedDuringMigrationIsNotRestored() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.run(1, () -> sim.kernel.user().write(m, 0, 0, (byte) 1));
            Migration.Result[] r = new Migration.Result[1];
            sim.start(0, () -> r[0] = sim.kernel.migration().migrate(m, 0));
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            sim.run(1, () -> sim.kernel.mmap().madviseDontneed(m, 0, 1));
            assertTrue(m.pte(0).isNone(), "the zap cleared the migration entry");
            sim.finish(0);
            assertEquals(1, r[0].installed());
            assertEquals(0, r[0].removed(), "nothing left to restore");
            assertTrue(m.pte(0).isNone());
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }

    @Test
    void aReadOnlyExclusivePageStaysExclusiveAcrossMigration() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.reclaim().swapOut(mm, 0);
        kernel.user().read(mm, 0, 0);
        Pte.Present ro = (Pte.Present) mm.pte(0);
        assertFalse(ro.writable());
        assertTrue(ro.folio().anonExclusive(), "swapped in by a read: exclusive but mapped read-only");
        Migration.Result r = migrate(0);
        assertEquals(Outcome.OK, r.outcome());
        assertTrue(r.destination().anonExclusive(), "the entry remembered PG_anon_exclusive, not only writability");
        assertFalse(((Pte.Present) mm.pte(0)).writable());
        invariantsHold();
    }
}
