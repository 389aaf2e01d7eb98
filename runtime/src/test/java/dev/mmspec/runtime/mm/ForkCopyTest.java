package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * copy_page_range() entry by entry (mm/memory.c copy_pte_range, copy_present_pte, copy_nonpresent_pte,
 * copy_present_page): what the child gets for a present page, a swap entry and a migration entry, what the parent's
 * entry becomes, the copy of a maybe-pinned page, and the fork that fails when that copy cannot be allocated.
 */
class ForkCopyTest {

    @Test
    void eachPageOfAdjacentVmasIsCopiedOnceAndMissingTablesAreSkipped() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 2, true);
        parent.mmapAnonymous(2, 10, true);
        kernel.user().write(parent, 1, 0, (byte) 1);
        kernel.user().write(parent, 2, 0, (byte) 2);
        assertNull(parent.pageTableIfPresent(8), "pages 4.. have no page table");
        Mm child = kernel.fork().fork(parent);
        for (long a : new long[] {1, 2}) {
            Folio folio = parent.pte(a).presentFolio();
            assertSame(folio, child.pte(a).presentFolio());
            assertEquals(2, folio.mapcount(), "page " + a + ": one mapping in each process");
            assertEquals(2, folio.refcount(), "page " + a);
        }
        assertTrue(
                child.pte(0).isNone() && child.pte(3).isNone() && child.pte(8).isNone());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aPrivatePageIsSharedReadOnlyNonExclusiveAndKeepsItsDirtyBitInTheChild() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        kernel.user().write(parent, 0, 0, (byte) 3);
        Mm child = kernel.fork().fork(parent);
        Pte.Present inParent = (Pte.Present) parent.pte(0);
        Pte.Present inChild = (Pte.Present) child.pte(0);
        assertFalse(inParent.writable() || inChild.writable(), "COW: both read-only");
        assertFalse(inParent.folio().anonExclusive());
        assertTrue(inChild.dirty(), "the child's PTE is as dirty as the parent's (private mapping)");
        kernel.user().write(child, 0, 0, (byte) 4);
        assertEquals(3, kernel.user().read(parent, 0, 0).value());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void anExclusiveSwapEntryBecomesSharedInBothProcesses() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        kernel.user().write(parent, 0, 0, (byte) 5);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(parent, 0));
        Pte.Swap swapped = assertInstanceOf(Pte.Swap.class, parent.pte(0));
        assertTrue(swapped.exclusive());
        Mm child = kernel.fork().fork(parent);
        assertEquals(
                new Pte.Swap(swapped.slot(), false), parent.pte(0), "the parent may no longer assume it is exclusive");
        assertEquals(new Pte.Swap(swapped.slot(), false), child.pte(0));
        assertEquals(2, kernel.swap().count(swapped.slot()), "swap_duplicate for the child");
        assertEquals(5, kernel.user().read(child, 0, 0).value());
        assertEquals(5, kernel.user().read(parent, 0, 0).value());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aMaybePinnedExclusivePageIsCopiedForTheChild() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        kernel.user().write(parent, 0, 0, (byte) 6);
        GupResult pin = kernel.gup().get(parent, 0, Foll.PIN, Foll.WRITE);
        Mm child = kernel.fork().fork(parent);
        Pte.Present inChild = (Pte.Present) child.pte(0);
        assertNotSame(pin.ref().folio(), inChild.folio());
        assertEquals(6, inChild.folio().read(0), "copy_present_page copies the data");
        assertTrue(inChild.writable() && inChild.folio().anonExclusive());
        assertTrue(((Pte.Present) parent.pte(0)).writable(), "the pinned page stays the parent's, writable");
        kernel.gup().release(pin.ref(), false);
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void forkFailsAndTearsTheChildDownWhenThePinnedPageCannotBeCopied() {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        kernel.user().write(parent, 0, 0, (byte) 6);
        GupResult pin = kernel.gup().get(parent, 0, Foll.PIN, Foll.WRITE);
        int mms = kernel.mms().size();
        assertNull(kernel.fork().fork(parent), "ENOMEM");
        assertEquals(mms, kernel.mms().size(), "the half-built child is gone");
        assertSame(pin.ref().folio(), parent.pte(0).presentFolio());
        assertEquals(1, pin.ref().folio().mapcount());
        kernel.gup().release(pin.ref(), false);
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aMigrationEntryIsCopiedReadOnlyAndSharedAndBothAreRemovedByTheMigration() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm parent = sim.kernel.createMm();
            parent.mmapAnonymous(0, 1, true);
            sim.kernel.user().write(parent, 0, 0, (byte) 7);
            Migration.Result[] result = new Migration.Result[1];
            sim.start(0, () -> result[0] = sim.kernel.migration().migrate(parent, 0));
            sim.stepTo(0, Labels.MIGRATE_MOVE);
            Pte.Migration entry = assertInstanceOf(Pte.Migration.class, parent.pte(0));
            assertTrue(entry.writable() && entry.exclusive());
            Mm child = sim.kernel.fork().fork(parent);
            Pte.Migration shared = new Pte.Migration(entry.folio(), false, false);
            assertEquals(shared, parent.pte(0), "the parent's entry loses write and exclusive");
            assertEquals(shared, child.pte(0));
            sim.finish(0);
            assertEquals(Outcome.OK, result[0].outcome());
            assertEquals(2, result[0].removed(), "remove_migration_ptes finds the child's entry too");
            assertSame(parent.pte(0).presentFolio(), child.pte(0).presentFolio());
            assertEquals(Outcome.OK, sim.kernel.user().write(child, 0, 0, (byte) 8));
            assertEquals(7, sim.kernel.user().read(parent, 0, 0).value());
            assertEquals(8, sim.kernel.user().read(child, 0, 0).value());
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }
}
