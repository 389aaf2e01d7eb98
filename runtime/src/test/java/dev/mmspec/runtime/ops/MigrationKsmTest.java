package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

class MigrationKsmTest extends KernelFixture {

    @Test
    void migrationMovesDataMappingsAndExclusivity() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Folio src = mm.pte(0).presentFolio();
        Migration.Result r = kernel.migration().migrate(mm, 0);
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(1, r.installed());
        assertEquals(1, r.removed());
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertNotSame(src, pte.folio());
        assertTrue(src.freed());
        assertTrue(pte.writable() && pte.folio().anonExclusive());
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void aGupReferenceMakesMigrationFailAndPutsTheSourceBack() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        GupResult gup = kernel.gup().get(mm, 0);
        Migration.Result r = kernel.migration().migrate(mm, 0);
        assertEquals(Outcome.EAGAIN, r.outcome());
        assertSame(gup.ref().folio(), mm.pte(0).presentFolio());
        kernel.gup().release(gup.ref(), false);
    }

    @Test
    void migrationOfASwapCachePageMovesItsSwapCacheEntry() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        kernel.reclaim().swapOut(mm, 0);
        kernel.user().read(mm, 0, 0);
        folio.put();
        assertTrue(folio.swapcache());
        Migration.Result r = kernel.migration().migrate(mm, 0);
        assertEquals(Outcome.OK, r.outcome());
        assertTrue(r.destination().swapcache());
        assertSame(
                r.destination(), kernel.swap().view(r.destination().swapSlot()).folio());
    }

    @Test
    void identicalPagesMergeIntoOneKsmPageAndWritesCopyIt() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 1, 0, (byte) 1);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 1));
        Folio kpage = mm.pte(0).presentFolio();
        assertSame(kpage, mm.pte(1).presentFolio());
        assertTrue(kpage.ksm());
        assertEquals(2, kpage.mapcount());
        kernel.user().write(mm, 1, 0, (byte) 2);
        assertNotSame(kpage, mm.pte(1).presentFolio(), "a KSM page is never reused for a write");
        assertEquals(1, kernel.user().read(mm, 0, 0).value());
        assertEquals(2, kernel.user().read(mm, 1, 0).value());
    }
}
