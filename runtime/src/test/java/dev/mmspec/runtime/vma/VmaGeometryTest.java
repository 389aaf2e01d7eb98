package dev.mmspec.runtime.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic the rmap and the fault path rely on, at its edges: linear_page_index() and vma_address()
 * (mm/internal.h) for the first and last page and one past each end, is_cow_mapping() and vma_needs_dirty_tracking()
 * for every combination of VM_SHARED and VM_MAYWRITE, and a page table's bounds.
 */
class VmaGeometryTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    @Test
    void vmaAddressIsTheInverseOfLinearPageIndexInsideTheVmaOnly() {
        Vma vma = new Vma(mm, 10, 13, 100, Vma.VM_READ, null);
        assertEquals(100, vma.linearIndex(10));
        assertEquals(102, vma.linearIndex(12));
        assertEquals(10, vma.addressOf(100));
        assertEquals(12, vma.addressOf(102));
        assertEquals(-1, vma.addressOf(99), "before vm_start: -EFAULT");
        assertEquals(-1, vma.addressOf(103), "at vm_end: -EFAULT");
        assertTrue(vma.contains(10) && vma.contains(12));
        assertFalse(vma.contains(9) || vma.contains(13));
    }

    @Test
    void anEmptyVmaIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Vma(mm, 4, 4, 0, Vma.VM_READ, null));
        assertEquals("empty vma [4, 4)", e.getMessage());
    }

    @Test
    void cowAndDirtyTrackingFollowVmSharedAndVmMaywrite() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        AddressSpace shmem = kernel.createShmemFile(Folio.PAGE_SIZE);
        int read = Vma.VM_READ;
        assertFalse(new Vma(mm, 0, 1, 0, read, null).isCowMapping(), "private, never writable: no COW");
        assertTrue(new Vma(mm, 0, 1, 0, read | Vma.VM_MAYWRITE, null).isCowMapping());
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED | Vma.VM_MAYWRITE, file).isCowMapping());
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED, file).isCowMapping());

        assertTrue(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED | Vma.VM_MAYWRITE, file).dirtyTracked());
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED, file).dirtyTracked(), "never writable");
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_MAYWRITE, file).dirtyTracked(), "private: COW, no writeback");
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED | Vma.VM_MAYWRITE, shmem).dirtyTracked());
        assertFalse(new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED | Vma.VM_MAYWRITE, null).dirtyTracked());

        Vma stack = new Vma(mm, 0, 1, 0, read | Vma.VM_WRITE | Vma.VM_GROWSDOWN, null);
        assertTrue(stack.growsDown() && stack.writable() && stack.isAnonymous() && !stack.shared());
        assertFalse(stack.mayWrite());
        assertEquals("vma[0, 1) pgoff 0 rwp anon", stack.toString());
        assertEquals("vma[0, 1) pgoff 0 r-s file " + file, new Vma(mm, 0, 1, 0, read | Vma.VM_SHARED, file).toString());
    }

    @Test
    void aPageTableCoversItsRunOfAddressesOnly() {
        PageTable table = mm.pageTable(5);
        long first = table.firstAddress();
        long last = first + table.size() - 1;
        assertTrue(first <= 5 && 5 <= last);
        assertTrue(table.covers(first) && table.covers(last));
        assertFalse(table.covers(first - 1) || table.covers(last + 1));
        assertTrue(table.get(last).isNone());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> table.get(last + 1));
        assertTrue(
                outside.getMessage().startsWith("address " + (last + 1) + " outside pte_table["), outside.getMessage());
        assertThrows(ContextViolation.class, () -> table.clear(first), "ptep_clear_flush needs the PT lock");
        Folio folio = kernel.folios().alloc();
        table.ptl().lock();
        try {
            table.set(last, new Pte.Present(folio, false, false));
            assertEquals(new Pte.Present(folio, false, false), table.clear(last));
            assertTrue(table.get(last).isNone());
        } finally {
            table.ptl().unlock();
        }
        assertEquals(mm, table.mm());
    }

    /** The entries as BUG dumps and invariant reports print them: kind, folio and every bit. */
    @Test
    void everyPteNamesItsKindAndBits() {
        Folio folio = kernel.folios().alloc();
        long n = folio.serial();
        assertEquals("none", Pte.NONE.toString());
        assertEquals("present(folio#" + n + ", ro)", new Pte.Present(folio, false, false).toString());
        assertEquals("present(folio#" + n + ", rw, dirty)", new Pte.Present(folio, true, true).toString());
        assertEquals("swap(slot 3)", new Pte.Swap(3, false).toString());
        assertEquals("swap(slot 3, exclusive)", new Pte.Swap(3, true).toString());
        assertEquals("migration(folio#" + n + ", write)", new Pte.Migration(folio, true, true).toString());
        assertEquals("migration(folio#" + n + ", read_exclusive)", new Pte.Migration(folio, false, true).toString());
        assertEquals("migration(folio#" + n + ", read)", new Pte.Migration(folio, false, false).toString());
    }

    /**
     * The Context: lines of the anon_vma_chain: linking needs the anon_vma's rwsem, clearing the mmap_lock, both for
     * write.
     */
    @Test
    void theAnonVmaChainChangesOnlyUnderItsLocks() {
        Vma vma = new Vma(mm, 0, 1, 0, Vma.VM_READ, null);
        var anonVma = kernel.newAnonVma();
        assertThrows(ContextViolation.class, () -> vma.chainAdd(anonVma));
        anonVma.rwsem().downRead();
        assertThrows(ContextViolation.class, () -> vma.chainAdd(anonVma), "read is not enough");
        anonVma.rwsem().upRead();
        assertThrows(ContextViolation.class, vma::chainClear);
        assertEquals(0, vma.anonVmaChain().size());
    }
}
