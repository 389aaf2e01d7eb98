package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The VMA layout of an mm, rule by rule (mm/mmap.c, mm/mprotect.c, mm/vma.c): what mmap() refuses and which flags it
 * gives, which VMAs munmap() and mprotect() touch (only those that overlap the range, split exactly at its ends, each
 * part with the vm_pgoff of the file pages it maps), the i_mmap tree of a file mapping, growing a stack, and what each
 * of these requires to be held.
 */
class VmaLayoutTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();
    private final Mmap mmap = kernel.mmap();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }

    private void touch(long... addresses) {
        for (long a : addresses) {
            assertEquals(Outcome.OK, kernel.user().write(mm, a, 0, (byte) (a + 1)));
        }
    }

    private void withMmapLockWrite(Runnable body) {
        mm.mmapLock().downWrite();
        try {
            body.run();
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    private boolean writablePte(long address) {
        return mm.pte(address) instanceof Pte.Present p && p.writable();
    }

    @Test
    void mmapRefusesAnyOverlapButNotANeighbour() {
        mm.mmapAnonymous(4, 2, true);
        assertThrows(IllegalArgumentException.class, () -> mm.mmapAnonymous(5, 3, true), "overlaps the last page");
        assertThrows(IllegalArgumentException.class, () -> mm.mmapAnonymous(2, 3, true), "overlaps the first page");
        Vma below = mm.mmapAnonymous(0, 4, true);
        Vma above = mm.mmapAnonymous(6, 1, false);
        assertEquals(0, below.start());
        assertEquals(4, below.end());
        assertSame(below, mm.findVma(3));
        assertSame(above, mm.findVma(6));
        assertEquals(3, mm.vmas().size());
    }

    @Test
    void mmapFlagsFollowProtAndSharing() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        Vma privateRo = mm.mmapFile(file, 0, 1, 0, false, false);
        Vma sharedRo = mm.mmapFile(file, 1, 1, 1, false, true);
        Vma sharedRw = mm.mmapFile(file, 2, 1, 2, true, true);
        assertTrue(
                !privateRo.writable() && !privateRo.shared() && privateRo.mayWrite(),
                "a private mapping may become writable");
        assertTrue(!sharedRo.writable() && sharedRo.shared() && !sharedRo.mayWrite(), "a shared read-only one may not");
        assertTrue(sharedRw.writable() && sharedRw.shared() && sharedRw.mayWrite());
        assertEquals(
                List.of(privateRo, sharedRo, sharedRw), file.iMmap(), "every file mapping joins the file's i_mmap");
        assertEquals(
                Outcome.EFAULT, mmap.mprotect(mm, 1, 2, true), "mprotect(PROT_WRITE) on a shared read-only mapping");
        assertFalse(sharedRo.writable());
        assertEquals(Outcome.OK, mmap.mprotect(mm, 0, 1, true));
        assertTrue(privateRo.writable());
    }

    @Test
    void munmapLeavesTheVmasThatOnlyTouchTheRange() {
        mm.mmapAnonymous(0, 2, true);
        mm.mmapAnonymous(2, 2, true);
        mm.mmapAnonymous(4, 2, true);
        touch(1, 2, 3, 4);
        Folio left = mm.pte(1).presentFolio();
        Folio right = mm.pte(4).presentFolio();
        assertEquals(Outcome.OK, mmap.munmap(mm, 2, 4));
        assertEquals(2, mm.vmas().size());
        assertNull(mm.findVma(2));
        assertNull(mm.findVma(3));
        assertSame(left, mm.pte(1).presentFolio());
        assertSame(right, mm.pte(4).presentFolio());
        assertEquals(2, mm.findVma(1).end());
        assertEquals(4, mm.findVma(4).start());
    }

    @Test
    void munmapOfAFileMappingLeavesTheFilesIMmap() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 4, 0, true, true);
        mmap.munmap(mm, 1, 3);
        assertEquals(2, file.iMmap().size(), "the two parts the split left");
        for (Vma vma : file.iMmap()) {
            assertTrue(vma.end() <= 1 || vma.start() >= 3, vma.toString());
        }
        mmap.munmap(mm, 0, 4);
        assertEquals(List.of(), file.iMmap());
    }

    @Test
    void mprotectChangesOnlyTheOverlappingVmasAndSplitsExactlyAtTheEnds() {
        mm.mmapAnonymous(0, 2, true);
        mm.mmapAnonymous(2, 4, true);
        mm.mmapAnonymous(6, 2, true);
        touch(1, 2, 5, 6);
        assertEquals(Outcome.OK, mmap.mprotect(mm, 2, 6, false));
        assertEquals(3, mm.vmas().size(), "the whole middle VMA: nothing to split");
        assertTrue(mm.findVma(1).writable() && writablePte(1), "the VMA below only touches the range");
        assertTrue(mm.findVma(6).writable() && writablePte(6), "the VMA above only touches the range");
        assertFalse(writablePte(2));
        assertFalse(writablePte(5));
        assertEquals(Outcome.OK, mmap.mprotect(mm, 3, 5, true));
        Vma middle = mm.findVma(3);
        assertEquals(3, middle.start());
        assertEquals(5, middle.end());
        assertTrue(middle.writable());
        assertFalse(mm.findVma(2).writable());
        assertEquals(2, mm.findVma(2).start());
        assertEquals(3, mm.findVma(2).end());
        assertFalse(mm.findVma(5).writable());
        assertEquals(5, mm.findVma(5).start());
        assertEquals(6, mm.findVma(5).end());
        assertEquals(5, mm.vmas().size());
    }

    @Test
    void mprotectOfAVmaWithoutPageTablesChangesItsFlagsOnly() {
        mm.mmapAnonymous(0, 16, true);
        touch(0);
        assertEquals(Outcome.OK, mmap.mprotect(mm, 0, 16, false), "tables for pages 4..15 were never allocated");
        assertFalse(mm.findVma(9).writable());
        assertFalse(writablePte(0));
    }

    @Test
    void aSplitFileVmaKeepsEachPageAtItsFileIndex() {
        AddressSpace file = kernel.createFile(8L * Folio.PAGE_SIZE);
        for (int index = 0; index < 8; index++) {
            kernel.fileIo().pwrite(file, (long) index * Folio.PAGE_SIZE, (byte) (10 + index));
        }
        mm.mmapFile(file, 20, 4, 3, true, false);
        assertEquals(Outcome.OK, mmap.mprotect(mm, 21, 23, false));
        assertEquals(3, mm.vmas().size());
        assertEquals(3, mm.findVma(20).pgoff());
        assertEquals(4, mm.findVma(21).pgoff(), "vm_pgoff moves with vm_start");
        assertEquals(6, mm.findVma(23).pgoff());
        assertEquals(3, file.iMmap().size(), "each part is in the file's i_mmap");
        for (long a = 20; a < 24; a++) {
            assertEquals(10 + 3 + (a - 20), kernel.user().read(mm, a, 0).value(), "page " + a);
        }
    }

    @Test
    void canChangePteWritableOnlyInAWritableVma() {
        mm.mmapAnonymous(0, 1, false);
        Vma vma = mm.findVma(0);
        Folio folio = kernel.folios().alloc();
        folio.setAnonExclusive(true);
        folio.setMapping(kernel.newAnonVma(), 0);
        assertFalse(Mmap.canChangePteWritable(vma, new Pte.Present(folio, false, true)), "no VM_WRITE");
        vma.setFlags(vma.flags() | Vma.VM_WRITE);
        assertTrue(Mmap.canChangePteWritable(vma, new Pte.Present(folio, false, true)));
        folio.setAnonExclusive(false);
        assertFalse(Mmap.canChangePteWritable(vma, new Pte.Present(folio, false, true)), "maybe shared after fork");
        folio.put();
    }

    @Test
    void mprotectWritableMapsOnlyDirtyPtesWritableInADirtyTrackedSharedMapping() {
        AddressSpace file = kernel.createFile(2L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, true, true);
        touch(0);
        assertEquals(0, kernel.user().read(mm, 1, 0).value());
        mmap.mprotect(mm, 0, 2, false);
        mmap.mprotect(mm, 0, 2, true);
        assertTrue(writablePte(0), "dirty: the filesystem was told already");
        assertFalse(writablePte(1), "clean: the next write must go through page_mkwrite");
    }

    @Test
    void mprotectWritableMapsEveryPteWritableInASharedShmemMapping() {
        AddressSpace memfd = kernel.createShmemFile(2L * Folio.PAGE_SIZE);
        mm.mmapFile(memfd, 0, 2, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 1, 0).value());
        mmap.mprotect(mm, 0, 2, false);
        assertFalse(writablePte(1));
        mmap.mprotect(mm, 0, 2, true);
        assertTrue(writablePte(1), "shmem is not dirty-tracked: vm_page_prot is writable");
    }

    @Test
    void aStackGrowsDownOnlyWithinTheGuardGapAndIsFoundAtItsNewStart() {
        Vma stack = mm.mmapStack(40, 2);
        withMmapLockWrite(() -> {
            assertSame(stack, mmap.expandDownwards(mm, 41), "inside the stack: nothing to grow");
            assertEquals(40, stack.start());
            assertNull(mmap.expandDownwards(mm, 40 - Mmap.STACK_GROWTH_LIMIT - 1), "beyond the gap");
            assertSame(stack, mmap.expandDownwards(mm, 40 - Mmap.STACK_GROWTH_LIMIT), "at the edge of the gap");
        });
        long newStart = 40 - Mmap.STACK_GROWTH_LIMIT;
        assertEquals(newStart, stack.start());
        assertEquals(newStart, stack.pgoff(), "vm_pgoff moves down with vm_start");
        assertSame(stack, mm.findVma(newStart));
        assertNull(mm.vmaAbove(newStart), "re-keyed at its new start: nothing starts above it");
        Vma plain = mm.mmapAnonymous(100, 1, true);
        withMmapLockWrite(() -> assertNull(mmap.expandDownwards(mm, 99), "not VM_GROWSDOWN"));
        assertEquals(100, plain.start());
        withMmapLockWrite(() -> assertNull(mmap.expandDownwards(mm, 200), "no VMA above"));
    }

    @Test
    void exitForgetsTheMm() {
        mm.mmapAnonymous(0, 1, true);
        touch(0);
        assertTrue(kernel.mms().contains(mm));
        mmap.exit(mm);
        assertFalse(kernel.mms().contains(mm));
        assertEquals(List.of(), mm.vmas());
    }

    @Test
    void vmaChangesRequireTheMmapLockForWrite() {
        Vma vma = mm.mmapAnonymous(0, 4, true);
        assertThrows(ContextViolation.class, () -> mmap.expandDownwards(mm, 0));
        assertThrows(ContextViolation.class, () -> mmap.splitVma(vma, 2, false));
        assertThrows(ContextViolation.class, () -> mmap.vmaAdjust(vma, 1, 4, 1));
        assertThrows(ContextViolation.class, () -> mmap.unmapLocked(mm, 0, 1));
        assertThrows(ContextViolation.class, () -> mm.insertVma(new Vma(mm, 8, 9, 8, Vma.VM_READ, null)));
        assertThrows(ContextViolation.class, () -> mm.removeVma(vma));
        assertThrows(ContextViolation.class, () -> mm.rekey(vma));
        mm.mmapLock().downRead();
        try {
            assertThrows(ContextViolation.class, () -> mmap.splitVma(vma, 2, false), "read is not enough");
        } finally {
            mm.mmapLock().upRead();
        }
        assertEquals(List.of(vma), mm.vmas());
        assertEquals(0, vma.start());
        assertEquals(4, vma.end());
    }
}
