package dev.mmspec.binding;

import dev.mmspec.generated.ksm.KsmBinding;
import dev.mmspec.generated.ksm.KsmState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupRef;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.support.sut.BindingContext;
import dev.mmspec.support.sut.CanonicalNames;
import java.util.HashMap;
import java.util.Map;

/**
 * spec/anon/ksm.mmspec on the runtime: one process with one private anonymous page at address 0,
 * already faulted in (the spec's {@code init}), one PTE per page table so that {@code ptl[a]} is the
 * lock of exactly one PTE. O_DIRECT is GUP-fast with FOLL_WRITE; ksmd is {@code Ksm.merge}.
 *
 * <p>The DMA writes {@link #DMA_BYTES} at offset 0 of the page; the CPU writes the last byte.
 */
public final class KsmRuntimeBinding implements KsmBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final byte[] DMA_BYTES = {(byte) 0xd0, (byte) 0x0d};
    static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements KsmBinding.Factory {
        @Override
        public KsmBinding create(BindingContext context) {
            return new KsmRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);
    private final Map<Integer, GupRef> dma = new HashMap<>();
    private final BindingContext context;

    KsmRuntimeBinding(BindingContext context) {
        this.context = context;
        KernelConfig config = KernelConfig.defaults().withoutIds(context.fixesOff()).withSwapSlots(0).withPtesPerTable(1)
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
        GupResult result = kernel.gup().get(mm, a, Foll.WRITE, Foll.FAST);
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
    public String ksm(int a) {
        return kernel.ksm().merge(mm, a).label();
    }

    @Override
    public void abstractState(KsmState state) {
        // Name the folios alive now before forgetting the freed ones: a write fault allocates its copy
        // before it drops the old page, as the model's alloc does.
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (!(pte instanceof Pte.Present p)) {
                throw new IllegalStateException("ksm has no PTE like " + pte);
            }
            state.pteFolio(a, folios.of(p.folio())).pteWritable(a, p.writable()).pteDirty(a, p.dirty());
        }
        folios.update(kernel.liveFolios());
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioKsm(i, f.ksm())
                    .folioDmaData(i, f.holds(0, DMA_BYTES) ? 1 : 0);
        }
    }
}
