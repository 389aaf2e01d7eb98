package dev.mmspec.runtime.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * migrate_folio_unmap() / migrate_folio_move() / remove_migration_pte() (mm/migrate.c) against what other tasks and
 * other mappings leave: a folio truncated while migration waited for its lock ({@code !src->mapping}), a folio a zap
 * unmapped before try_to_migrate() (no {@code PAGE_WAS_MAPPED}: no walk for entries), a mapping of the file without a
 * page table, a migration entry of another folio at the same address of a forked child, and a writable entry, which is
 * exclusive whatever the folio's flag said.
 */
class MigrationRechecksTest {
    private static final String FOLIO_LOCK = "lock:folio_lock";

    @Test
    void aFolioTruncatedWhileMigrationWaitedForItsLockIsNotMigrated() {
        try (Sim sim = new Sim(KernelConfig.defaults(), l -> Labels.isStep(l) || l.equals(FOLIO_LOCK))) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm mm = k.createMm();
            mm.mmapFile(file, 0, 1, 0, false, true);
            sim.run(1, () -> k.user().read(mm, 0, 0));
            Folio folio = file.peek(0);
            Migration.Result[] r = new Migration.Result[1];
            sim.start(0, () -> r[0] = k.migration().migrate(mm, 0));
            sim.stepTo(0, FOLIO_LOCK); // looked up with the isolation reference, not locked yet
            sim.run(1, () -> {
                k.truncate().truncate(file, 0);
                return "truncated";
            });
            assertNull(folio.mapping(), "truncation removed it from the page cache");
            sim.finish(0);
            assertEquals(Outcome.EAGAIN, r[0].outcome(), "migrate_folio_unmap(): !src->mapping");
            assertSame(folio, r[0].source());
            assertNull(r[0].destination());
            assertFalse(folio.locked());
            assertTrue(folio.freed(), "the isolation reference was the last");
            assertEquals(0, k.liveFolios().size());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** The kernel walks for migration entries only if the folio was mapped when try_to_migrate() ran. */
    @Test
    void aFolioZappedBeforeTryToMigrateMovesWithoutAWalkForEntries() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm mm = k.createMm();
            mm.mmapAnonymous(0, 1, true);
            sim.run(1, () -> k.user().write(mm, 0, 0, (byte) 1));
            Migration.Result[] r = new Migration.Result[1];
            sim.start(0, () -> r[0] = k.migration().migrate(mm, 0));
            sim.stepTo(0, Labels.MIGRATE_UNMAP);
            sim.run(1, () -> k.mmap().madviseDontneed(mm, 0, 1));
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            AtomicBoolean recording = new AtomicBoolean(true);
            List<LockEvent> rmapLocks = new CopyOnWriteArrayList<>();
            k.onLockEvent(e -> {
                if (recording.get() && e.lockClass() == LockClass.ANON_VMA_RWSEM) {
                    rmapLocks.add(e);
                }
            });
            sim.finish(0);
            recording.set(false);
            assertEquals(Outcome.OK, r[0].outcome(), "an unmapped folio with only the isolation reference moves");
            assertEquals(0, r[0].installed());
            assertEquals(0, r[0].removed());
            assertEquals(List.of(), rmapLocks, "remove_migration_ptes() was not run");
            assertTrue(mm.pte(0).isNone());
            assertEquals(0, k.liveFolios().size());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /** A second process maps the file but never faulted the page: its VMA is walked, it has no page table there. */
    @Test
    void aFileMappingWithoutAPageTableIsSkippedByTheRestore() {
        Kernel k = new Kernel(KernelConfig.defaults());
        AddressSpace file = k.createFile(Folio.PAGE_SIZE);
        Mm mm = k.createMm();
        Mm other = k.createMm();
        mm.mmapFile(file, 0, 1, 0, false, true);
        other.mmapFile(file, 0, 1, 0, false, true);
        k.fileIo().pwrite(file, 0, (byte) 6);
        assertEquals(6, k.user().read(mm, 0, 0).value());
        assertNull(other.pageTableIfPresent(0));
        Migration.Result r = k.migration().migrate(mm, 0);
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(1, r.installed());
        assertEquals(1, r.removed(), "only the entry that was installed");
        assertSame(r.destination(), mm.pte(0).presentFolio());
        assertNull(other.pageTableIfPresent(0));
        assertEquals(6, k.user().read(other, 0, 0).value());
        assertSame(r.destination(), other.pte(0).presentFolio());
        assertEquals(List.of(), k.invariants().check());
    }

    /**
     * The parent's page is also reached through the child's VMA (the child's copy-on-write copy sits at the same
     * address, in the same anon_vma tree). While both are being migrated, the child's PTE is the copy's migration
     * entry: restoring the parent's page must leave it to the copy's own migration.
     */
    @Test
    void theRestoreLeavesAMigrationEntryOfAnotherFolioAlone() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm parent = k.createMm();
            parent.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(parent, 0, 0, (byte) 1));
            Mm child = k.fork().fork(parent);
            sim.run(2, () -> k.user().write(child, 0, 0, (byte) 2));
            Folio parentPage = parent.pte(0).presentFolio();
            Folio childCopy = child.pte(0).presentFolio();
            assertFalse(parentPage == childCopy);
            Migration.Result[] r = new Migration.Result[2];
            sim.start(0, () -> r[0] = k.migration().migrate(parent, 0));
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            sim.start(1, () -> r[1] = k.migration().migrate(child, 0));
            sim.stepTo(1, Labels.MIGRATE_REMOVE);
            assertTrue(child.pte(0) instanceof Pte.Migration m && m.folio() == childCopy);
            sim.finish(0);
            assertEquals(1, r[0].removed(), "the parent's entry only");
            assertTrue(child.pte(0) instanceof Pte.Migration m && m.folio() == childCopy, "the child's entry stays");
            sim.finish(1);
            assertEquals(Outcome.OK, r[0].outcome());
            assertEquals(Outcome.OK, r[1].outcome());
            assertEquals(1, r[1].removed());
            assertSame(r[0].destination(), parent.pte(0).presentFolio());
            assertSame(r[1].destination(), child.pte(0).presentFolio());
            assertEquals(1, k.user().read(parent, 0, 0).value());
            assertEquals(2, k.user().read(child, 0, 0).value());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    /**
     * remove_migration_pte(): a writable entry maps the page exclusive (RMAP_EXCLUSIVE for every entry that is not
     * readable). The pre-5.19 mprotect upgrade (injected) leaves a writable PTE of a page whose PG_anon_exclusive fork
     * cleared; migration gives the flag back, so the page is again what its PTE says.
     */
    @Test
    void aWritableEntryIsRestoredExclusive() {
        Kernel k = new Kernel(KernelConfig.defaults().injecting(Injection.MPROTECT_UPGRADE_BY_MAPCOUNT));
        Mm mm = k.createMm();
        mm.mmapAnonymous(0, 1, true);
        k.user().write(mm, 0, 0, (byte) 5);
        Mm child = k.fork().fork(mm);
        k.mmap().exit(child);
        k.mmap().mprotect(mm, 0, 1, false);
        k.mmap().mprotect(mm, 0, 1, true);
        Pte.Present before = (Pte.Present) mm.pte(0);
        assertTrue(before.writable(), "upgraded by the mapcount");
        assertFalse(before.folio().anonExclusive(), "fork cleared the flag");
        Migration.Result r = k.migration().migrate(mm, 0);
        assertEquals(Outcome.OK, r.outcome());
        Pte.Present after = (Pte.Present) mm.pte(0);
        assertTrue(after.writable());
        assertTrue(r.destination().anonExclusive(), "a writable migration entry is exclusive");
        assertEquals(List.of(), k.invariants().check());
    }
}
