package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reclaim, migration and KSM on a folio mapped in every process of a fork tree three levels deep. */
class ForkTreeRmapTest extends KernelFixture {

    /** root, two children, and two grandchildren under each: seven processes sharing page 0. */
    private List<Mm> tree() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 7);
        List<Mm> all = new ArrayList<>(List.of(mm));
        for (int c = 0; c < 2; c++) {
            Mm child = kernel.fork().fork(mm);
            all.add(child);
            for (int g = 0; g < 2; g++) {
                all.add(kernel.fork().fork(child));
            }
        }
        return all;
    }

    @Test
    void reclaimFindsEveryMappingInTheTreeAndEveryProcessReadsItsDataBack() {
        List<Mm> all = tree();
        Folio shared = mm.pte(0).presentFolio();
        assertEquals(all.size(), shared.mapcount());
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(all.get(all.size() - 1), 0));
        int slot = ((Pte.Swap) mm.pte(0)).slot();
        for (Mm p : all) {
            assertInstanceOf(Pte.Swap.class, p.pte(0), p + ": every PTE found");
        }
        assertEquals(all.size(), kernel.swap().count(slot));
        for (Mm p : all) {
            assertEquals(7, kernel.user().read(p, 0, 0).value(), p + " reads its data back");
        }
        exitAllBut(all);
    }

    @Test
    void migrationRemovesEveryMigrationEntryInTheTree() {
        List<Mm> all = tree();
        Folio before = mm.pte(0).presentFolio();
        Migration.Result r = kernel.migration().migrate(all.get(3), 0);
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(all.size(), r.installed());
        assertEquals(all.size(), r.removed());
        for (Mm p : all) {
            assertSame(r.destination(), p.pte(0).presentFolio(), p + ": no migration entry left behind");
            assertEquals(7, kernel.user().read(p, 0, 0).value());
        }
        assertTrue(before.freed());
        exitAllBut(all);
    }

    @Test
    void ksmMergesPagesOfDifferentProcessesIntoOneStableFolioAndMigratesIt() {
        List<Mm> all = tree();
        for (Mm p : all) {
            kernel.user().write(p, 1, 0, (byte) 3); // each process's own page 1, same contents
        }
        for (Mm p : all) {
            assertEquals(Outcome.OK, kernel.ksm().merge(p, 1));
        }
        Folio kpage = mm.pte(1).presentFolio();
        assertTrue(kpage.ksm());
        for (Mm p : all) {
            assertSame(kpage, p.pte(1).presentFolio());
        }
        Migration.Result r = kernel.migration().migrate(all.get(5), 1);
        assertEquals(Outcome.OK, r.outcome());
        for (Mm p : all) {
            assertSame(r.destination(), p.pte(1).presentFolio(), p + ": rmap_walk_ksm found it");
        }
        kernel.user().write(all.get(2), 1, 0, (byte) 4);
        assertEquals(3, kernel.user().read(mm, 1, 0).value(), "a write breaks COW from the KSM page");
        exitAllBut(all);
    }

    private void exitAllBut(List<Mm> all) {
        for (Mm p : all.subList(1, all.size())) {
            kernel.mmap().exit(p);
        }
    }
}
