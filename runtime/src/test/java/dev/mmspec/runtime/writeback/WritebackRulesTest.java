package dev.mmspec.runtime.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writeback of one page (mm/page-writeback.c folio_clear_dirty_for_io(), folio_mkclean()): every PTE of every mapping
 * is write-protected and cleaned, a dirty bit found only in a PTE still makes the folio written, and the data goes to
 * disk under PG_writeback in the second step.
 */
class WritebackRulesTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    /** Each step point passed, with whether page 0's folio was under writeback there. */
    private final List<String> points = new ArrayList<>();

    private AddressSpace file;

    private final SchedulingHooks hooks = new WatchedHooks(label -> {
        if (Labels.isStep(label)) {
            Folio f = file == null ? null : file.peek(0);
            points.add(label + (f != null && f.writeback() ? " (writeback)" : ""));
        }
    });
    private final Kernel kernel = new Kernel(KernelConfig.defaults(), hooks);

    {
        file = kernel.createFile(PAGE);
    }

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void writebackIsOneOperationInTwoStepsAndWritesUnderPgWriteback() {
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 2, (byte) 5));
        points.clear();
        long ops = kernel.operations();
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        assertEquals(List.of(Labels.WRITEBACK_CLEAN, Labels.WRITEBACK_WRITE + " (writeback)"), points);
        assertEquals(ops + 1, kernel.operations());
        Folio folio = file.peek(0);
        assertFalse(folio.writeback(), "writeback ended");
        assertFalse(folio.dirty());
        assertEquals(5, file.readDisk(0)[2]);
        assertEquals(Outcome.EAGAIN, kernel.writeback().writeback(file, 0), "clean: nothing to write");
    }

    @Test
    void everyMappingIsWriteProtectedAndCleaned() {
        Mm a = kernel.createMm();
        Mm b = kernel.createMm();
        a.mmapFile(file, 0, 1, 0, true, true);
        b.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().write(a, 0, 1, (byte) 1));
        assertEquals(Outcome.OK, kernel.user().write(b, 0, 2, (byte) 2));
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        for (Mm mm : List.of(a, b)) {
            Pte.Present pte = (Pte.Present) mm.pte(0);
            assertFalse(pte.writable() || pte.dirty(), "folio_mkclean() reached " + mm + ": " + pte);
        }
        assertEquals(1, file.readDisk(0)[1]);
        assertEquals(2, file.readDisk(0)[2]);
        kernel.mmap().exit(a);
        kernel.mmap().exit(b);
    }

    @Test
    void aDirtyBitOnlyInAPteStillMakesThePageWritten() {
        // The CPU sets the PTE's dirty bit on a store; folio_mkclean() moves it to the folio
        // (folio_clear_dirty_for_io: "if (folio_mkclean(folio)) folio_mark_dirty(folio)").
        Mm mm = kernel.createMm();
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 3, (byte) 7));
        Folio folio = file.peek(0);
        folio.setDirty(false); // only the PTE says so now
        assertTrue(((Pte.Present) mm.pte(0)).dirty());
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0), "the PTE's dirty bit counts");
        assertEquals(7, file.readDisk(0)[3]);
        assertFalse(folio.dirty());
        assertFalse(((Pte.Present) mm.pte(0)).dirty());
        kernel.mmap().exit(mm);
    }

    @Test
    void aPageCleanedByWritebackHasNothingMoreToWrite() {
        Mm mm = kernel.createMm();
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 3, (byte) 7));
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        Folio folio = file.peek(0);
        folio.lock().lock();
        try {
            assertFalse(kernel.writeback().clearDirtyForIo(folio, file), "clean PTEs, clean folio: nothing to write");
        } finally {
            folio.lock().unlock();
        }
        assertFalse(folio.dirty());
        kernel.mmap().exit(mm);
    }

    @Test
    void clearDirtyForIoNeedsTheFolioLock() {
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 0, (byte) 1));
        Folio folio = file.peek(0);
        assertThrows(ContextViolation.class, () -> kernel.writeback().clearDirtyForIo(folio, file));
        assertTrue(folio.dirty(), "nothing was cleared");
        // Without folio_mkclean() (its rmap walk checks the lock too), the check of its own still refuses.
        Kernel skipping = new Kernel(KernelConfig.defaults().injecting(Injection.WRITEBACK_SKIPS_MKCLEAN));
        AddressSpace other = skipping.createFile(PAGE);
        assertEquals(Outcome.OK, skipping.fileIo().pwrite(other, 0, (byte) 1));
        Folio unlocked = other.peek(0);
        assertThrows(ContextViolation.class, () -> skipping.writeback().clearDirtyForIo(unlocked, other));
        assertTrue(unlocked.dirty());
    }
}
