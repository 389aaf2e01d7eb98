package dev.mmspec.binding;

import dev.mmspec.generated.anon_exclusive.AnonExclusiveBinding;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupRef;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;
import dev.mmspec.support.sut.BindingContext;
import dev.mmspec.support.sut.CanonicalNames;
import java.util.HashMap;
import java.util.Map;

/**
 * spec/anon_exclusive.mmspec on the runtime: one process with one private anonymous mapping, page
 * {@code a} at address {@code a}, one PTE per page table so that {@code ptl[a]} is the lock of
 * exactly one PTE, and the application's page already faulted in (the spec's {@code init}).
 *
 * <p>The DMA writes {@link #DMA_BYTES} at offset 0 of the page; the CPU writes at the last byte
 * ("page[4095]++" in the cover letter), an unrelated part of the same page.
 */
public final class AnonExclusiveRuntimeBinding implements AnonExclusiveBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 3;
    static final int SLOTS = 1;
    static final byte[] DMA_BYTES = {(byte) 0xd0, (byte) 0x0d};
    static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements AnonExclusiveBinding.Factory {
        @Override
        public AnonExclusiveBinding create(BindingContext context) {
            return new AnonExclusiveRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);
    private final Map<Integer, GupRef> dma = new HashMap<>();
    private final BindingContext context;

    AnonExclusiveRuntimeBinding(BindingContext context) {
        this.context = context;
        KernelConfig config = KernelConfig.defaults().withoutIds(context.fixesOff()).withSwapSlots(SLOTS).withPtesPerTable(1)
                .withMaxFolios(FOLIOS);
        this.kernel = new Kernel(config, context.hooks());
        this.mm = kernel.createMm();
        mm.mmapAnonymous(0, ADDRESSES, true);
        // init: the application has touched its buffer (set up before tasks exist: no lock events).
        Outcome setup = kernel.user().write(mm, 0, CPU_OFFSET, (byte) 1);
        if (setup != Outcome.OK) {
            throw new IllegalStateException("setup write failed: " + setup);
        }
        folios.of(((Pte.Present) mm.pte(0)).folio());
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(dev.mmspec.runtime.lock.LockEvent e) {
        return SpecLocks.pageTableOrFolio(e, folios);
    }

    @Override
    public String write(int a) {
        return kernel.user().writeOnce(mm, a, CPU_OFFSET, (byte) 2).outcome().label();
    }

    @Override
    public String gupGet(int a) {
        GupResult result = kernel.gup().get(mm, a, Foll.WRITE, Foll.NOFAULT);
        if (result.ok()) {
            dma.put(a, result.ref());
        }
        return result.outcome().label();
    }

    @Override
    public String dmaComplete(int a) {
        GupRef ref = dma.remove(a);
        if (ref == null) {
            throw new IllegalStateException("dma_complete(" + a + ") without a GUP reference");
        }
        kernel.dma().complete(ref, 0, DMA_BYTES);
        return "";
    }

    @Override
    public String swapOut(int a) {
        return kernel.reclaim().swapOut(mm, a).label();
    }

    @Override
    public void abstractState(AnonExclusiveState state) {
        folios.update(kernel.liveFolios());
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, AnonExclusiveState.PTE_KIND_PRESENT).pteFolio(a, folios.of(p.folio())).pteWritable(a, p.writable());
            } else if (pte instanceof Pte.Swap s) {
                state.pteKind(a, AnonExclusiveState.PTE_KIND_SWAP).pteSlot(a, s.slot()).pteSwpExclusive(a, s.exclusive());
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
                    .folioDmaData(i, f.holds(0, DMA_BYTES) ? 1 : 0);
        }
        SwapDevice swap = kernel.swap();
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.swapSlotUsed(s, view.used()).swapSlotDmaData(s, SpecLocks.startsWith(view.data(), DMA_BYTES) ? 1 : 0);
        }
    }

}
