package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What PIT found unchecked in {@code runtime.mm}: MADV_FREE's VMA walk and its folio tests (madvise_free_pte_range():
 * the zero page and KSM pages, a dirty or swap-cache folio under its trylock), unmap_mapping_range()'s address
 * arithmetic for a mapping at a file offset, the injected mapcount upgrade of mprotect, fork of a migration entry,
 * find_vma() while vma_adjust() moves vm_start, and the Context lines of the unmap and split helpers.
 */
class MmRechecksTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    private void invariantsHold(Kernel k) {
        assertEquals(List.of(), k.invariants().check());
    }

    /** madvise() walks only the VMAs that overlap the range: file mappings touching it on either side are not it. */
    @Test
    void madvFreeLooksOnlyAtTheVmasInsideTheRange() {
        AddressSpace file = kernel.createFile(4L * PAGE);
        mm.mmapFile(file, 0, 1, 0, true, false);
        mm.mmapAnonymous(1, 1, true);
        mm.mmapFile(file, 2, 1, 2, true, false);
        kernel.user().write(mm, 1, 0, (byte) 1);
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 1, 2));
        assertTrue(mm.pte(1).presentFolio().lazyfree());
        assertEquals(Outcome.SIGSEGV, kernel.madviseFree().free(mm, 0, 2), "a file mapping in the range: EINVAL");
        invariantsHold(kernel);
    }

    @Test
    void madvFreeLeavesTheZeroPageAndKsmPagesAlone() {
        mm.mmapAnonymous(0, 3, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        kernel.user().write(mm, 1, 0, (byte) 5);
        kernel.user().write(mm, 2, 0, (byte) 5);
        kernel.ksm().merge(mm, 1);
        kernel.ksm().merge(mm, 2);
        Folio ksm = mm.pte(1).presentFolio();
        assertTrue(ksm.ksm(), "merged");
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 3));
        assertFalse(kernel.zeroPage().lazyfree());
        assertFalse(ksm.lazyfree());
        invariantsHold(kernel);
    }

    /**
     * Migration moved the PTE's dirty bit to the folio: MADV_FREE clears the folio's (folio_clear_dirty under the
     * trylock), so reclaim may then discard the page instead of swapping it.
     */
    @Test
    void madvFreeCleansADirtyFolioSoReclaimDiscardsIt() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        kernel.migration().migrate(mm, 0);
        Folio folio = mm.pte(0).presentFolio();
        assertTrue(folio.dirty());
        assertFalse(((Pte.Present) mm.pte(0)).dirty());
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 1));
        assertFalse(folio.dirty());
        assertFalse(folio.locked());
        assertTrue(folio.lazyfree());
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertTrue(mm.pte(0).isNone(), "discarded, not swapped");
        assertTrue(folio.freed());
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        invariantsHold(kernel);
    }

    /** A swap-cache page mapped once: folio_free_swap() drops it from the swap cache, then it is lazyfree. */
    @Test
    void madvFreeDropsAPageMappedOnceFromTheSwapCache() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        kernel.reclaim().swapOut(mm, 0);
        assertEquals(5, kernel.user().read(mm, 0, 0).value(), "read into the swap cache: the child's entry shares it");
        kernel.mmap().exit(child);
        Folio folio = mm.pte(0).presentFolio();
        assertTrue(folio.swapcache());
        assertEquals(1, folio.mapcount());
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 1));
        assertFalse(folio.swapcache());
        assertFalse(folio.locked());
        assertFalse(folio.dirty());
        assertTrue(folio.lazyfree());
        invariantsHold(kernel);
    }

    /** folio_maybe_mapped_shared(): a swap-cache page mapped by parent and child is left as it is. */
    @Test
    void madvFreeLeavesASwapCachePageTheChildMapsToo() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        kernel.reclaim().swapOut(mm, 0);
        kernel.user().read(mm, 0, 0);
        kernel.user().read(child, 0, 0);
        Folio folio = mm.pte(0).presentFolio();
        assertSame(folio, child.pte(0).presentFolio());
        assertTrue(folio.swapcache());
        assertEquals(Outcome.OK, kernel.madviseFree().free(mm, 0, 1));
        assertTrue(folio.swapcache());
        assertFalse(folio.lazyfree());
        assertFalse(folio.locked());
        kernel.mmap().exit(child);
        invariantsHold(kernel);
    }

    /** A folio reclaim holds locked: folio_trylock() fails and MADV_FREE skips it. */
    @Test
    void madvFreeSkipsAFolioReclaimHoldsLocked() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm m = k.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(m, 0, 0, (byte) 5));
            Folio folio = m.pte(0).presentFolio();
            sim.start(1, () -> k.reclaim().swapOut(m, 0));
            sim.stepTo(1, Labels.SWAP_OUT_UNMAP);
            assertTrue(folio.locked() && folio.swapcache());
            assertEquals("OK", sim.run(0, () -> k.madviseFree().free(m, 0, 1)));
            assertFalse(folio.lazyfree());
            assertTrue(folio.swapcache());
            assertEquals("OK", sim.finish(1));
            invariantsHold(k);
        }
    }

    /** unmap_mapping_range() over file pages [2, MAX) of a mapping of file pages 1..2: the COW copy of page 2. */
    @Test
    void truncationFindsTheCowCopyOfAMappingAtAFileOffset() {
        AddressSpace file = kernel.createFile(3L * PAGE);
        mm.mmapFile(file, 0, 2, 1, true, false);
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 0, (byte) 9));
        Folio copy = mm.pte(1).presentFolio();
        assertTrue(copy.isAnon());
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        kernel.truncate().truncate(file, 2L * PAGE);
        assertTrue(mm.pte(1).isNone(), "file page 2 is beyond EOF: its copy goes");
        assertTrue(copy.freed());
        assertTrue(mm.pte(0).presentFolio() != null, "file page 1 stays mapped");
        invariantsHold(kernel);
    }

    /** unmap_mapping_range() over file page [1, 2) of a mapping of file pages 1..2: address 0 only. */
    @Test
    void invalidationUnmapsOnlyTheRangeOfAMappingAtAFileOffset() {
        AddressSpace file = kernel.createFile(3L * PAGE);
        mm.mmapFile(file, 0, 2, 1, false, true);
        kernel.user().read(mm, 0, 0);
        kernel.user().read(mm, 1, 0);
        Folio page2 = file.peek(2);
        kernel.truncate().invalidate(file, 1, 2);
        assertTrue(mm.pte(0).isNone());
        assertSame(page2, mm.pte(1).presentFolio(), "file page 2 was not in the range");
        invariantsHold(kernel);
    }

    /** The injected pre-5.19 upgrade still leaves a private page-cache page read-only: it is not anonymous. */
    @Test
    void theInjectedMapcountUpgradeLeavesAPrivateFilePageReadOnly() {
        Kernel k = new Kernel(KernelConfig.defaults().injecting(Injection.MPROTECT_UPGRADE_BY_MAPCOUNT));
        Mm m = k.createMm();
        AddressSpace file = k.createFile(PAGE);
        m.mmapFile(file, 0, 1, 0, true, false);
        k.user().read(m, 0, 0);
        k.mmap().mprotect(m, 0, 1, false);
        k.mmap().mprotect(m, 0, 1, true);
        assertFalse(((Pte.Present) m.pte(0)).writable(), "the page cache's page, mapped privately");
        invariantsHold(k);
    }

    /** ... and a shared file page goes by can_change_pte_writable(): a dirty one may be upgraded. */
    @Test
    void theInjectedMapcountUpgradeKeepsTheSharedRule() {
        Kernel k = new Kernel(KernelConfig.defaults().injecting(Injection.MPROTECT_UPGRADE_BY_MAPCOUNT));
        Mm m = k.createMm();
        AddressSpace file = k.createFile(PAGE);
        m.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, k.user().write(m, 0, 0, (byte) 1));
        k.mmap().mprotect(m, 0, 1, false);
        k.mmap().mprotect(m, 0, 1, true);
        assertTrue(((Pte.Present) m.pte(0)).writable(), "a dirty shared page needs no write fault");
        invariantsHold(k);
    }

    /**
     * copy_nonpresent_pte(): a readable-exclusive migration entry is made readable (non-exclusive) in the parent and
     * the child, so after the restore the page is shared COW.
     */
    @Test
    void forkDuringMigrationSharesAReadOnlyExclusiveEntry() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm parent = k.createMm();
            parent.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(parent, 0, 0, (byte) 1));
            sim.run(2, () -> k.reclaim().swapOut(parent, 0));
            sim.run(2, () -> k.user().read(parent, 0, 0));
            assertTrue(parent.pte(0).presentFolio().anonExclusive());
            assertFalse(((Pte.Present) parent.pte(0)).writable());
            sim.start(0, () -> k.migration().migrate(parent, 0).outcome());
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            assertTrue(parent.pte(0) instanceof Pte.Migration e && e.exclusive() && !e.writable());
            Mm[] child = new Mm[1];
            sim.run(1, () -> child[0] = k.fork().fork(parent));
            assertTrue(parent.pte(0) instanceof Pte.Migration e && !e.exclusive(), "fork made it shared");
            assertEquals("OK", sim.finish(0));
            Folio dst = parent.pte(0).presentFolio();
            assertSame(dst, child[0].pte(0).presentFolio());
            assertFalse(dst.anonExclusive());
            invariantsHold(k);
        }
    }

    /** The same for a writable entry of a page that is not exclusive (left by the injected mapcount upgrade). */
    @Test
    void forkDuringMigrationWriteProtectsAWritableEntry() {
        KernelConfig config = KernelConfig.defaults().injecting(Injection.MPROTECT_UPGRADE_BY_MAPCOUNT);
        try (Sim sim = new Sim(config)) {
            Kernel k = sim.kernel;
            Mm parent = k.createMm();
            parent.mmapAnonymous(0, 1, true);
            sim.run(2, () -> k.user().write(parent, 0, 0, (byte) 1));
            Mm first = k.fork().fork(parent);
            k.mmap().exit(first);
            sim.run(2, () -> k.mmap().mprotect(parent, 0, 1, false));
            sim.run(2, () -> k.mmap().mprotect(parent, 0, 1, true));
            assertTrue(((Pte.Present) parent.pte(0)).writable());
            assertFalse(parent.pte(0).presentFolio().anonExclusive());
            sim.start(0, () -> k.migration().migrate(parent, 0).outcome());
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            assertTrue(parent.pte(0) instanceof Pte.Migration e && e.writable() && !e.exclusive());
            Mm[] child = new Mm[1];
            sim.run(1, () -> child[0] = k.fork().fork(parent));
            assertTrue(parent.pte(0) instanceof Pte.Migration e && !e.writable(), "fork write-protected it");
            assertTrue(child[0].pte(0) instanceof Pte.Migration e && !e.writable());
            assertEquals("OK", sim.finish(0));
            assertFalse(((Pte.Present) parent.pte(0)).writable());
            assertFalse(((Pte.Present) child[0].pte(0)).writable());
            assertEquals(Outcome.OK, k.user().write(child[0], 0, 0, (byte) 2));
            assertEquals(1, k.user().read(parent, 0, 0).value(), "COW separates them");
        }
    }

    /** find_vma() while vma_adjust() has moved vm_start down but not re-keyed the VMA yet. */
    @Test
    void findVmaFindsAVmaWhoseStartMovedBeforeItsKey() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            Mm m = k.createMm();
            Vma vma = m.mmapAnonymous(4, 2, true);
            sim.start(0, () -> {
                m.mmapLock().downWrite();
                try {
                    k.mmap().vmaAdjust(vma, 2, 6, vma.pgoff() - 2);
                } finally {
                    m.mmapLock().upWrite();
                }
                return "adjusted";
            });
            sim.stepTo(0, Labels.VMA_ADJUST_PGOFF);
            assertEquals(2, vma.start());
            assertSame(vma, m.findVma(3), "found by the scan: its key is still 4");
            assertEquals("adjusted", sim.finish(0));
            assertSame(vma, m.findVma(3));
        }
    }

    @Test
    void theUnmapAndSplitHelpersCheckTheirContextAndStackGrowthReturnsTheVma() {
        Vma vma = mm.mmapAnonymous(0, 2, true);
        assertThrows(ContextViolation.class, () -> kernel.mmap().unmapLocked(mm, 0, 1), "mmap_lock not held");
        assertThrows(ContextViolation.class, () -> kernel.mmap().splitVma(vma, 1, true), "mmap_lock not held");
        mm.mmapLock().downRead();
        try {
            assertSame(vma, kernel.mmap().expandDownwardsUnderReadLock(mm, 1), "inside a VMA already");
        } finally {
            mm.mmapLock().upRead();
        }
        assertNotEquals(mm.id(), kernel.createMm().id());
    }

    /** The Context checks come before any change: an empty munmap, and a split that would link a new VMA first. */
    @Test
    void theUnmapAndSplitHelpersCheckTheirContextBeforeTheyChangeAnything() {
        AddressSpace file = kernel.createFile(2L * PAGE);
        Vma vma = mm.mmapFile(file, 0, 2, 0, true, true);
        assertThrows(ContextViolation.class, () -> kernel.mmap().unmapLocked(mm, 8, 9), "nothing mapped there");
        assertThrows(ContextViolation.class, () -> kernel.mmap().splitVma(vma, 1, true));
        assertEquals(List.of(vma), file.iMmap(), "no half-made split linked");
        assertEquals(List.of(vma), mm.vmas());
    }

    /** madvise_free_single_vma(): a shared anonymous mapping (shmem underneath) is not anonymous memory. */
    @Test
    void madvFreeRefusesASharedAnonymousMapping() {
        kernel.mmap().mmap(mm, 0, 1, 0, true, true, null);
        assertEquals(Outcome.SIGSEGV, kernel.madviseFree().free(mm, 0, 1));
    }

    /** copy_nonpresent_pte() write-protects the parent's migration entry only in a COW mapping. */
    @Test
    void forkLeavesTheMigrationEntryOfASharedMappingWritable() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Kernel k = sim.kernel;
            AddressSpace file = k.createFile(PAGE);
            Mm parent = k.createMm();
            parent.mmapFile(file, 0, 1, 0, true, true);
            sim.run(2, () -> k.user().write(parent, 0, 0, (byte) 1));
            assertTrue(((Pte.Present) parent.pte(0)).writable());
            sim.start(0, () -> k.migration().migrate(parent, 0).outcome());
            sim.stepTo(0, Labels.MIGRATE_REMOVE);
            assertTrue(parent.pte(0) instanceof Pte.Migration e && e.writable());
            sim.run(1, () -> k.fork().fork(parent));
            assertTrue(parent.pte(0) instanceof Pte.Migration e && e.writable(), "shared: nothing to COW");
            assertEquals("OK", sim.finish(0));
            assertTrue(((Pte.Present) parent.pte(0)).writable());
        }
    }
}
