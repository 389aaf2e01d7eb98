package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * mremap(MREMAP_MAYMOVE|MREMAP_FIXED) rule by rule (mm/mremap.c): which ranges it refuses, that it moves exactly the
 * pages of the range (the rest of the VMA stays), that KSM pages in the range are unmerged first and only those, and
 * that move_ptes() runs under the rmap lock for write.
 */
class MremapMoveTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void theOldRangeMustLieInOneVmaAndNotOverlapTheNewOne() {
        mm.mmapAnonymous(10, 4, true);
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 12, 3, 30), "runs past the VMA's end");
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 12, 0, 30), "no pages");
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 10, 2, 11), "the new range overlaps from above");
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 11, 2, 10), "the new range overlaps from below");
        assertEquals(Outcome.SIGSEGV, kernel.mremap().mremap(mm, 5, 1, 30), "no VMA there");
        assertEquals(List.of(10L), mm.vmas().stream().map(Vma::start).toList(), "nothing changed");
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 12, 2, 30), "up to the VMA's end");
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 10, 1, 11), "to just above itself");
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 31, 1, 30), "to just below itself");
    }

    @Test
    void onlyThePagesOfTheRangeMove() {
        mm.mmapAnonymous(4, 4, true);
        for (long a = 4; a < 8; a++) {
            kernel.user().write(mm, a, 0, (byte) a);
        }
        Folio stays = mm.pte(6).presentFolio();
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 4, 2, 20));
        assertTrue(mm.pte(4).isNone() && mm.pte(5).isNone());
        assertNull(mm.findVma(4));
        assertEquals(4, kernel.user().read(mm, 20, 0).value());
        assertEquals(5, kernel.user().read(mm, 21, 0).value());
        assertSame(stays, mm.pte(6).presentFolio(), "the rest of the VMA keeps its pages");
        assertEquals(7, kernel.user().read(mm, 7, 0).value());
        assertEquals(6, mm.findVma(6).start());
        assertEquals(20, mm.findVma(21).start());
        assertEquals(22, mm.findVma(21).end());
    }

    @Test
    void ksmPagesInTheRangeAreUnmergedBeforeTheMoveAndOnlyThose() {
        mm.mmapAnonymous(3, 3, true);
        kernel.user().write(mm, 4, 0, (byte) 9);
        kernel.user().write(mm, 5, 0, (byte) 9);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 4));
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 5));
        Folio kpage = mm.pte(5).presentFolio();
        assertTrue(kpage.ksm());
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 3, 2, 20), "page 3 was never touched");
        Folio moved = mm.pte(21).presentFolio();
        assertFalse(moved.ksm(), "break_ksm gave the moved page an exclusive copy");
        assertTrue(moved.anonExclusive());
        assertEquals(9, moved.read(0));
        assertSame(kpage, mm.pte(5).presentFolio(), "the page outside the range stays merged");
        assertEquals(1, kpage.mapcount());
    }

    @Test
    void movePtesHoldsTheRmapLockForWrite() {
        AddressSpace file = kernel.createShmemFile(2L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, true, true);
        mm.mmapAnonymous(10, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 10, 0, (byte) 2);
        AnonVma anonVma = mm.findVma(10).anonVma();
        List<String> unguarded = new ArrayList<>();
        kernel.onLockEvent(e -> {
            // break_ksm's look at each PTE takes the PT lock too, before move_ptes and legitimately alone.
            if (e.kind() == LockEvent.Kind.ACQUIRE
                    && e.lockClass() == LockClass.PTL
                    && e.site().startsWith("Mremap.")
                    && !file.iMmapRwsem().heldForWriteByCurrentThread()
                    && !anonVma.rwsem().heldForWriteByCurrentThread()) {
                unguarded.add(e.toString());
            }
        });
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 0, 1, 40), "a file page: i_mmap_rwsem");
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, 10, 1, 50), "an anonymous page: the anon_vma's rwsem");
        assertEquals(List.of(), unguarded, "a PT lock taken outside the rmap lock in move_ptes");
        assertFalse(file.iMmapRwsem().isLocked() || anonVma.rwsem().isLocked(), "both released");
        assertEquals(1, kernel.user().read(mm, 40, 0).value());
        assertEquals(2, kernel.user().read(mm, 50, 0).value());
    }
}
