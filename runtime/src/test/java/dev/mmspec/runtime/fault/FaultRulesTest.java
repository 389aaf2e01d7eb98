package dev.mmspec.runtime.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler;
import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Fix;
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
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The fault handler's rules one by one, where only a unit test can see them: do_swap_page()'s rechecks of an entry that
 * changed under it (called directly with the stale entry, since within one step nothing else runs), its wait for a page
 * reclaim holds locked, which swap-ins free the swap; wp_can_reuse_anon_folio()'s and the old reuse_swap_page()'s
 * decisions with the swap cache and extra references in play; wp_page_shared() on shmem and across a truncate; and
 * which stores writeOnce() lets through a read-only VMA.
 */
class FaultRulesTest {
    private static final int FAULT = 0;
    private static final int OTHER = 1;

    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final Mm mm = kernel.createMm();

    // ---- do_swap_page() ----

    @Test
    void aSwapFaultWhoseEntryAnotherFaultAlreadyReplacedMapsNothingMore() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Folio folio = mm.pte(0).presentFolio();
        folio.get(); // keeps it in the swap cache after pageout
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        Pte.Swap stale = assertInstanceOf(Pte.Swap.class, mm.pte(0));
        assertEquals(5, kernel.user().read(mm, 0, 0).value(), "the other fault");
        folio.put();
        Pte mapped = mm.pte(0);
        assertSame(folio, mapped.presentFolio());
        assertTrue(folio.swapcache(), "the swap cache still has the page");
        int refs = folio.refcount();

        Outcome outcome = new SwapFault(kernel).doSwapPage(mm.findVma(0), 0, stale, Fault.WRITE);
        assertEquals(Outcome.OK, outcome, "pte_same failed: the access retries");
        assertEquals(mapped, mm.pte(0), "the PTE the other fault installed is left alone");
        assertEquals(refs, folio.refcount(), "the lookup's reference was dropped");
        assertEquals(1, folio.mapcount());
        assertFalse(folio.locked());
        assertTrue(folio.swapcache());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aSwapFaultOnASlotNoEntryRefersToAnyMoreReturnsWithoutMapping() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        Pte.Swap stale = assertInstanceOf(Pte.Swap.class, mm.pte(0));
        kernel.mmap().madviseDontneed(mm, 0, 1);
        assertFalse(kernel.swap().used(stale.slot()), "the zap freed the slot");

