package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveBinding;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;

/**
 * spec/anon_exclusive.mmspec on the runtime: one process with one private anonymous mapping, page {@code a} at address
 * {@code a}, one PTE per page table so that {@code ptl[a]} is the lock of exactly one PTE, and the application's page
 * already faulted in (the spec's {@code init}).
 *
 * <p>The application's page is a {@link DmaBuffer}: the DMA writes at offset 0, the CPU the last byte ("page[4095]++"
 * in the cover letter). The spec's {@code write} and {@code dma_complete} are {@link DmaBufferBinding}'s.
 */
public final class AnonExclusiveRuntimeBinding extends DmaBufferBinding implements AnonExclusiveBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 3;
    static final int SLOTS = 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements AnonExclusiveBinding.Factory {
        @Override
        public AnonExclusiveBinding create(BindingContext context) {
            return new AnonExclusiveRuntimeBinding(context);
        }
    }

    AnonExclusiveRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS).withSwapSlots(SLOTS), FOLIOS, ADDRESSES);
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
    public void abstractState(AnonExclusiveState state) {
        folios.update(kernel.liveFolios());
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, AnonExclusiveState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
            } else if (pte instanceof Pte.Swap s) {
                state.pteKind(a, AnonExclusiveState.PTE_KIND_SWAP)
                        .pteSlot(a, s.slot())
                        .pteSwpExclusive(a, s.exclusive());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("anon_exclusive has no PTE like " + pte);
            }
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioSwapcache(i, f.swapcache())
                    .folioSlot(i, f.swapcache() ? f.swapSlot() : -1)
                    .folioDmaData(i, DmaBuffer.holdsDmaData(f) ? 1 : 0);
        }
        SwapDevice swap = kernel.swap();
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.swapSlotUsed(s, view.used()).swapSlotDmaData(s, DmaBuffer.isDmaData(view.data()) ? 1 : 0);
        }
    }
}
