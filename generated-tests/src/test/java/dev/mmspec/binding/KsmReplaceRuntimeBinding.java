package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.ksm_replace.KsmReplaceBinding;
import dev.mmspec.generated.ksm_replace.KsmReplaceState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/anon/ksm_replace.mmspec on the runtime: one process with two private anonymous pages at addresses 0 and 1, both
 * touched with the same byte (the spec's {@code init}: two exclusive pages of equal contents), one PTE per page table.
 * ksmd is {@code Ksm.merge}; the spec's {@code write} is {@link DmaBufferBinding}'s store of another byte to the page's
 * last byte; {@code madvise_unmergeable} is {@code Ksm.madviseUnmergeable} of the one page, {@code madvise_pageout}
 * {@code Reclaim.madvisePageout} of it (no swap slots: only the KSM check and add_to_swap's failure are reached).
 *
 * <p>The spec's {@code data} of a folio is 1 where that last byte holds the store's value, 0 where it holds the
 * touch's.
 */
public final class KsmReplaceRuntimeBinding extends DmaBufferBinding implements KsmReplaceBinding {
    static final int ADDRESSES = 2;
    static final int FOLIOS = 3;
    /** The spec's {@code data}: 0 what both pages were touched with, 1 what the application's write stores. */
    private static final UserMemory.Contents CONTENTS = UserMemory.Contents.exact(
            DmaBuffer.page(false, DmaBuffer.CPU_TOUCHED), DmaBuffer.page(false, DmaBuffer.CPU_STORED));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements KsmReplaceBinding.Factory {
        @Override
        public KsmReplaceBinding create(BindingContext context) {
            return new KsmReplaceRuntimeBinding(context);
        }
    }

    KsmReplaceRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0), FOLIOS, ADDRESSES);
        folios.of(buffer.touch(1));
    }

    @Override
    UserMemory.Contents contents() {
        return CONTENTS;
    }

    @Override
    public String ksm(int a) {
        return checked.run(() -> kernel.ksm().merge(mm, a).label());
    }

    @Override
    public String madviseUnmergeable(int a) {
        return checked.run(() -> kernel.ksm().madviseUnmergeable(mm, a, a + 1).label());
    }

    /** {@inheritDoc} The process's {@code mmap_lock} too. */
    @Override
    SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public void abstractState(KsmReplaceState state) {
        // Name the folios alive now before forgetting the freed ones: a write fault allocates its copy
        // before it drops the old page, as the model's alloc does.
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (!(pte instanceof Pte.Present p)) {
                throw new IllegalStateException("ksm_replace has no PTE like " + pte);
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
                    .folioData(i, memory.contents().valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
    }
}
