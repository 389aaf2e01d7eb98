package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveBinding;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;
import java.util.Arrays;

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
        folios.update(kernel::liveFolios);
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
                    .folioDmaData(i, memory.contents().valueOf(f));
        }
        SwapDevice swap = kernel.swap();
        if (swap.slots() != SLOTS) {
            // The runtime's own invariants walk swap.slots(): fewer would leave slots unchecked.
            throw new IllegalStateException("the swap device has " + swap.slots() + " slots, the spec " + SLOTS);
        }
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.swapSlotUsed(s, view.used()).swapSlotDmaData(s, slotData(s));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a) instanceof Pte.Swap s) {
                // The model's swap-in reads the folio whose slot field names the slot, else the slot's block.
                int data = kernel.liveFolios().stream()
                        .filter(f -> f.swapcache() && f.swapSlot() == s.slot())
                        .findFirst()
                        .map(f -> memory.contents().valueOf(f))
                        .orElseGet(() -> slotData(s.slot()));
                memory.expectLoad(mm, a, data, "app");
                memory.expectStore(mm, a, false, "app");
            }
        }
    }

    /**
     * @return the data value of slot {@code s}'s disk block: 0 for the zeroes of a block pageout never wrote, as the
     *     model starts; any other block must be one of the buffer's pages
     */
    private int slotData(int s) {
        byte[] block = kernel.swap().view(s).data();
        if (block == null || Arrays.equals(block, new byte[block.length])) {
            return 0;
        }
        return memory.contents().valueOf(block, "swap slot " + s);
    }
}
