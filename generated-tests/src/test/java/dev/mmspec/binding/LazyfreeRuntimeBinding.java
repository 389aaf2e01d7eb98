package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.lazyfree.LazyfreeBinding;
import dev.mmspec.generated.lazyfree.LazyfreeState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/anon/lazyfree.mmspec on the runtime: one process with one private anonymous page at address 0, already touched
 * (the spec's {@code init}), no swap slots. MADV_FREE is {@code MadviseFree.free}, MADV_PAGEOUT
 * {@code Reclaim.madvisePageout}, both of the one page; the spec's {@code write} is {@link DmaBufferBinding}'s store.
 *
 * <p>The abstraction reports the PTE's dirty bit and the folio's PG_dirty and lazyfree flags as they are: a discard of
 * a redirtied page, or a PTE left dirty by MADV_FREE, is a mismatch at that step.
 */
public final class LazyfreeRuntimeBinding extends DmaBufferBinding implements LazyfreeBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements LazyfreeBinding.Factory {
        @Override
        public LazyfreeBinding create(BindingContext context) {
            return new LazyfreeRuntimeBinding(context);
        }
    }

    LazyfreeRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0), FOLIOS, ADDRESSES);
    }

    @Override
    public String madviseFree(int a) {
        return checked.run(() -> kernel.madviseFree().free(mm, a, a + 1).label());
    }

    /** {@inheritDoc} The process's {@code mmap_lock} too. */
    @Override
    SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public void abstractState(LazyfreeState state) {
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                if (!p.writable()) {
                    throw new IllegalStateException("lazyfree has no read-only PTE like " + pte);
                }
                state.ptePresent(a, true).pteFolio(a, folios.of(p.folio())).pteDirty(a, p.dirty());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("lazyfree has no PTE like " + pte);
            }
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioDirty(i, f.dirty())
                    .folioLazyfree(i, f.lazyfree());
        }
    }
}
