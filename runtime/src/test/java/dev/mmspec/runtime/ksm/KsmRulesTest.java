package dev.mmspec.runtime.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * mm/ksm.c's merge of one page, rule by rule: which pages KSM may touch, write_protect_page()'s reference check and
 * what it leaves behind, the stable tree's promotion and replacement, and the rmap_items rmap_walk_ksm() follows.
 */
class KsmRulesTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private Ksm ksm() {
        return kernel.ksm();
    }

    @Test
    void onlyAPresentAnonymousPageOfAPrivateMappingIsMerged() {
        AddressSpace file = kernel.createFile(8);
        AddressSpace shmem = kernel.createShmemFile(8);
        mm.mmapAnonymous(0, 2, true);
        mm.mmapFile(file, 4, 1, 0, true, false);
        mm.mmapFile(shmem, 5, 1, 0, true, true);
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 0), "no page table yet");
        kernel.user().write(mm, 0, 0, (byte) 1);
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 1), "a none PTE");
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 9), "no VMA");
        kernel.user().read(mm, 4, 0);
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 4), "the page cache page of a private file mapping");
        kernel.user().write(mm, 5, 0, (byte) 1);
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 5), "a shared mapping");
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 0), "already a KSM page");
    }

    @Test
    void theZeroPageIsNotMerged() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().read(mm, 0, 0);
        assertTrue(mm.pte(0).presentFolio().isZero());
        assertEquals(Outcome.EAGAIN, ksm().merge(mm, 0));
    }

    @Test
    void aLockedPageIsSkippedWithoutKeepingAReference() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        int refs = folio.refcount();
        folio.lock().lock();
        try {
            assertEquals(Outcome.EAGAIN, ksm().merge(mm, 0), "folio_trylock() failed");
            assertEquals(refs, folio.refcount());
        } finally {
            folio.lock().unlock();
        }
        assertTrue(((Pte.Present) mm.pte(0)).writable());
    }

    @Test
    void aPageWithAGupReferenceIsBusyAndKeepsItsWritablePte() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        GupResult dma = kernel.gup().get(mm, 0, Foll.WRITE);
        assertEquals(Outcome.EBUSY, ksm().merge(mm, 0));
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertSame(folio, pte.folio());
        assertTrue(pte.writable() && pte.dirty(), "the PTE write_protect_page() cleared is put back as it was");
        assertTrue(folio.anonExclusive() && !folio.ksm());
        assertEquals(2, folio.refcount(), "the mapping and the GUP reference; KSM's own is dropped");
        kernel.dma().complete(dma.ref(), 0, new byte[] {2});
        assertEquals(2, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void theFirstPageWithSomeContentsBecomesTheStablePageReadOnlyAndClean() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 3);
        Folio folio = mm.pte(0).presentFolio();
        assertTrue(((Pte.Present) mm.pte(0)).dirty());
        Vma vma = mm.findVma(0);
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertSame(folio, pte.folio());
        assertFalse(pte.writable() || pte.dirty(), "write-protected and clean");
        assertTrue(folio.dirty(), "the PTE's dirty bit moved to the folio");
        assertTrue(folio.ksm() && !folio.anonExclusive());
        assertEquals(1, folio.refcount(), "KSM keeps no reference of its own");
        assertEquals(List.of(new Ksm.RmapItem(vma.anonVma(), 0)), ksm().rmapItems(folio));
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 4));
        assertNotSame(folio, mm.pte(0).presentFolio(), "a write to a KSM page copies it");
        assertEquals(3, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void aPageWithTheContentsOfAStablePageIsReplacedByIt() {
        Mm other = kernel.createMm();
        mm.mmapAnonymous(0, 2, true);
        other.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 7);
        kernel.user().write(mm, 1, 0, (byte) 8);
        kernel.user().write(other, 0, 0, (byte) 7);
        Folio kpage = mm.pte(0).presentFolio();
        Folio dup = other.pte(0).presentFolio();
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        assertEquals(Outcome.OK, ksm().merge(mm, 1));
        assertTrue(mm.pte(1).presentFolio().ksm(), "other contents: a second stable page");
        assertEquals(Outcome.OK, ksm().merge(other, 0));
        Pte.Present pte = (Pte.Present) other.pte(0);
        assertSame(kpage, pte.folio());
        assertFalse(pte.writable());
        assertEquals(2, kpage.mapcount());
        assertEquals(2, kpage.refcount());
        assertTrue(dup.freed(), "the duplicate lost its only mapping and reference");
        assertEquals(
                List.of(
                        new Ksm.RmapItem(mm.findVma(0).anonVma(), 0),
                        new Ksm.RmapItem(other.findVma(0).anonVma(), 0)),
                ksm().rmapItems(kpage));
        assertEquals(7, kernel.user().read(other, 0, 0).value());
        kernel.mmap().exit(other);
    }

    @Test
    void aStablePageThatWasFreedIsForgottenAndTheNextPageTakesItsPlace() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Folio first = mm.pte(0).presentFolio();
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        kernel.mmap().munmap(mm, 0, 1);
        assertTrue(first.freed());
        kernel.user().write(mm, 1, 0, (byte) 5);
        Folio second = mm.pte(1).presentFolio();
        assertEquals(Outcome.OK, ksm().merge(mm, 1));
        assertSame(second, mm.pte(1).presentFolio(), "promoted, not replaced by a freed page");
        assertTrue(second.ksm());
        assertEquals(List.of(), ksm().rmapItems(first), "the freed page's rmap_items went with it");
        assertEquals(1, ksm().rmapItems(second).size());
    }

    @Test
    void aMergedDuplicateInTheSwapCacheGivesUpItsSwapSlot() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 6);
        kernel.user().write(mm, 1, 0, (byte) 6);
        Mm child = kernel.fork().fork(mm);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 1));
        int slot = ((Pte.Swap) mm.pte(1)).slot();
        kernel.user().read(mm, 1, 0);
        kernel.mmap().exit(child);
        Folio swapped = mm.pte(1).presentFolio();
        assertTrue(swapped.swapcache(), "swapped in while the child still had its swap PTE: kept in the swap cache");
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        assertEquals(Outcome.OK, ksm().merge(mm, 1));
        assertSame(mm.pte(0).presentFolio(), mm.pte(1).presentFolio());
        assertFalse(kernel.swap().used(slot), "no PTE and no cache: the slot is free");
        assertTrue(swapped.freed());
    }

    @Test
    void aPageSharedAfterForkIsMergedAsItIs() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        Mm child = kernel.fork().fork(mm);
        Folio shared = mm.pte(0).presentFolio();
        assertEquals(Outcome.OK, ksm().merge(mm, 0));
        assertSame(shared, mm.pte(0).presentFolio());
        assertSame(shared, child.pte(0).presentFolio());
        assertTrue(shared.ksm());
        assertEquals(1, ksm().rmapItems(shared).size(), "one rmap_item: the child's VMA shares the anon_vma");
        kernel.mmap().exit(child);
    }

    @Test
    void aMergeIsOneOperationInThreeSteps() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.run(0, () -> sim.kernel.user().write(m, 0, 0, (byte) 1));
            long ops = sim.kernel.operations();
            List<String> labels = new ArrayList<>();
            Stop stop = sim.start(0, () -> sim.kernel.ksm().merge(m, 0));
            while (stop.kind() == Stop.Kind.POINT) {
                labels.add(stop.label());
                stop = sim.step(0);
            }
            assertEquals(List.of(Labels.KSM_WRPROTECT, Labels.KSM_CLEAR, Labels.KSM_REPLACE), labels);
            assertEquals(Outcome.OK.toString(), stop.outcome());
            assertEquals(ops + 1, sim.kernel.operations());
        }
    }
}
