package dev.mmspec.binding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveModel;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveState;
import dev.mmspec.generated.cow_reuse.CowReuseModel;
import dev.mmspec.generated.cow_reuse.CowReuseState;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveModel;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@link UserMemory} adds to the bindings' abstraction: pages compared byte for byte, and loads resolved as the
 * fault path resolves them. Each binding case leaves the runtime in the state a plausible bug leaves it in (the bytes a
 * mutant that removes the copy in wp_page_copy() leaves, a torn swap block, a page cache that lost its folio's data)
 * and expects the abstraction to refuse it; the abstraction read one byte of each page before, and took all three.
 */
class UserMemoryTest {
    private static final UserMemory.Contents TWO_PAGES =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), 3, (byte) 1));

    private static BindingContext uncontrolled() {
        return new BindingContext(Set.of(), SchedulingHooks.NONE, e -> {}, () -> -1);
    }

    @Test
    void aPageIsTheValueOfTheImageItEqualsByteForByte() {
        assertEquals(0, TWO_PAGES.valueOf(UserMemory.filled(), "folio#1"));
        assertEquals(1, TWO_PAGES.valueOf(UserMemory.with(UserMemory.filled(), 3, (byte) 1), "folio#1"));
    }

    @Test
    void aPageThatDiffersAtAnyOffsetIsNoneOfTheValues() {
        for (int offset = 0; offset < Folio.PAGE_SIZE; offset++) {
            byte[] torn = UserMemory.with(UserMemory.filled(), offset, (byte) 0);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> TWO_PAGES.valueOf(torn, "slot 0"));
            assertTrue(e.getMessage().startsWith("slot 0 holds ["), e.getMessage());
        }
    }

    @Test
    void unmodelledBytesAreLeftOut() {
        UserMemory.Contents ignoringLast = TWO_PAGES.ignoring(Folio.PAGE_SIZE - 1);
        assertEquals(
                1,
                ignoringLast.valueOf(
                        UserMemory.with(UserMemory.with(UserMemory.filled(), 3, (byte) 1), 7, (byte) 7), "p"));
        assertThrows(
                IllegalStateException.class,
                () -> TWO_PAGES.valueOf(UserMemory.with(UserMemory.filled(), 7, (byte) 7), "p"));
    }

    /**
     * After fork() the parent's write copies the shared page (wp_page_copy). A copy that skipped
     * {@code copy.copyFrom(old)} leaves a fresh page with only the written byte: the one byte the abstraction used to
     * read says "written", the rest of the page says "lost".
     */
    @Test
    void aCopyOnWriteThatSkippedTheCopyFailsTheAbstraction() {
        CowReuseRuntimeBinding binding = new CowReuseRuntimeBinding(uncontrolled());
        assertEquals("", binding.fork());
        assertEquals("", binding.write(0));
        CowReuseState state = new CowReuseState(new long[CowReuseModel.WORDS]);
        assertDoesNotThrow(() -> binding.abstractState(state));

        Folio copy = binding.parent().pte(0).presentFolio();
        copy.copyFrom(UserMemory.with(
                new byte[Folio.PAGE_SIZE], CowReuseRuntimeBinding.DATA_OFFSET, CowReuseRuntimeBinding.SECRET));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> binding.abstractState(state));
        assertTrue(e.getMessage().contains("folio#" + copy.serial() + " holds [01 00 00"), e.getMessage());
    }

    /** A swap-out whose pageout wrote a torn block: the slot's data is none of the buffer's pages. */
    @Test
    void aTornSwapBlockFailsTheAbstraction() {
        AnonExclusiveRuntimeBinding binding = new AnonExclusiveRuntimeBinding(uncontrolled());
        assertEquals("", binding.swapOut(0).replace("OK", ""));
        Pte.Swap entry = assertInstanceOf(Pte.Swap.class, binding.mm.pte(0));
        AnonExclusiveState state = new AnonExclusiveState(new long[AnonExclusiveModel.WORDS]);
        assertDoesNotThrow(() -> binding.abstractState(state));

        byte[] block = binding.kernel.swap().read(entry.slot());
        block[3] = 0;
        binding.kernel.swap().write(entry.slot(), block);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> binding.abstractState(state));
        assertTrue(e.getMessage().startsWith("swap slot " + entry.slot() + " holds"), e.getMessage());
    }

    /**
     * A swap PTE whose slot's swap cache lost the folio that still says it caches the slot: the model's swap-in reads
     * that folio, the runtime's (swap_cache_get_folio by the slot) would read the disk block. Both are pages of the
     * buffer here, but not the same one.
     */
    @Test
    void aLoadThroughASwapPteReadsWhatTheSwapCacheFinds() {
        AnonExclusiveRuntimeBinding binding = new AnonExclusiveRuntimeBinding(uncontrolled());
        Pte.Swap entry = swappedOutKeepingTheCache(binding);
        Folio cached = binding.kernel.swap().view(entry.slot()).folio();
        binding.kernel.swap().write(entry.slot(), cached.contents()); // as a pageout would have
        UserMemory memory = new UserMemory(binding.kernel, DmaBuffer.CONTENTS);
        assertEquals(0, DmaBuffer.CONTENTS.valueOf(memory.load(binding.mm, 0), "load"));
        AnonExclusiveState state = new AnonExclusiveState(new long[AnonExclusiveModel.WORDS]);
        assertDoesNotThrow(() -> binding.abstractState(state));

        cached.write(0, new byte[] {(byte) 0xd0, (byte) 0x0d}); // the device's bytes, in the cached folio only
        assertEquals(1, DmaBuffer.CONTENTS.valueOf(memory.load(binding.mm, 0), "load"));
        binding.kernel.swap().dropCache(entry.slot()); // the cache forgets it; the folio still says it is cached
        assertEquals(0, DmaBuffer.CONTENTS.valueOf(memory.load(binding.mm, 0), "load"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> binding.abstractState(state));
        assertTrue(e.getMessage().contains("reads the page of data 0, but the abstraction has 1"), e.getMessage());
    }

    /** A read fault that did not fill its page from disk (the file as created has no byte zero). */
    @Test
    void aPageCacheFolioNotReadFromDiskFailsTheAbstraction() {
        PagecacheRemoveRuntimeBinding binding = new PagecacheRemoveRuntimeBinding(uncontrolled());
        assertEquals("", binding.read(0).replace("OK", ""));
        PagecacheRemoveState state = new PagecacheRemoveState(new long[PagecacheRemoveModel.WORDS]);
        assertDoesNotThrow(() -> binding.abstractState(state));

        binding.file().peek(0).copyFrom(new byte[Folio.PAGE_SIZE]);
        assertThrows(IllegalStateException.class, () -> binding.abstractState(state));
    }

    @Test
    void aLoadWithoutAVmaIsASegfaultAndAStoreToo() {
        AnonExclusiveRuntimeBinding binding = new AnonExclusiveRuntimeBinding(uncontrolled());
        UserMemory memory = new UserMemory(binding.kernel, DmaBuffer.CONTENTS);
        assertNull(memory.load(binding.mm, 100));
        assertEquals(UserMemory.Store.SEGFAULT, memory.store(binding.mm, 100));
        assertEquals(UserMemory.Store.LANDS, memory.store(binding.mm, 0));
    }

    /** A GUP reference (the O_DIRECT read in flight) keeps the folio in the swap cache after it is unmapped. */
    private static Pte.Swap swappedOutKeepingTheCache(AnonExclusiveRuntimeBinding binding) {
        binding.gupGet(0);
        binding.swapOut(0);
        Pte.Swap entry = assertInstanceOf(Pte.Swap.class, binding.mm.pte(0));
        if (!binding.kernel.swap().view(entry.slot()).cached()) {
            throw new AssertionError("swap_out freed the swap cache folio; the test needs it kept");
        }
        return entry;
    }
}
