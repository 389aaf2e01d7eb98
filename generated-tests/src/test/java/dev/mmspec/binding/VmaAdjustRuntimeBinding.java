package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.vma_adjust.VmaAdjustBinding;
import dev.mmspec.generated.vma_adjust.VmaAdjustState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;

/**
 * spec/migration/vma_adjust.mmspec on the runtime: one process with one private anonymous VMA {@code [1, 3)} (pgoff 1),
 * its page at address 2 already written (the spec's {@code init}), one PTE per page table so that {@code ptl[a]} is the
 * lock of exactly one PTE.
 *
 * <p>{@code vma_adjust(s)} is {@code vma_adjust(vma, s, 3, s)} under the mmap_lock for write, as vma_merge() does when
 * it extends the VMA down over a new neighbour ({@code s = 0}) and __split_vma() when the page below is split off
 * ({@code s = 1}); the runtime's {@code Mmap.vmaAdjust} passes both scheduling points.
 */
public final class VmaAdjustRuntimeBinding implements VmaAdjustBinding {
    static final int ADDRESSES = 3;
    static final int FOLIOS = 2;
    static final int VMA_END = 3;
    static final int PAGE_ADDR = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements VmaAdjustBinding.Factory {
        @Override
        public VmaAdjustBinding create(BindingContext context) {
            return new VmaAdjustRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final Mm mm;
    private final Vma vma;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);

    VmaAdjustRuntimeBinding(BindingContext context) {
        // Between vma_adjust.start and vma_adjust.pgoff the VMA's start moved and its pgoff not yet:
        // rmap cannot compute the page's address, under the rmap locks the fix holds across both steps.
        this.checked = new CheckedKernel(context, SpecKernel.config(context, FOLIOS), "rmap_finds_mapping");
        this.kernel = checked.kernel();
        AnonProcess process = AnonProcess.map(kernel, 1, VMA_END - 1);
        this.mm = process.mm();
        this.vma = process.vma();
        // init: the application touched its page.
        folios.of(process.write(PAGE_ADDR, 0, (byte) 7));
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        if (common != null) {
            return common;
        }
        if (e.instance() instanceof AnonVma && e.lockClass().lockName().equals("anon_vma_rwsem")) {
            return new SpecLocks.Name(
                    "anon_vma_rwsem", 0); // the one anon_vma, the root every walker locks (the spec's ROOT)
        }
        return SpecLocks.withoutDomain(e, Mm.class, "mmap_lock");
    }

    @Override
    public String migrate(int a) {
        return checked.run(() -> kernel.migration().migrate(mm, a).outcome().label());
    }

    @Override
    public String vmaAdjust(int s) {
        return checked.run(() -> {
            mm.mmapLock().downWrite();
            try {
                kernel.mmap().vmaAdjust(vma, s, VMA_END, s);
            } finally {
                mm.mmapLock().upWrite();
            }
            return "";
        });
    }

    /**
     * @return the live folios and those that a migration entry left behind names: such a folio was freed, and keeps its
     *     name while the entry exists. Read under the names' lock ({@code mm.pte} takes none).
     */
    private List<Folio> namedFolios() {
        List<Folio> named = new ArrayList<>(kernel.liveFolios());
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a) instanceof Pte.Migration m) {
                named.add(m.folio());
            }
        }
        return named;
    }

    @Override
    public void abstractState(VmaAdjustState state) {
        folios.update(this::namedFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, VmaAdjustState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (pte instanceof Pte.Migration m) {
                state.pteKind(a, VmaAdjustState.PTE_KIND_MIGRATION)
                        .pteFolio(a, folios.of(m.folio()))
                        .pteWritable(a, m.writable());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("vma_adjust has no PTE like " + pte);
            }
        }
        for (Folio f : kernel.liveFolios()) {
            state.folioRef(folios.of(f), f.refcount())
                    .folioMap(folios.of(f), f.mapcount())
                    .folioLocked(folios.of(f), f.locked());
        }
        state.vmaStart((int) vma.start()).vmaPgoff((int) vma.pgoff());
    }
}
