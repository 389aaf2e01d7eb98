package dev.mmspec.runtime.truncate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * unmap_mapping_range() without even_cows (invalidation) meets a page-cache folio under migration:
 * zap_nonpresent_ptes() zaps a migration entry whenever should_zap_folio() would zap the folio it stands for, that is,
 * unless it is anonymous (mm/memory.c). Only a private COW copy's entry (and a swap entry) is left to the caller that
 * asked for even_cows.
 */
class InvalidateMigrationTest {
    private static final int PAGE = Folio.PAGE_SIZE;

    @Test
    void invalidationZapsTheMigrationEntryOfAFilePage() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            AddressSpace file = sim.kernel.createFile(PAGE);
            Mm mm = sim.kernel.createMm();
            mm.mmapFile(file, 0, 1, 0, true, true);
            assertEquals(
                    Outcome.OK.toString(),
                    sim.run(0, () -> sim.kernel.user().read(mm, 0, 0).outcome()));
            Folio cached = file.peek(0);
            sim.start(0, () -> sim.kernel.migration().migrate(mm, 0).outcome());
            sim.stepTo(0, Labels.MIGRATE_MOVE);
            assertInstanceOf(Pte.Migration.class, mm.pte(0), "try_to_migrate() left its entry");
            sim.start(1, () -> {
                sim.kernel.truncate().invalidate(file, 0, 1);
                return "";
            });
            sim.stepTo(1, Labels.INVALIDATE_REMOVE);
            assertTrue(
                    mm.pte(0).isNone(), "unmap_mapping_range() zapped the file page's migration entry: " + mm.pte(0));
            Stop blocked = sim.step(1);
            assertEquals(Stop.Kind.BLOCKED, blocked.kind(), "the removal waits for the folio lock migration holds");
            // The removal's lookup reference keeps migrate_folio() from freezing the source: -EAGAIN, and no entry to
            // restore.
            assertEquals(Outcome.EAGAIN.toString(), sim.finish(0));
            sim.finish(1);
            assertTrue(mm.pte(0).isNone(), "nothing maps the page after the invalidation");
            assertTrue(cached.freed());
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }
}