        Outcome outcome = new SwapFault(kernel).doSwapPage(mm.findVma(0), 0, stale, 0);
        assertEquals(Outcome.OK, outcome, "swapcache_prepare failed on a free slot: our entry changed, retry");
        assertTrue(mm.pte(0).isNone());
        assertFalse(kernel.swap().hasCache(stale.slot()));
        assertEquals(List.of(), kernel.invariants().check(), "the fresh folio was given back");
    }

    @Test
    void outOfMemoryInASwapFaultIsEnomemOnlyWhileTheEntryIsStillThere() {
        Kernel small = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        Mm m = small.createMm();
        m.mmapAnonymous(0, 2, true);
        small.user().write(m, 0, 0, (byte) 5);
        assertEquals(Outcome.OK, small.reclaim().swapOut(m, 0));
        Pte.Swap entry = assertInstanceOf(Pte.Swap.class, m.pte(0));
        small.user().write(m, 1, 0, (byte) 6); // the one folio

        SwapFault swapFault = new SwapFault(small);
        assertEquals(Outcome.ENOMEM, swapFault.doSwapPage(m.findVma(0), 0, entry, 0));
        assertEquals(
                Outcome.OK,
                swapFault.doSwapPage(m.findVma(0), 0, new Pte.Swap(entry.slot() + 1, false), 0),
                "the PTE is no longer the entry the fault saw: retry instead of failing");
        assertEquals(entry, m.pte(0), "nothing changed");
    }

    @Test
    void aSwapFaultOnAPageReclaimHoldsLockedWaitsThenReadsTheSlot() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.kernel.user().write(m, 0, 0, (byte) 5);
            Folio folio = m.pte(0).presentFolio();
            sim.start(OTHER, () -> sim.kernel.reclaim().swapOut(m, 0));
            sim.stepTo(OTHER, Labels.SWAP_OUT_PAGEOUT);
            assertInstanceOf(Pte.Swap.class, m.pte(0));
            assertTrue(folio.locked() && folio.swapcache());

            sim.start(FAULT, () -> sim.kernel.user().read(m, 0, 0).value());
            assertEquals(Stop.Kind.BLOCKED, sim.step(FAULT).kind(), "folio_lock_or_retry waits; " + sim.log);
            assertEquals("OK", sim.finish(OTHER));
            assertTrue(folio.freed(), "the waiting fault kept no reference, so pageout could free the page");
            assertEquals("5", sim.finish(FAULT));
            assertNotSame(folio, m.pte(0).presentFolio(), "a fresh copy read from the slot");
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }

    @Test
    void aWriteSwapInOfAPageOnlyTheSwapCacheHoldsFreesItsSwapAndMapsItWritable() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        int slot = folio.swapSlot();
        folio.put();
        kernel.mmap().exit(child);
        assertEquals(1, kernel.swap().count(slot));
        assertFalse(assertInstanceOf(Pte.Swap.class, mm.pte(0)).exclusive(), "fork cleared the exclusive bit");

        UserAccess.WriteResult write = kernel.user().writeOnce(mm, 0, 1, (byte) 6);
        assertTrue(write.stored(), "should_try_to_free_swap: exclusive and writable at once");
        assertSame(folio, mm.pte(0).presentFolio(), "the swap cache's page");
        assertFalse(folio.swapcache(), "its swap was freed");
        assertFalse(kernel.swap().used(slot));
        assertTrue(folio.anonExclusive());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aWriteSwapInIsExclusiveAndWritableAlreadyAfterTheFaultStep() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.kernel.user().write(m, 0, 0, (byte) 5);
            Mm child = sim.kernel.fork().fork(m);
            Folio folio = m.pte(0).presentFolio();
            folio.get();
            assertEquals(Outcome.OK, sim.kernel.reclaim().swapOut(m, 0));
            folio.put();
            sim.kernel.mmap().exit(child);

            sim.start(FAULT, () -> sim.kernel.user().writeOnce(m, 0, 1, (byte) 6));
            sim.stepTo(FAULT, Labels.WRITE_WP);
            Pte.Present pte = assertInstanceOf(Pte.Present.class, m.pte(0));
            assertSame(folio, pte.folio());
            assertFalse(folio.swapcache(), "only the swap cache and the fault held it: its swap is freed at once");
            assertTrue(pte.writable() && folio.anonExclusive(), "so it is ours alone, before anyone else runs");
            assertEquals(new UserAccess.WriteResult(Outcome.OK, true).toString(), sim.finish(FAULT));
            assertEquals(List.of(), sim.kernel.invariants().check());
        }
    }

    @Test
    void aPageWhoseSwapSlotAChildStillUsesIsCopiedNotReused() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        folio.put();
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
        assertSame(folio, mm.pte(0).presentFolio());
        assertEquals(2, folio.refcount(), "the mapping and the swap cache");
        assertInstanceOf(Pte.Swap.class, child.pte(0));

        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 6));
        assertNotSame(folio, mm.pte(0).presentFolio(), "folio_free_swap() failed: the swap cache's reference stays");
        assertTrue(folio.swapcache());
        assertEquals(5, kernel.user().read(child, 0, 0).value(), "the child swaps in its snapshot");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aReadSwapInOfANonExclusiveEntryKeepsThePageSharedAndInTheSwapCache() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        folio.put();
        kernel.mmap().exit(child);

        assertEquals(5, kernel.user().read(mm, 0, 0).value());
        Pte.Present pte = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertSame(folio, pte.folio());
        assertFalse(pte.writable());
        assertFalse(folio.anonExclusive(), "nothing says it is ours alone");
        assertTrue(folio.swapcache(), "a read keeps the swap");
        assertEquals(List.of(), kernel.invariants().check());
    }

    // ---- wp_can_reuse_anon_folio() ----

    /** A non-exclusive page mapped only here, in the swap cache (fork, swap-out, the child exits, a read swaps in). */
    private Folio soleNonExclusivePageInTheSwapCache(Kernel k, Mm m) {
        m.mmapAnonymous(0, 1, true);
        k.user().write(m, 0, 0, (byte) 5);
        Mm child = k.fork().fork(m);
        Folio folio = m.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, k.reclaim().swapOut(m, 0));
        folio.put();
        k.mmap().exit(child);
        assertEquals(5, k.user().read(m, 0, 0).value());
        assertSame(folio, m.pte(0).presentFolio());
        assertFalse(folio.anonExclusive());
        assertTrue(folio.swapcache());
        assertEquals(1, folio.mapcount());
        return folio;
    }

    @Test
    void aSoleNonExclusivePageInTheSwapCacheIsReusedAndLeavesTheSwapCache() {
        Folio folio = soleNonExclusivePageInTheSwapCache(kernel, mm);
        int slot = folio.swapSlot();
        assertEquals(2, folio.refcount(), "the mapping and the swap cache");
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 6));
        assertSame(folio, mm.pte(0).presentFolio(), "reused: refcount 1 + the swap cache's");
        assertTrue(folio.anonExclusive());
        assertFalse(folio.swapcache(), "folio_free_swap() under the folio lock");
        assertFalse(kernel.swap().used(slot));
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aPageSomeoneElseHoldsIsCopiedAndKeepsItsSwapCache() {
        Folio folio = soleNonExclusivePageInTheSwapCache(kernel, mm);
        folio.get(); // a GUP reference, say
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 6));
        assertNotSame(folio, mm.pte(0).presentFolio(), "copied");
        assertTrue(folio.swapcache(), "the refcount test comes before folio_free_swap()");
        assertEquals(5, folio.read(0));
        assertEquals(0, folio.read(1), "the write went to the copy");
        folio.put();
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aKsmPageInTheSwapCacheIsCopiedAndKeepsItsSwapCache() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Folio folio = mm.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        assertEquals(5, kernel.user().read(mm, 0, 0).value());
        folio.put();
        assertSame(folio, mm.pte(0).presentFolio());
        assertEquals(Outcome.OK, kernel.ksm().merge(mm, 0));
        assertTrue(folio.ksm() && folio.swapcache(), "promoted to the stable page while in the swap cache");

        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 6));
        assertNotSame(folio, mm.pte(0).presentFolio(), "a KSM page is never reused");
        assertTrue(folio.swapcache(), "nor its swap freed by the attempt");
        assertFalse(folio.freed());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aNonExclusivePageMappedOnlyHereIsReusedButNotOneWithAnotherReference() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        kernel.user().write(mm, 1, 0, (byte) 7);
        Mm child = kernel.fork().fork(mm);
        kernel.mmap().exit(child);
        Folio reused = mm.pte(0).presentFolio();
        Folio held = mm.pte(1).presentFolio();
        assertFalse(reused.anonExclusive() || held.anonExclusive());
        assertEquals(1, reused.refcount());

        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 6));
        assertSame(reused, mm.pte(0).presentFolio(), "refcount 1: ours alone");
        assertTrue(reused.anonExclusive());

        held.get();
        assertEquals(Outcome.OK, kernel.user().write(mm, 1, 1, (byte) 8));
        assertNotSame(held, mm.pte(1).presentFolio(), "refcount 2 without the swap cache: copy");
        assertEquals(0, held.read(1));
        held.put();
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aReusedPageMovesToTheAnonVmaOfTheProcessThatReusesIt() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        Folio folio = child.pte(0).presentFolio();
        Object parentAnonVma = folio.mapping();
        kernel.mmap().exit(mm);
        assertNotSame(parentAnonVma, child.findVma(0).anonVma(), "anon_vma_fork gave the child its own");

        assertEquals(Outcome.OK, kernel.user().write(child, 0, 1, (byte) 6));
        assertSame(folio, child.pte(0).presentFolio());
        assertSame(child.findVma(0).anonVma(), folio.mapping(), "folio_move_anon_rmap()");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void anUnshareFaultMakesAReusablePageExclusiveButNotWritable() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 5);
        Mm child = kernel.fork().fork(mm);
        kernel.mmap().exit(child);
        Folio folio = mm.pte(0).presentFolio();
        assertFalse(folio.anonExclusive());

        GupResult pin = kernel.gup().get(mm, 0, Foll.PIN);
        assertTrue(pin.ok());
        assertSame(folio, pin.ref().folio(), "refcount 1: reused, not copied");
        assertTrue(folio.anonExclusive());
        Pte.Present pte = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertFalse(pte.writable(), "unsharing does not make it writable");
        kernel.gup().release(pin.ref(), false);
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aCopyOnWriteWithoutMemoryIsEnomemAndLeavesThePageShared() {
        Kernel small = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        Mm m = small.createMm();
        m.mmapAnonymous(0, 1, true);
        small.user().write(m, 0, 0, (byte) 5);
        Mm child = small.fork().fork(m);
        Folio folio = m.pte(0).presentFolio();
        assertEquals(Outcome.ENOMEM, small.user().write(m, 0, 1, (byte) 6));
        assertSame(folio, m.pte(0).presentFolio());
        assertSame(folio, child.pte(0).presentFolio());
        assertEquals(0, folio.read(1));
        assertEquals(List.of(), small.invariants().check());
    }

    // ---- reuse_swap_page(), the test before cow_reuse_exclusive ----

    @Test
    void withoutCowReuseExclusiveAKsmPageMappedOnceIsStillCopied() {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        Mm m = old.createMm();
        m.mmapAnonymous(0, 1, true);
        old.user().write(m, 0, 0, (byte) 5);
        assertEquals(Outcome.OK, old.ksm().merge(m, 0));
        Folio kpage = m.pte(0).presentFolio();
        assertEquals(1, kpage.mapcount());
        assertEquals(Outcome.OK, old.user().write(m, 0, 1, (byte) 6));
        assertNotSame(kpage, m.pte(0).presentFolio());
        assertEquals(0, kpage.read(1), "the stable page is unchanged");
    }

    @Test
    void withoutCowReuseExclusiveTheChildsSwapEntryCountsAsAMapping() {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        Mm m = old.createMm();
        m.mmapAnonymous(0, 1, true);
        old.user().write(m, 0, 0, (byte) 5);
        Mm child = old.fork().fork(m);
        Folio folio = m.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, old.reclaim().swapOut(m, 0));
        folio.put();
        assertEquals(5, old.user().read(m, 0, 0).value());
        assertSame(folio, m.pte(0).presentFolio());
        assertInstanceOf(Pte.Swap.class, child.pte(0));

        assertEquals(Outcome.OK, old.user().write(m, 0, 0, (byte) 6));
        assertNotSame(folio, m.pte(0).presentFolio(), "mapcount 1 + one swap entry: not ours");
        assertEquals(5, old.user().read(child, 0, 0).value(), "the child still reads its snapshot");
    }

    @Test
    void withoutCowReuseExclusiveAReusedPageLeavesTheSwapCacheDirtyAndExclusive() {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        Mm m = old.createMm();
        Folio folio = soleNonExclusivePageInTheSwapCache(old, m);
        int slot = folio.swapSlot();
        folio.setDirty(false); // as if pageout had written it and it was swapped in again
        assertEquals(Outcome.OK, old.user().write(m, 0, 1, (byte) 6));
        assertSame(folio, m.pte(0).presentFolio(), "mapcount 1, no other swap entry");
        assertFalse(folio.swapcache(), "delete_from_swap_cache()");
        assertFalse(old.swap().used(slot));
        assertTrue(folio.dirty(), "its only copy is now in memory");
        assertTrue(folio.anonExclusive());
        assertEquals(List.of(), old.invariants().check());
    }

    @Test
    void withoutCowReuseExclusiveAPageLockedBySomeoneElseIsCopied() throws InterruptedException {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        Mm m = old.createMm();
        m.mmapAnonymous(0, 1, true);
        old.user().write(m, 0, 0, (byte) 5);
        Mm child = old.fork().fork(m);
        old.mmap().exit(child);
        Folio folio = m.pte(0).presentFolio();
        heldByAnotherThread(folio, () -> assertEquals(Outcome.OK, old.user().write(m, 0, 1, (byte) 6)));
        assertNotSame(folio, m.pte(0).presentFolio(), "folio_trylock() failed: copy, whatever the mapcount");
        assertEquals(0, folio.read(1));
        assertTrue(folio.freed(), "the holder's reference was the last");
    }

    @Test
    void withoutCowReuseExclusiveOtherMappingsAndSwapEntriesAddUp() {
        Kernel old = new Kernel(KernelConfig.defaults().without(Fix.COW_REUSE_EXCLUSIVE));
        Mm m = old.createMm();
        m.mmapAnonymous(0, 1, true);
        old.user().write(m, 0, 0, (byte) 5);
        Mm reader = old.fork().fork(m);
        Mm sleeper = old.fork().fork(m);
        Folio folio = m.pte(0).presentFolio();
        folio.get();
        assertEquals(Outcome.OK, old.reclaim().swapOut(m, 0));
        folio.put();
        assertEquals(5, old.user().read(m, 0, 0).value());
        assertEquals(5, old.user().read(reader, 0, 0).value());
        assertEquals(2, folio.mapcount());
        assertEquals(1, old.swap().count(folio.swapSlot()), "the sleeper's swap entry");

        assertEquals(Outcome.OK, old.user().write(m, 0, 0, (byte) 6));
        assertNotSame(folio, m.pte(0).presentFolio(), "two mappings + one swap entry");
        assertEquals(5, old.user().read(reader, 0, 0).value());
        assertEquals(5, old.user().read(sleeper, 0, 0).value());
    }

    // ---- the file fault's second half ----

    @Test
    void aWriteFaultOnAMissingShmemPageDirtiesItWithoutPageMkwrite() {
        AddressSpace shmem = kernel.createShmemFile(Folio.PAGE_SIZE);
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        Folio folio = mm.pte(0).presentFolio();
        kernel.mmap().madviseDontneed(mm, 0, 1);
        folio.setDirty(false);

        assertEquals(new UserAccess.WriteResult(Outcome.OK, true), kernel.user().writeOnce(mm, 0, 0, (byte) 4));
        assertSame(folio, mm.pte(0).presentFolio());
        assertTrue(folio.dirty(), "fault_dirty_shared_page()");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aWriteFaultOnAMissingSharedFilePageNotifiesAndStoresInOneAttempt() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 0, (byte) 7));
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(new UserAccess.WriteResult(Outcome.OK, true), kernel.user().writeOnce(mm, 0, 1, (byte) 4));
        Folio page = mm.pte(0).presentFolio();
        assertSame(file.peek(0), page);
        assertTrue(page.fsNotified() && page.dirty());
        assertEquals(7, page.read(0));
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aPrivateWriteFaultCopiesTheFilePageOrFailsWithEnomemLeavingItAsItWas() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 0, (byte) 7));
        mm.mmapFile(file, 0, 1, 0, true, false);
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 1, (byte) 4));
        Folio copy = mm.pte(0).presentFolio();
        assertTrue(copy.isAnon());
        assertEquals(7, copy.read(0), "do_cow_fault copied the file page");
        assertEquals(0, file.peek(0).read(1), "the file is unchanged");

        Kernel small = new Kernel(KernelConfig.defaults().withMaxFolios(1));
        AddressSpace smallFile = small.createFile(Folio.PAGE_SIZE);
        assertEquals(Outcome.OK, small.fileIo().pwrite(smallFile, 0, (byte) 7));
        Mm m = small.createMm();
        m.mmapFile(smallFile, 0, 1, 0, true, false);
        Folio page = smallFile.peek(0);
        int refs = page.refcount();
        assertEquals(Outcome.ENOMEM, small.user().write(m, 0, 1, (byte) 4));
        assertTrue(m.pte(0).isNone());
        assertEquals(refs, page.refcount(), "__do_fault's reference was released");
        assertFalse(page.locked());
        assertEquals(List.of(), kernel.invariants().check());
        assertEquals(List.of(), small.invariants().check());
    }

    // ---- wp_page_shared() ----

    @Test
    void aWriteToAReadOnlyShmemPteReusesAndDirtiesThePage() {
        AddressSpace shmem = kernel.createShmemFile(Folio.PAGE_SIZE);
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        Folio folio = mm.pte(0).presentFolio();
        setWritable(
                mm, 0, false); // no operation write-protects a shmem PTE in a writable shared VMA; do_wp_page must cope
        folio.setDirty(false);

        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 4));
        Pte.Present after = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertSame(folio, after.folio(), "a shared page is never copied");
        assertTrue(after.writable() && after.dirty());
        assertTrue(folio.dirty(), "fault_dirty_shared_page()");
        assertEquals(4, folio.read(0));
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aWriteToACleanSharedFilePageNotifiesTheFilesystemAndKeepsTheRefcount() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(Outcome.OK, kernel.user().read(mm, 0, 0).outcome());
        Folio page = mm.pte(0).presentFolio();
        int refs = page.refcount();
        assertEquals(Outcome.OK, kernel.user().write(mm, 0, 0, (byte) 5));
        Pte.Present pte = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertSame(page, pte.folio());
        assertTrue(pte.writable() && pte.dirty() && page.dirty() && page.fsNotified());
        assertEquals(refs, page.refcount(), "page_mkwrite's reference is dropped");
        assertFalse(page.locked());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void aSharedFilePageTruncatedWhilePageMkwriteSleepsIsNeitherMappedNorKept() {
        try (ControlledScheduler scheduler = new ControlledScheduler(label -> true, Duration.ofSeconds(10))) {
            Kernel k = new Kernel(KernelConfig.defaults(), scheduler.hooks());
            AddressSpace file = k.createFile(Folio.PAGE_SIZE);
            Mm m = k.createMm();
            m.mmapFile(file, 0, 1, 0, true, true);
            assertEquals(Outcome.OK, k.user().read(m, 0, 0).outcome());
            Folio page = m.pte(0).presentFolio();
            Stop stop = scheduler.start(
                    FAULT, () -> k.user().writeOnce(m, 0, 0, (byte) 5).toString());
            while (!(stop.kind() == Stop.Kind.POINT && stop.label().equals(Labels.WINDOW_WP_SHARED_MKWRITE))) {
                assertFalse(stop.done(), "the write fault never reached page_mkwrite: " + stop);
                stop = scheduler.resume(FAULT);
            }
            Stop truncate = scheduler.start(OTHER, () -> {
                k.truncate().truncate(file, 0);
                return "";
            });
            while (!truncate.done()) {
                truncate = scheduler.resume(OTHER);
            }
            assertEquals(Stop.Kind.FINISHED, truncate.kind(), truncate.toString());
            while (!stop.done()) {
                stop = scheduler.resume(FAULT);
            }
            assertEquals(Stop.Kind.FINISHED, stop.kind(), stop.toString());
            assertEquals(new UserAccess.WriteResult(Outcome.OK, false).toString(), stop.outcome(), "retry the access");
            assertTrue(m.pte(0).isNone(), "page_mkwrite found it truncated: nothing mapped");
            assertTrue(page.freed(), "the fault dropped the reference it took for page_mkwrite");
            assertFalse(page.dirty());
            assertEquals(List.of(), k.invariants().check());
        }
    }

    // ---- writeOnce() and the VMA's protection ----

    @Test
    void aStoreWhereNoVmaIsIsSigsegv() {
        mm.mmapAnonymous(4, 1, true);
        assertEquals(
                new UserAccess.WriteResult(Outcome.SIGSEGV, false),
                kernel.user().writeOnce(mm, 0, 0, (byte) 1));
    }

    @Test
    void aStoreToAReadOnlyVmaIsSigsegvInOneAttemptEvenWithThePageMapped() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.mmap().mprotect(mm, 0, 1, false);
        assertEquals(
                new UserAccess.WriteResult(Outcome.SIGSEGV, false),
                kernel.user().writeOnce(mm, 0, 0, (byte) 2));
        assertEquals(1, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void aStoreGoesThroughAWritablePteOfAReadOnlyVmaAsTheCpuWould() {
        mm.mmapAnonymous(0, 1, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.mmap().mprotect(mm, 0, 1, false);
        setWritable(mm, 0, true);
        assertEquals(new UserAccess.WriteResult(Outcome.OK, true), kernel.user().writeOnce(mm, 0, 0, (byte) 2));
        assertEquals(2, kernel.user().read(mm, 0, 0).value());
    }

    @Test
    void aStoreToAReadOnlyVmaWhosePteLostItsWriteBitBeforeTheStoreIsSigsegv() {
        try (Sim sim = new Sim(KernelConfig.defaults())) {
            Mm m = sim.kernel.createMm();
            m.mmapAnonymous(0, 1, true);
            sim.kernel.user().write(m, 0, 0, (byte) 1);
            sim.kernel.mmap().mprotect(m, 0, 1, false);
            setWritable(m, 0, true);
            sim.start(FAULT, () -> sim.kernel.user().writeOnce(m, 0, 0, (byte) 2));
            sim.stepTo(FAULT, Labels.WRITE_WP);
            assertEquals("OK", sim.run(OTHER, () -> sim.kernel.ksm().merge(m, 0)), "write_protect_page()");
            assertFalse(((Pte.Present) m.pte(0)).writable());
            assertEquals(new UserAccess.WriteResult(Outcome.SIGSEGV, false).toString(), sim.finish(FAULT));
            assertEquals(1, m.pte(0).presentFolio().read(0), "the refault is refused: nothing stored");
        }
    }

    // ---- FAULT_FLAG_UNSHARE (sanitize_fault_flags: only COW mappings unshare) ----

    @Test
    void anUnshareFaultOnAWritableShmemPteIsAReadFaultThatLeavesThePageClean() {
        AddressSpace shmem = kernel.createShmemFile(Folio.PAGE_SIZE);
        mm.mmapFile(shmem, 0, 1, 0, true, true);
        assertEquals(0, kernel.user().read(mm, 0, 0).value());
        setWritable(mm, 0, true); // the shape the bug needed: a writable PTE of a page that is not exclusive anon
        Folio folio = mm.pte(0).presentFolio();
        folio.setDirty(false);
        Pte before = mm.pte(0);

        assertEquals(Outcome.OK, unshareFault(mm, 0));
        assertEquals(before, mm.pte(0), "sanitize_fault_flags: an ordinary read fault, no do_wp_page");
        assertFalse(folio.dirty(), "nothing was written, so wp_page_shared must not dirty the page");
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void anUnshareFaultOnAReadOnlySharedFilePteNeitherNotifiesNorMapsItWritable() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 0, (byte) 7));
        assertEquals(Outcome.OK, kernel.writeback().writeback(file, 0));
        mm.mmapFile(file, 0, 1, 0, true, true);
        assertEquals(7, kernel.user().read(mm, 0, 0).value());
        Pte.Present before = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertFalse(before.writable(), "write-notify: a read fault maps a dirty-tracked page read-only");
        Folio page = before.folio();
        boolean notifiedBefore = page.fsNotified();

        assertEquals(Outcome.OK, unshareFault(mm, 0));
        assertEquals(before, mm.pte(0), "the shared page stays mapped read-only, not copied");
        assertEquals(notifiedBefore, page.fsNotified(), "no page_mkwrite");
        assertFalse(page.dirty());
        assertEquals(List.of(), kernel.invariants().check());
    }

    @Test
    void anUnshareFaultInAPrivateFileMappingStillReplacesThePageCachePageWithAReadOnlyCopy() {
        AddressSpace file = kernel.createFile(Folio.PAGE_SIZE);
        assertEquals(Outcome.OK, kernel.fileIo().pwrite(file, 0, (byte) 7));
        mm.mmapFile(file, 0, 1, 0, true, false);
        assertEquals(7, kernel.user().read(mm, 0, 0).value());
        assertSame(file.peek(0), mm.pte(0).presentFolio());

        assertEquals(Outcome.OK, unshareFault(mm, 0));
        Pte.Present after = assertInstanceOf(Pte.Present.class, mm.pte(0));
        assertTrue(after.folio().isAnon() && after.folio().anonExclusive(), "wp_page_copy made an exclusive copy");
        assertFalse(after.writable(), "an unshare does not make the copy writable");
        assertEquals(7, after.folio().read(0));
        assertEquals(List.of(), kernel.invariants().check());
    }

    /** handle_mm_fault(FAULT_FLAG_UNSHARE), as GUP's faultin_page issues it for an R/O pin. */
    private Outcome unshareFault(Mm m, long address) {
        m.mmapLock().downRead();
        try {
            return kernel.fault().handleMmFault(m.findVma(address), address, Fault.UNSHARE);
        } finally {
            m.mmapLock().upRead();
        }
    }

    /**
     * Sets the write bit of a present PTE directly (a writable one in a read-only VMA: what the mkdirty.c bugs leave).
     */
    private static void setWritable(Mm m, long address, boolean writable) {
        PageTable table = m.pageTable(address);
        table.ptl().lock();
        try {
            Pte.Present pte = (Pte.Present) table.get(address);
            table.set(address, new Pte.Present(pte.folio(), writable, pte.dirty()));
        } finally {
            table.ptl().unlock();
        }
    }

    /** Runs {@code body} while another thread holds {@code folio}'s lock and a reference. */
    private static void heldByAnotherThread(Folio folio, Runnable body) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        folio.get(); // whoever locks a folio holds a reference to it
        Thread holder = new Thread(() -> {
            folio.lock().lock();
            locked.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                folio.lock().unlock();
            }
        });
        holder.start();
        locked.await();
        try {
            body.run();
        } finally {
            done.countDown();
            holder.join();
            folio.put();
        }
    }
}
