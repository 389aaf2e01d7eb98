package dev.mmspec.binding;

import dev.mmspec.generated.ksm.KsmBinding;
import dev.mmspec.generated.ksm.KsmState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.support.sut.BindingContext;
import dev.mmspec.support.sut.CanonicalNames;

/**
 * spec/anon/ksm.mmspec on the runtime: one process with one private anonymous page at address 0,
 * already faulted in (the spec's {@code init}), one PTE per page table so that {@code ptl[a]} is the
 * lock of exactly one PTE. O_DIRECT is GUP-fast with FOLL_WRITE; ksmd is {@code Ksm.merge}.
 *
 * <p>The application's page is a {@link DmaBuffer}: the DMA writes at offset 0, the CPU the last byte.
 */
public final class KsmRuntimeBinding implements KsmBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements KsmBinding.Factory {
        @Override
        public KsmBinding create(BindingContext context) {
            return new KsmRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final Mm mm;
    private final DmaBuffer buffer;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);

    KsmRuntimeBinding(BindingContext context) {
        this.kernel = new Kernel(SpecKernel.config(context, FOLIOS).withSwapSlots(0), context.hooks());
        this.mm = AnonProcess.map(kernel, 0, ADDRESSES).mm();
        this.buffer = new DmaBuffer(kernel, mm);
        folios.of(buffer.touch(0));
        kernel.onLockEvent(SpecLocks.translator(context, e -> SpecLocks.pageTableOrFolio(e, folios)));
    }

    @Override
    public String write(int a) {
        return buffer.cpuWrite(a);
    }

    @Override
    public String gupGet(int a) {
        return buffer.gup(a, Foll.WRITE, Foll.FAST);
    }

    @Override
    public String dmaComplete(int a) {
        return buffer.dmaComplete(a);
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
                    .folioDmaData(i, DmaBuffer.holdsDmaData(f) ? 1 : 0);
        }
    }
}
