package dev.mmspec.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The invariants the generated suites check after every step, each on a state that breaks it the way a plausible bug
 * would (an unlink skipped at munmap, a fork that kept PG_anon_exclusive, an mprotect that left a PTE writable), and on
 * the same kernel before the damage, where none is reported.
 */
class InvariantsTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults().withSwapSlots(1));
    private final Mm mm = kernel.createMm();

    private List<String> violated() {
        return kernel.invariants().check().stream()
                .map(v -> v.substring(0, v.indexOf(':')))
                .distinct()
                .toList();
    }

    private void assertViolated(String invariant) {
        List<String> violated = violated();
        assertTrue(
                violated.contains(invariant),
                invariant + " not in " + kernel.invariants().check());
    }

    private Folio touched(long address) {
        assertEquals(Outcome.OK, kernel.user().write(mm, address, 0, (byte) 1));
        return assertInstanceOf(Pte.Present.class, mm.pte(address)).folio();
    }

    @Test
    void aFileVmaMissingFromTheIMmapTreeIsLostToTheRmap() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        Vma vma = mm.mmapFile(file, 0, 2, 0, false, true);
        assertEquals(List.of(), violated());
        file.iMmapRwsem().downWrite();
        file.unlink(vma);
        file.iMmapRwsem().upWrite();
        assertEquals(List.of("file_vma_in_i_mmap"), violated());
    }

    @Test
    void aVmaLeftInTheIMmapTreeAfterItWentAwayIsReported() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, false, true);
        Vma gone = new Vma(mm, 10, 12, 0, Vma.VM_READ | Vma.VM_SHARED, file);
        file.iMmapRwsem().downWrite();
        file.link(gone);
        file.iMmapRwsem().upWrite();
        assertEquals(List.of("i_mmap_holds_live_vmas"), violated());
    }

    @Test
    void aProcessForgottenWithoutExitMmapLeavesItsVmaInTheAnonVmaTree() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        Mm child = kernel.fork().fork(mm);
        assertEquals(List.of(), violated());
        kernel.forgetMm(child); // exit() without exit_mmap(): no unmap, no unlink_anon_vmas()
        assertViolated("anon_vma_tree_holds_live_vmas");
    }

    @Test
    void aPageCacheEntryWhoseFolioSaysOtherwiseIsReported() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        AddressSpace other = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, false, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        assertEquals(List.of(), violated());
        Folio cached = file.peek(0);
        cached.setMapping(other, 0);
        assertViolated("page_cache_consistent");
    }

    @Test
    void anExclusivePageMappedTwiceIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        kernel.fork().fork(mm);
        assertEquals(List.of(), violated());
        folio.setAnonExclusive(true); // a fork that shared the page without clearing PG_anon_exclusive
        assertEquals(List.of("exclusive_mapped_once"), violated());
    }

    @Test
    void aWritablePteInAReadOnlyVmaIsReported() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        assertEquals(List.of(), violated());
        vma.setFlags(vma.flags() & ~Vma.VM_WRITE); // an mprotect(PROT_READ) that skipped change_protection()
        assertEquals(List.of("writable_pte_in_writable_vma"), violated());
    }

    @Test
    void overlappingOrEmptyVmasAreReported() {
        Vma low = mm.mmapAnonymous(0, 2, true);
        Vma high = mm.mmapAnonymous(4, 2, true);
        assertEquals(List.of(), violated());
        low.setEnd(5);
        assertEquals(List.of("vmas_disjoint"), violated());
        low.setEnd(2);
        high.setEnd(high.start());
        assertEquals(List.of("vma_non_empty"), violated());
    }

    @Test
    void anExclusiveSwapEntryOfASharedSlotIsReported() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        Pte.Swap entry = assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertTrue(entry.exclusive(), entry.toString());
        kernel.fork().fork(mm); // copy_nonpresent_pte() clears the exclusive bit of both entries
        assertEquals(List.of(), violated());
        PageTable table = mm.pageTable(0);
        table.ptl().lock();
        table.set(0, new Pte.Swap(entry.slot(), true));
        table.ptl().unlock();
        assertEquals(List.of("swap_exclusive_only_single"), violated());
    }

    @Test
    void aCleanPageCacheFolioNewerThanTheDiskIsReported() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, false, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        assertEquals(List.of(), violated());
        file.peek(0).write(0, (byte) 9); // a write that did not dirty the folio: reclaim would drop it unwritten
        assertEquals(List.of("clean_page_matches_backing"), violated());
    }

    @Test
    void aCleanSwapCacheFolioThatItsSlotDoesNotHoldIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        folio.get(); // a reference (O_DIRECT in flight) keeps it in the swap cache, unwritten
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(folio.swapcache() && folio.dirty(), folio.toString());
        assertEquals(List.of(), violated());
        folio.setDirty(false); // an add_to_swap() that did not mark it dirty
        assertEquals(List.of("clean_page_matches_backing"), violated());
    }
}
