package dev.mmspec.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.Mutex;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each check of {@link Invariants} that InvariantsTest leaves alone, on a state that breaks it the way a kernel bug
 * would (a lock left held, a PTE moved without its rmap, a reference dropped that a mapping or pin still needs, a
 * frozen folio never unfrozen), after the same kernel was checked clean. Without the check the damage goes unreported,
 * so each test fails if its {@code expect} is lost.
 */
class InvariantsDamageTest {
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

    /** set_pte_at() as a buggy caller would, under the PT lock but without the rmap or refcount work around it. */
    private void setPte(long address, Pte pte) {
        PageTable table = mm.pageTable(address);
        table.ptl().lock();
        try {
            table.set(address, pte);
        } finally {
            table.ptl().unlock();
        }
    }

    private AddressSpace fileWithOneCachedPage() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 2, 0, false, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        assertNotNull(file.peek(0));
        return file;
    }

    @Test
    void oneInstanceCheckedTwiceReportsOnlyWhatItSeesTheSecondTime() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        Invariants invariants = kernel.invariants();
        vma.setFlags(vma.flags() & ~Vma.VM_WRITE);
        assertEquals(1, invariants.check().size());
        int checks = invariants.checked();
        assertTrue(checks > 0, "checked() counts every expect: " + checks);
        vma.setFlags(vma.flags() | Vma.VM_WRITE);
        assertEquals(List.of(), invariants.check(), "the first check's violation is not reported again");
        assertEquals(checks, invariants.checked(), "the same state, the same number of checks, not a running sum");
    }

    @Test
    void locksHeldAtQuiescenceAreReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        assertEquals(List.of(), violated());
        mm.mmapLock().downRead(); // an mmap_read_unlock() missed on an error path
        assertEquals(List.of("locks_free_at_quiescence"), violated());
        mm.mmapLock().upRead();
        PageTable table = mm.pageTable(0);
        table.ptl().lock(); // a pte_unmap_unlock() missed
        assertEquals(List.of("locks_free_at_quiescence"), violated());
        table.ptl().unlock();
        folio.lock().lock(); // a folio_unlock() missed
        assertEquals(List.of("locks_free_at_quiescence"), violated());
        folio.lock().unlock();
        assertEquals(List.of(), violated());
    }

    @Test
    void aPteLeftBeyondAShrunkVmaIsReported() {
        Vma vma = mm.mmapAnonymous(0, 2, true);
        touched(1);
        assertEquals(List.of(), violated());
        vma.setEnd(1); // a vma_adjust() that did not zap the range it gave up
        assertViolated("pte_inside_vma");
    }

    @Test
    void aMigrationEntryOfAnUnlockedFolioIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        assertEquals(List.of(), violated());
        // try_to_migrate() installs entries only under the folio lock, which the migration holds until it removes them
        setPte(0, new Pte.Migration(folio, true, true));
        assertViolated("migration_entry_only_while_locked");
    }

    @Test
    void aMigrationEntryThatOutlivedItsFolioIsReportedEvenIfTheFolioIsLocked() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        Folio gone = kernel.folios().alloc();
        gone.put();
        gone.lock().lock(); // a stale pointer's folio_lock(): the lock alone does not make the entry live
        try {
            // the stray entry KsmMigrationMremapTest guards against: moved where remove_migration_ptes() never looks
            setPte(0, new Pte.Migration(gone, true, true));
            assertViolated("migration_entry_only_while_locked");
        } finally {
            gone.lock().unlock();
        }
    }

    @Test
    void anAnonVmaChainWithoutItsOwnAnonVmaIsReported() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        assertEquals(List.of(), violated());
        vma.setAnonVma(null); // unlink_anon_vmas() that forgot the chain, or a VMA copy that kept it
        assertEquals(List.of("anon_vma_chain_empty_without_anon_vma"), violated());
    }

    @Test
    void anOwnAnonVmaMissingFromTheChainIsReported() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        assertEquals(List.of(), violated());
        vma.setAnonVma(kernel.newAnonVma()); // a new anon_vma assigned without anon_vma_chain_link()
        List<String> violated = violated();
        assertTrue(violated.contains("anon_vma_on_own_chain"), violated.toString());
        assertTrue(violated.contains("anon_vma_chain_one_root"), violated.toString());
        assertTrue(violated.contains("anon_vma_active_vmas_counted"), "its num_active_vmas is 0: " + violated);
    }

    @Test
    void aChainedAnonVmaThatDoesNotHoldTheVmaInItsTreeIsReported() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        AnonVma own = vma.anonVma();
        AnonVma child = kernel.newAnonVma(own); // same root, same lock
        own.rwsem().downWrite();
        vma.chainAdd(child); // avc->same_vma linked, but not the interval tree (anon_vma_interval_tree_insert)
        own.rwsem().upWrite();
        assertEquals(List.of("anon_vma_chain_in_interval_tree"), violated());
    }

    @Test
    void aChainedAnonVmaOfAnotherTreeIsReported() {
        Vma vma = mm.mmapAnonymous(0, 1, true);
        touched(0);
        AnonVma stranger = kernel.newAnonVma();
        stranger.rwsem().downWrite();
        vma.chainAdd(stranger);
        stranger.rwsem().upWrite();
        List<String> violated = violated();
        assertTrue(violated.contains("anon_vma_chain_one_root"), violated.toString());
    }

    @Test
    void anAnonVmaReachedOnlyThroughALiveFolioIsCheckedToo() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        Mm child = kernel.fork().fork(mm);
        assertEquals(Outcome.OK, kernel.user().write(child, 0, 0, (byte) 2)); // COW: a folio of the child's anon_vma
        assertEquals(Outcome.OK, kernel.mmap().munmap(mm, 0, 1));
        assertEquals(List.of(), violated());
        // exit() without exit_mmap(): no VMA names the child's anon_vma any more, only its folio's mapping does
        kernel.forgetMm(child);
        assertViolated("anon_vma_tree_holds_live_vmas");
    }

    @Test
    void aWritableZeroPageIsReported() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        setPte(0, new Pte.Present(kernel.zeroPage(), true, false)); // do_anonymous_page() with maybe_mkwrite
        assertViolated("zero_page_read_only");
    }

    @Test
    void aPteOfAFreedFolioIsReported() {
        mm.mmapAnonymous(0, 1, true);
        touched(0);
        Folio freed = kernel.folios().alloc();
        freed.put();
        assertTrue(freed.freed());
        setPte(0, new Pte.Present(freed, false, false)); // a use after free: the PTE outlived the last reference
        assertViolated("pte_maps_live_folio");
    }

    @Test
    void aKsmPageMovedAwayFromItsRmapItemIsReported() {
        mm.mmapAnonymous(0, 2, true);
        Folio folio = touched(0);
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        assertTrue(folio.ksm());
        assertEquals(List.of(), violated());
        // move_ptes() of a KSM page without unmerging it (what break_ksm() in mremap prevents)
        setPte(0, Pte.NONE);
        setPte(1, new Pte.Present(folio, false, false));
        assertEquals(List.of("ksm_rmap_finds_mapping"), violated());
    }

    @Test
    void anAnonymousPageMovedAwayFromItsIndexIsReported() {
        mm.mmapAnonymous(0, 2, true);
        Folio folio = touched(0);
        assertEquals(List.of(), violated());
        // move_ptes() without the VMA's pgoff keeping linear_page_index() pointing at the page
        setPte(0, Pte.NONE);
        setPte(1, new Pte.Present(folio, true, true));
        assertEquals(List.of("rmap_finds_mapping"), violated());
    }

    @Test
    void aPageCacheFolioNewerThanTheDiskButDirtyInAPteIsNotReported() {
        AddressSpace file = fileWithOneCachedPage();
        Folio folio = file.peek(0);
        // The hardware dirty bit of a PTE is as good as PG_dirty: zap and folio_mkclean() move it to the folio.
        setPte(0, new Pte.Present(folio, false, true));
        folio.write(0, (byte) 9);
        assertEquals(List.of(), violated());
        setPte(0, new Pte.Present(folio, false, false));
        assertEquals(List.of("clean_page_matches_backing"), violated());
    }

    @Test
    void aPageCacheFolioUnderWritebackIsNotComparedWithTheDisk() {
        AddressSpace file = fileWithOneCachedPage();
        Folio folio = file.peek(0);
        folio.setWriteback(true); // the data is on its way to the disk: PG_dirty is already clear
        folio.write(0, (byte) 9);
        assertEquals(List.of(), violated());
        folio.setWriteback(false);
        assertEquals(List.of("clean_page_matches_backing"), violated());
    }

    @Test
    void aPageCacheFolioMissingThePageCachesReferenceIsReported() {
        AddressSpace file = fileWithOneCachedPage();
        Folio folio = file.peek(0);
        assertEquals(2, folio.refcount(), "the page cache's reference and the PTE's");
        folio.put(); // a put_page() too many: the cache's reference is gone while the cache still holds it
        assertEquals(List.of("refcount_covers_users"), violated());
    }

    @Test
    void aSwapCacheFolioMissingTheSwapCachesReferenceIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        folio.get(); // an O_DIRECT reference keeps it in the swap cache after it is unmapped
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(folio.swapcache(), folio.toString());
        // map it back by hand, taking the mapping's count but no reference (do_swap_page without folio_get)
        setPte(0, new Pte.Present(folio, false, false));
        folio.mapcountInc();
        folio.put(); // the O_DIRECT reference ends: the mapping and the swap cache now share one
        assertViolated("refcount_covers_users");
    }

    @Test
    void aPinWithoutItsReferenceIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        folio.pin();
        assertEquals(List.of(), violated());
        folio.put(); // unpin_user_page() written as put_page(): the pincount stays, its reference goes
        assertEquals(List.of("refcount_covers_users"), violated());
    }

    @Test
    void aFolioLeftFrozenIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        assertTrue(folio.refFreeze(1)); // folio_ref_freeze() with no folio_ref_unfreeze() on the failure path
        assertTrue(
                violated().contains("refcount_positive"),
                kernel.invariants().check().toString());
    }

    @Test
    void aDirtyFileFolioTheFilesystemWasNotToldOfIsReported() {
        AddressSpace file = fileWithOneCachedPage();
        assertTrue(file.dirtyTracked());
        Folio folio = file.peek(0);
        folio.setFsNotified(false);
        assertEquals(List.of(), violated(), "clean, nothing to tell");
        folio.setDirty(true); // set_page_dirty() without page_mkwrite (seed 001's bug)
        assertEquals(List.of("dirty_implies_notified"), violated());
    }

    @Test
    void aSwapSlotCachingAFolioNotInTheSwapCacheIsReported() {
        mm.mmapAnonymous(0, 1, true);
        Folio folio = touched(0);
        folio.get();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(folio.swapcache(), folio.toString());
        folio.lock().lock();
        folio.setSwapcache(-1); // folio_clear_swapcache() without delete_from_swap_cache()
        folio.lock().unlock();
        assertViolated("swap_cache_consistent");
    }

    @Test
    void aLockInversionIsReported() {
        Mutex folioLock = new Mutex(kernel.locks(), LockClass.FOLIO_LOCK, "F");
        Mutex ptl = new Mutex(kernel.locks(), LockClass.PTL, "P");
        folioLock.lock();
        ptl.lock();
        ptl.unlock();
        folioLock.unlock();
        assertEquals(List.of(), violated());
        ptl.lock();
        folioLock.lock();
        folioLock.unlock();
        ptl.unlock();
        assertEquals(List.of("no_lock_inversion"), violated());
    }

    @Test
    void aKernelBugIsReported() {
        assertEquals(List.of(), violated());
        assertThrows(KernelBug.class, () -> kernel.bug("test condition", ""));
        assertEquals(List.of("no_kernel_bug"), violated());
    }
}
