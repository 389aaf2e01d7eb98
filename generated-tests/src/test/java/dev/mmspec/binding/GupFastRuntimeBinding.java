package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.gup_fast.GupFastBinding;
import dev.mmspec.generated.gup_fast.GupFastState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * spec/anon/gup_fast.mmspec on the runtime: one process with one private anonymous page at address 0, already faulted
 * in (the spec's {@code init}), one PTE per page table. The GUP reference is get_user_pages_fast(FOLL_WRITE) without
 * the slow-path fallback ({@code Foll.FAST}: steps {@code gup_get.fast_read} and {@code gup_get.fast_grab}), released
 * by a device transfer ({@link DmaBuffer}, {@link DmaBufferBinding}'s {@code dma_complete}); the zap is
 * {@code Mmap.madviseDontneed}, {@code mprotect(w)} {@code Mmap.mprotect} of the page.
 */
public final class GupFastRuntimeBinding extends DmaBufferBinding implements GupFastBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements GupFastBinding.Factory {
        @Override
        public GupFastBinding create(BindingContext context) {
            return new GupFastRuntimeBinding(context);
        }
    }

    GupFastRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS + 1).withSwapSlots(0), FOLIOS, ADDRESSES, true);
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> buffer.gup(a, Foll.WRITE, Foll.FAST));
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public String mprotect(int w) {
        return checked.run(
                () -> kernel.mmap().mprotect(mm, 0, ADDRESSES, w != 0).label());
    }

    /** {@inheritDoc} The process's {@code mmap_lock} too. */
    @Override
    SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public void abstractState(GupFastState state) {
        Vma vma = mm.findVma(0);
        state.vmaWritable(vma != null && vma.writable());
        folios.update(this::specFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, GupFastState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("gup_fast has no PTE like " + pte);
            }
        }
        for (Folio f : specFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount()).folioMap(i, f.mapcount()).folioExclusive(i, f.anonExclusive());
        }
    }
}
