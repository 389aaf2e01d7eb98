package dev.mmspec.runtime.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * write_protect_page() and replace_page() (mm/ksm.c) against what another task does between their steps: the PTE read
 * before the PT lock is checked again under it, GUP-fast's pin after the early reference check is still refused by the
 * PG_anon_exclusive share, a read-only clean shared page is merged without a reference check, and a write between
 * write_protect_page() and replace_page() keeps its data (pte_same). The scheduler also stops at {@code lock:ptl}, the
 * one point between merge's lockless PTE read and write_protect_page()'s hold of the PT lock.
 */
class KsmRechecksTest {
    private static final String PTL = "lock:ptl";

    private Sim sim;
    private Kernel kernel;
    private Mm mm;

    private void boot(KernelConfig config) {
        sim = new Sim(config, l -> Labels.isStep(l) || l.equals(PTL));
        kernel = sim.kernel;
        mm = kernel.createMm();
        mm.mmapAnonymous(0, 2, true);
    }

    @AfterEach
    void invariantsHoldAndTheSchedulerStops() {
        if (sim != null) {
            assertEquals(List.of(), kernel.invariants().check());
            sim.close();
        }
    }

    /** @return merge of {@code address} started on task 0 and stopped at {@code label} */
    private Stop mergeStoppedAt(long address, String label) {
        Stop stop = sim.start(0, () -> kernel.ksm().merge(mm, address));
        while (stop.kind() == Stop.Kind.POINT && !stop.label().equals(label)) {
            stop = sim.step(0);
        }
        assertEquals(label, stop.label(), stop.toString());
        return stop;
    }

    @Test
    void aPteZappedBeforeThePtLockIsNotWriteProtected() {
        boot(KernelConfig.defaults());
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 1));
        Folio folio = mm.pte(0).presentFolio();
        mergeStoppedAt(0, PTL); // the PTE was read and the folio locked, the PT lock not taken yet
        assertEquals(Outcome.OK.toString(), sim.run(1, () -> kernel.mmap().madviseDontneed(mm, 0, 1)));
        assertEquals(Outcome.EBUSY.toString(), sim.finish(0));
        assertTrue(mm.pte(0).isNone(), "nothing was put back");
        assertTrue(folio.freed(), "KSM's reference was the last");
    }

    @Test
    void aPteRefaultedWithAnotherFolioBeforeThePtLockIsLeftAlone() {
        boot(KernelConfig.defaults());
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 1));
        Folio old = mm.pte(0).presentFolio();
        mergeStoppedAt(0, PTL);
        sim.run(1, () -> kernel.mmap().madviseDontneed(mm, 0, 1));
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 7));
        Pte.Present refaulted = (Pte.Present) mm.pte(0);
        assertNotSame(old, refaulted.folio());
        assertEquals(Outcome.EBUSY.toString(), sim.finish(0));
        assertEquals(refaulted, mm.pte(0), "the new page keeps its writable, dirty PTE");
        assertFalse(refaulted.folio().ksm());
        assertEquals(7, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void withoutTheFixAReferenceTakenBeforeTheMergeIsStillRefused() {
        boot(KernelConfig.defaults().without(Fix.KSM_WRPROTECT_REFCOUNT));
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 1));
        GupResult dma = kernel.gup().get(mm, 0, Foll.WRITE);
        assertTrue(dma.ok());
        assertEquals(Outcome.EBUSY.toString(), sim.run(0, () -> kernel.ksm().merge(mm, 0)));
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertTrue(pte.writable() && pte.dirty(), "the old check, before the PTE is touched");
        kernel.gup().release(dma.ref(), false);
    }

    @Test
    void withoutTheFixAPinTakenAfterTheEarlyCheckIsRefusedByTheAnonExclusiveShare() {
        boot(KernelConfig.defaults().without(Fix.KSM_WRPROTECT_REFCOUNT));
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 1));
        Folio folio = mm.pte(0).presentFolio();
        mergeStoppedAt(0, Labels.KSM_CLEAR); // references counted, PT lock held
        GupResult[] pin = new GupResult[1];
        sim.run(1, () -> pin[0] = kernel.gup().get(mm, 0, Foll.FAST, Foll.PIN, Foll.WRITE));
        assertTrue(pin[0].ok(), "GUP-fast takes no PT lock: " + pin[0]);
        assertEquals(Outcome.EBUSY.toString(), sim.finish(0));
        Pte.Present pte = (Pte.Present) mm.pte(0);
        assertSame(folio, pte.folio());
        assertTrue(pte.writable(), "put back writable");
        assertTrue(folio.anonExclusive(), "folio_try_share_anon_rmap_pte() refused a maybe-pinned page");
        assertFalse(folio.ksm());
        kernel.gup().release(pin[0].ref(), false);
    }

    @Test
    void aReadOnlyCleanSharedPageIsMergedWithoutAReferenceCheck() {
        // write_protect_page() checks references only if it has to change the PTE (writable, dirty or exclusive).
        boot(KernelConfig.defaults());
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 1));
        assertEquals(Outcome.OK.toString(), sim.run(1, () -> kernel.reclaim().swapOut(mm, 0)));
        Mm child = kernel.fork().fork(mm);
        assertEquals(1, kernel.user().read(mm, 0, 0).value(), "swapped in by a read: read-only and clean");
        Pte.Present pte = (Pte.Present) mm.pte(0);
        Folio folio = pte.folio();
        assertFalse(pte.writable() || pte.dirty() || folio.anonExclusive(), pte + " " + folio);
        GupResult reader = kernel.gup().get(mm, 0);
        assertTrue(reader.ok());
        assertEquals(Outcome.OK.toString(), sim.run(0, () -> kernel.ksm().merge(mm, 0)));
        assertTrue(folio.ksm());
        assertSame(folio, mm.pte(0).presentFolio());
        kernel.gup().release(reader.ref(), false);
        kernel.mmap().exit(child);
    }

    @Test
    void aWriteBetweenWriteProtectAndReplaceKeepsItsData() {
        boot(KernelConfig.defaults());
        sim.run(1, () -> kernel.user().write(mm, 0, 0, (byte) 3));
        sim.run(1, () -> kernel.user().write(mm, 1, 0, (byte) 3));
        assertEquals(
                Outcome.OK.toString(), sim.run(0, () -> kernel.ksm().merge(mm, 0)), "page 0 becomes the stable page");
        Folio stable = mm.pte(0).presentFolio();
        mergeStoppedAt(1, Labels.KSM_REPLACE); // page 1 is read-only now, its folio still locked
        assertEquals(Outcome.OK.toString(), sim.run(1, () -> kernel.user().write(mm, 1, 1, (byte) 9)));
        assertEquals(Outcome.OK.toString(), sim.finish(0));
        assertNotSame(stable, mm.pte(1).presentFolio(), "replace_page() saw the PTE changed and left it");
        assertEquals(9, kernel.user().read(mm, 1, 1).value(), "the write is not lost");
        assertEquals(3, kernel.user().read(mm, 1, 0).value());
    }

    @Test
    void folioMigrateKsmNeedsTheSourceLock() {
        boot(KernelConfig.defaults());
        Folio src = kernel.folios().alloc();
        Folio dst = kernel.folios().alloc();
        assertThrows(ContextViolation.class, () -> kernel.ksm().migrate(src, dst));
        assertFalse(dst.ksm(), "nothing changed");
        src.put();
        dst.put();
    }
}
