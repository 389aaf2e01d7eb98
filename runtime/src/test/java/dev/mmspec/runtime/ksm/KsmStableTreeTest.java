package dev.mmspec.runtime.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stable tree across a stable page's life: folio_migrate_ksm() moves the stable node and its rmap_items to the new
 * folio, a stable page that cannot be referenced (frozen by a migration) is not merged into, and mremap's break_ksm()
 * unmerges every KSM page of the range it moves.
 */
class KsmStableTreeTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private Folio written(long address, byte value) {
        assertEquals(Outcome.OK, kernel.user().write(mm, address, 0, value));
        return mm.pte(address).presentFolio();
    }

    /**
     * folio_migrate_ksm() → set_page_stable_node(): the stable node now names the new folio, so the next page of the
     * same contents is merged into it (stable_tree_search finds it), and rmap_walk_ksm() of the new folio finds the old
     * one's mapping through the rmap_items that moved with it.
     */
    @Test
    void aMigratedStablePageStaysTheStablePageOfItsContents() {
        Vma vma = mm.mmapAnonymous(0, 2, true);
        Folio kpage = written(0, (byte) 5);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        Migration.Result moved = kernel.migration().migrate(mm, 0);
        assertEquals(Outcome.OK, moved.outcome());
        Folio dst = moved.destination();
        assertTrue(kpage.freed());
        assertTrue(dst.ksm(), "PageKsm moves with the page");
        assertEquals(List.of(new Ksm.RmapItem(vma.anonVma(), 0)), kernel.ksm().rmapItems(dst));
        assertEquals(List.of(), kernel.ksm().rmapItems(kpage));

        Folio duplicate = written(1, (byte) 5);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 1));
        assertSame(dst, mm.pte(1).presentFolio(), "merged into the migrated stable page");
        assertTrue(duplicate.freed());
        assertEquals(2, dst.mapcount());
        assertEquals(
                List.of(new Ksm.RmapItem(vma.anonVma(), 0), new Ksm.RmapItem(vma.anonVma(), 1)),
                kernel.ksm().rmapItems(dst));
    }

    /**
     * A stable page whose refcount is frozen (a migration between folio_ref_freeze() and the copy): get_ksm_page()'s
     * folio_try_get() fails, so the new page is not merged into it but becomes a stable page itself; the frozen one
     * keeps its rmap_items, because it is still mapped and rmap_walk_ksm() must still find it.
     */
    @Test
    void aFrozenStablePageIsNotMergedIntoAndKeepsItsRmapItems() {
        Vma vma = mm.mmapAnonymous(0, 2, true);
        Folio kpage = written(0, (byte) 5);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        Folio second = written(1, (byte) 5);
        int refs = kpage.refcount();
        assertTrue(kpage.refFreeze(refs));
        try {
            assertEquals(Outcome.OK, kernel.ksm().merge(mm, 1));
        } finally {
            kpage.refUnfreeze(refs);
        }
        assertSame(second, mm.pte(1).presentFolio(), "promoted itself, not replaced by the frozen page");
        assertTrue(second.ksm());
        assertSame(kpage, mm.pte(0).presentFolio());
        assertEquals(List.of(new Ksm.RmapItem(vma.anonVma(), 0)), kernel.ksm().rmapItems(kpage));
        assertEquals(List.of(new Ksm.RmapItem(vma.anonVma(), 1)), kernel.ksm().rmapItems(second));
    }

    /** unmerge_ksm_pages() walks every page of the range: two KSM pages and a hole between them are all moved. */
    @Test
    void mremapUnmergesEveryKsmPageOfTheRange() {
        mm.mmapAnonymous(0, 3, true);
        Folio first = written(0, (byte) 5);
        Folio last = written(2, (byte) 6);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 2));
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 0, 3, 10));
        Folio movedFirst = mm.pte(10).presentFolio();
        Folio movedLast = mm.pte(12).presentFolio();
        assertFalse(movedFirst.ksm() || movedLast.ksm(), "both were unmerged before the move");
        assertNotSame(first, movedFirst);
        assertNotSame(last, movedLast);
        assertTrue(first.freed() && last.freed());
        assertTrue(mm.pte(11).isNone());
        assertEquals(5, kernel.user().read(mm, 10, 0).value());
        assertEquals(6, kernel.user().read(mm, 12, 0).value());
    }

    /** A range that has no page table yet has no KSM page: nothing to unmerge, the VMA moves. */
    @Test
    void mremapOfARangeWithoutPageTablesMovesTheVma() {
        mm.mmapAnonymous(0, 1, true);
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 0, 1, 10));
        assertEquals(10, mm.findVma(10).start());
        assertEquals(Outcome.OK, kernel.user().write(mm, 10, 0, (byte) 1));
    }
}
