package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.stack_grow.StackGrowBinding;
import dev.mmspec.generated.stack_grow.StackGrowState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * spec/anon/stack_grow.mmspec on the runtime: one process with a one-page MAP_GROWSDOWN stack at page 1
 * ({@code Mm.mmapStack}), nothing faulted in, one PTE per page table. Each store is one attempt of
 * {@code UserAccess.writeOnce}, which grows the stack through lock_mm_and_find_vma() when the address is just below it;
 * the spec's {@code vma_start} is the stack VMA's start.
 */
public final class StackGrowRuntimeBinding implements StackGrowBinding {
    static final int ADDRESSES = 2;
    static final int FOLIOS = 2;
    static final long STACK = 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements StackGrowBinding.Factory {
        @Override
        public StackGrowBinding create(BindingContext context) {
            return new StackGrowRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);

    StackGrowRuntimeBinding(BindingContext context) {
        this.checked =
                new CheckedKernel(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0));
        this.kernel = checked.kernel();
        this.mm = kernel.createMm();
        mm.mmapStack(STACK, ADDRESSES - STACK);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public String write(int a) {
        return checked.run(
                () -> kernel.user().writeOnce(mm, a, 0, (byte) 1).outcome().label());
    }

    @Override
    public void abstractState(StackGrowState state) {
        Vma stack = mm.findVma(ADDRESSES - 1);
        state.vmaStart(stack == null ? -1 : (int) stack.start());
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, StackGrowState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("stack_grow has no PTE like " + pte);
            }
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount()).folioMap(i, f.mapcount()).folioExclusive(i, f.anonExclusive());
        }
    }
}
