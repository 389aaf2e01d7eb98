package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.ksm.KsmBinding;
import dev.mmspec.generated.ksm.KsmState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/anon/ksm.mmspec on the runtime: one process with one private anonymous page at address 0, already faulted in
 * (the spec's {@code init}), one PTE per page table so that {@code ptl[a]} is the lock of exactly one PTE. O_DIRECT is
 * GUP-fast with FOLL_WRITE; ksmd is {@code Ksm.merge}.
 *
 * <p>The application's page is a {@link DmaBuffer}: the DMA writes at offset 0, the CPU the last byte. The spec's
 * {@code write} and {@code dma_complete} are {@link DmaBufferBinding}'s.
 */
public final class KsmRuntimeBinding extends DmaBufferBinding implements KsmBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements KsmBinding.Factory {
        @Override
        public KsmBinding create(BindingContext context) {
            return new KsmRuntimeBinding(context);
        }
    }

    KsmRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0), FOLIOS, ADDRESSES);
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> buffer.gup(a, Foll.WRITE, Foll.FAST));
    }

    @Override
    public String ksm(int a) {
        return checked.run(() -> kernel.ksm().merge(mm, a).label());
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
        folios.update(kernel::liveFolios);
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioKsm(i, f.ksm())
                    .folioDmaData(i, memory.contents().valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
    }
}
