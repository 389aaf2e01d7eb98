package dev.mmspec.runtime.folio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.lock.ContextViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counts and checks of one folio as include/linux/mm.h and mm/page_alloc.c keep them: folio_get() on a free folio,
 * put underflow, folio_ref_freeze()/unfreeze, FOLL_PIN on the refcount and the pincount, free_pages_prepare()'s bad
 * page checks, the zero page's special counts, and the allocator's limit and live set.
 */
class FolioRulesTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults().withMaxFolios(2));
    private final FolioAllocator folios = kernel.folios();

    private Folio alloc() {
        Folio folio = folios.alloc();
        assertNotNull(folio);
        return folio;
    }

    @Test
    void theAllocatorStopsAtItsLimitAndCountsWhatTheLastPutFrees() {
        Folio first = alloc();
        Folio second = alloc();
        assertNull(folios.alloc(), "out of memory: folio_alloc() fails, it does not block");
        assertEquals(2, folios.liveCount());
        assertEquals(List.of(first, second), folios.live());
        assertEquals(List.of(first, second), kernel.liveFolios());
        assertEquals(first.serial() + 1, second.serial());
        first.get();
        first.put();
        assertFalse(first.freed(), "one reference left");
        first.put();
        assertTrue(first.freed());
        assertEquals(1, folios.liveCount());
        assertEquals(List.of(second), folios.live());
        assertNotNull(folios.alloc(), "the freed folio's memory is available again");
        assertEquals(3, folios.allocations());
    }

    @Test
    void aFrozenFolioRefusesNewReferencesAndIsReleasedOnlyFrozen() {
        Folio folio = alloc();
        folio.get();
        assertFalse(folio.refFreeze(1), "folio_ref_freeze() needs the exact count");
        assertEquals(2, folio.refcount());
        IllegalStateException notFrozen = assertThrows(IllegalStateException.class, () -> folio.refUnfreeze(2));
        assertTrue(notFrozen.getMessage().startsWith("unfreezing a folio that is not frozen"), notFrozen.getMessage());
        assertThrows(IllegalStateException.class, () -> folios.release(folio), "a referenced folio is not released");
        assertFalse(folio.freed());
        assertTrue(folio.refFreeze(2));
        assertFalse(folio.tryGet(), "folio_try_get() fails on a frozen count");
        assertFalse(folio.tryPin());
        assertEquals(0, folio.pincount());
        folio.refUnfreeze(2);
        assertTrue(folio.tryGet());
        assertEquals(3, folio.refcount());
        folio.put();
        assertTrue(folio.refFreeze(2));
        folios.release(folio); // migration's release of the frozen source
        assertTrue(folio.freed());
        assertEquals(0, folios.liveCount());
    }

    @Test
    void referencesOnAFreeFolioAndUnderflowsAreRefused() {
        Folio folio = alloc();
        folio.put();
        IllegalStateException get = assertThrows(IllegalStateException.class, folio::get);
        assertTrue(get.getMessage().startsWith("folio_get on a free folio"), get.getMessage());
        Folio gup = alloc();
        gup.put();
        assertThrows(IllegalStateException.class, gup::gupGet);
        Folio other = alloc();
        other.put();
        assertFalse(other.tryGet(), "folio_try_get() on a free folio fails and takes nothing");
        IllegalStateException put = assertThrows(IllegalStateException.class, other::put);
        assertTrue(put.getMessage().startsWith("folio_put underflow"), put.getMessage());
        Folio mapped = alloc();
        IllegalStateException unmap = assertThrows(IllegalStateException.class, mapped::mapcountDec);
        assertTrue(unmap.getMessage().startsWith("mapcount underflow"), unmap.getMessage());
        IllegalStateException unpin = assertThrows(IllegalStateException.class, mapped::unpin);
        assertTrue(unpin.getMessage().startsWith("unpin of an unpinned folio"), unpin.getMessage());
    }

    @Test
    void aRefusedReferenceLeavesTheCountAsItWas() {
        // folio_get() and folio_put() check before they change the count (VM_BUG_ON_FOLIO, then folio_ref_inc or
        // folio_ref_dec_and_test): the BUG stops the caller with the count untouched, so the dump and every later
        // check see the count the wrong caller met, not one it made up.
        Folio folio = alloc();
        folio.put();
        assertThrows(IllegalStateException.class, folio::get);
        assertEquals(0, folio.refcount(), "folio_get on a free folio did not revive its count");
        assertThrows(IllegalStateException.class, folio::gupGet);
        assertEquals(0, folio.refcount(), "nor did try_grab_folio's");
        assertThrows(IllegalStateException.class, folio::put);
        assertEquals(0, folio.refcount(), "folio_put underflow left it at zero");
        assertFalse(folio.tryGet(), "still free: a lookup cannot take it");
    }

    @Test
    void aPinCountsInTheRefcountAndThePincount() {
        Folio folio = alloc();
        assertFalse(folio.maybeDmaPinned());
        folio.pin();
        assertTrue(folio.tryPin());
        assertEquals(3, folio.refcount());
        assertEquals(2, folio.pincount());
        assertTrue(folio.maybeDmaPinned());
        folio.unpin();
        folio.unpin();
        assertEquals(1, folio.refcount());
        assertEquals(0, folio.pincount());
        assertFalse(folio.maybeDmaPinned());
        folio.gupGet();
        assertEquals(2, folio.refcount());
        folio.gupPut();
        assertEquals(1, folio.refcount());
        assertFalse(folio.freed());
    }

    /** free_pages_prepare()'s bad_page(): the last put of a folio still locked, mapped, cached or pinned is a BUG. */
    @Test
    void theLastPutOfAFolioStillInUseIsABug() {
        Folio locked = alloc();
        locked.lock().lock();
        assertBadPageState(locked);
        locked.lock().unlock();

        Folio mapped = alloc();
        mapped.mapcountInc();
        assertTrue(mapped.mapped());
        assertBadPageState(mapped);
        assertEquals(2, kernel.bugs().size());
        assertEquals(2, folios.liveCount(), "neither was freed");
    }

    @Test
    void theLastPutOfASwapCacheOrPinnedFolioIsABug() {
        Folio cached = alloc();
        cached.lock().lock();
        cached.setSwapcache(0);
        cached.lock().unlock();
        assertBadPageState(cached);

        Folio pinned = alloc();
        pinned.pin();
        pinned.put();
        assertBadPageState(pinned); // unpin_user_page() written as put_page()
        assertFalse(pinned.freed());
    }

    private void assertBadPageState(Folio folio) {
        KernelBug bug = assertThrows(KernelBug.class, folio::put);
        assertEquals("bad page state: freeing a folio still in use", bug.condition());
        assertTrue(kernel.bugs().contains(bug));
        assertFalse(folio.freed());
    }

    /**
     * The zero page: a mapping, a FOLL_PIN or a folio_get() does not count on it, nothing frees it; a FOLL_GET
     * reference does count (try_grab_folio), and dropping one it never had is a BUG; no byte of it may change.
     */
    @Test
    void theZeroPageCountsOnlyFollGetReferencesAndIsNeverWritten() {
        Folio zero = kernel.zeroPage();
        assertTrue(zero.isZero());
        assertEquals("zero_page", zero.toString());
        int refs = zero.refcount();
        zero.get();
        zero.put();
        zero.put();
        zero.mapcountInc();
        zero.mapcountDec();
        zero.mapcountDec();
        zero.pin();
        assertTrue(zero.tryPin());
        zero.unpin();
        assertTrue(zero.tryGet());
        assertFalse(zero.refFreeze(refs), "the zero page is never frozen");
        assertEquals(refs, zero.refcount());
        assertEquals(0, zero.mapcount());
        assertEquals(0, zero.pincount());
        zero.gupGet();
        assertEquals(refs + 1, zero.refcount());
        zero.gupPut();
        assertEquals(refs, zero.refcount());
        KernelBug underflow = assertThrows(KernelBug.class, zero::gupPut);
        assertEquals("put_page of the zero page without a FOLL_GET reference", underflow.condition());
        KernelBug write = assertThrows(KernelBug.class, () -> zero.write(0, (byte) 1));
        assertEquals("write to the shared zero page", write.condition());
        assertThrows(KernelBug.class, () -> zero.write(0, new byte[] {1}));
        assertThrows(KernelBug.class, () -> zero.copyFrom(new byte[Folio.PAGE_SIZE]));
        assertEquals(List.of(underflow, write), kernel.bugs().subList(0, 2));
        assertArrayEquals(new byte[Folio.PAGE_SIZE], zero.contents());
        assertFalse(zero.freed());
        assertEquals(0, folios.liveCount(), "outside the allocator's live set");
    }

    @Test
    void contentsAreCopiedInAndOut() {
        Folio folio = alloc();
        folio.write(2, new byte[] {4, 5});
        folio.write(0, (byte) 3);
        assertEquals(5, folio.read(3));
        assertTrue(folio.holds(2, new byte[] {4, 5}));
        assertFalse(folio.holds(2, new byte[] {4, 6}));
        byte[] contents = folio.contents();
        contents[0] = 9;
        assertEquals(3, folio.read(0), "contents() is a copy");
        Folio copy = alloc();
        copy.copyFrom(folio);
        assertArrayEquals(folio.contents(), copy.contents());
    }

    /** The dump a BUG or an invariant prints: every count and flag, so a report shows the state without a debugger. */
    @Test
    void theDumpNamesEveryCountAndFlag() {
        Folio folio = alloc();
        assertEquals(
                "folio#" + folio.serial() + "{ref=1, map=0, pin=0, none index 0, data=[0, 0, 0, 0, 0, 0, 0, 0]}",
                folio.toString());
        folio.lock().lock();
        folio.setSwapcache(3);
        folio.setDirty(true);
        folio.setWriteback(true);
        folio.setAnonExclusive(true);
        folio.setKsm(true);
        folio.setLazyfree(true);
        folio.pin();
        folio.mapcountInc();
        folio.write(0, (byte) 7);
        assertEquals(
                "folio#" + folio.serial() + "{ref=2, map=1, pin=1, locked, dirty, writeback, swapcache(slot 3),"
                        + " anon_exclusive, ksm, lazyfree, anon index 0, data=[7, 0, 0, 0, 0, 0, 0, 0]}",
                folio.toString());
        folio.lock().unlock();
    }

    /** PG_swapcache changes only under the folio lock (folio_set_swapcache's callers hold it). */
    @Test
    void theSwapCacheFlagChangesOnlyUnderTheFolioLock() {
        Folio folio = alloc();
        assertThrows(ContextViolation.class, () -> folio.setSwapcache(0));
        assertFalse(folio.swapcache());
        assertEquals(-1, folio.swapSlot());
    }

    @Test
    void aKsmFolioIsAnonymousWhateverItsMapping() {
        Folio folio = alloc();
        assertFalse(folio.isAnon() || folio.isFile());
        folio.setMapping(kernel.createFile(Folio.PAGE_SIZE), 4);
        assertTrue(folio.isFile());
        assertFalse(folio.isAnon());
        assertEquals(4, folio.index());
        folio.setKsm(true);
        assertTrue(folio.isAnon());
        assertFalse(folio.isFile());
        folio.setMapping(kernel.newAnonVma(), 0);
        folio.setKsm(false);
        assertTrue(folio.isAnon());
        assertFalse(folio.isFile());
    }
}
