package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.swap_zap.SwapZapBinding;
import dev.mmspec.generated.swap_zap.SwapZapState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;

/**
 * spec/anon/swap_zap.mmspec on the runtime: one process with one private anonymous page at address 0, already faulted
 * in (the spec's {@code init}), one PTE per page table, two swap slots. Reclaim is {@code Reclaim.swapOut}, the zaps
 * MADV_DONTNEED and munmap() ({@code Mmap.madviseDontneed}, {@code Mmap.munmap}), MADV_PAGEOUT
 * {@code Reclaim.madvisePageout} of the one page, the GUP reference get_user_pages(FOLL_WRITE | FOLL_NOFAULT) released
 * by a device transfer ({@link DmaBuffer}); the spec's {@code write} and {@code dma_complete} are
 * {@link DmaBufferBinding}'s.
 *
 * <p>The abstraction reports the swap slot's count and SWAP_HAS_CACHE bit as they are ({@code SwapDevice.view}), not
 * whether the slot is used: a count the zap forgot is a mismatch at the zap.
 */
public final class SwapZapRuntimeBinding extends DmaBufferBinding implements SwapZapBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final int SLOTS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements SwapZapBinding.Factory {
        @Override
        public SwapZapBinding create(BindingContext context) {
            return new SwapZapRuntimeBinding(context);
        }
    }

    SwapZapRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS + 1).withSwapSlots(SLOTS), FOLIOS, ADDRESSES, true);
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> buffer.gup(a, Foll.WRITE, Foll.NOFAULT));
    }

    @Override
    public String swapOut(int a) {
        return checked.run(() -> kernel.reclaim().swapOut(mm, a).label());
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public String munmap(int a) {
        return checked.run(() -> kernel.mmap().munmap(mm, a, a + 1).label());
    }

    /** {@inheritDoc} The process's {@code mmap_lock} too. */
    @Override
    SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public void abstractState(SwapZapState state) {
        state.mapped(mm.findVma(0) != null);
        folios.update(this::specFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, SwapZapState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
            } else if (pte instanceof Pte.Swap s) {
                state.pteKind(a, SwapZapState.PTE_KIND_SWAP)
                        .pteSlot(a, s.slot())
                        .pteSwpExclusive(a, s.exclusive());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("swap_zap has no PTE like " + pte);
            }
        }
        for (Folio f : specFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioSwapcache(i, f.swapcache())
                    .folioSlot(i, f.swapcache() ? f.swapSlot() : -1);
        }
        SwapDevice swap = kernel.swap();
        if (swap.slots() != SLOTS) {
            // The runtime's own invariants walk swap.slots(): fewer would leave slots unchecked.
            throw new IllegalStateException("the swap device has " + swap.slots() + " slots, the spec " + SLOTS);
        }
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.swapSlotSwaps(s, view.count()).swapSlotCached(s, view.cached());
        }
    }
}
