package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.fork.ForkBinding;
import dev.mmspec.generated.fork.ForkState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.lock.LockEvent;

/**
 * spec/anon/fork.mmspec on the runtime: a parent process with one private anonymous page at address 0, already faulted
 * in (the spec's {@code init}), one PTE per page table. The page is a {@link DmaBuffer}; O_DIRECT is
 * pin_user_pages(FOLL_WRITE | FOLL_NOFAULT); the spec's {@code write} and {@code dma_complete} are
 * {@link DmaBufferBinding}'s. {@code fork()} makes the child, whose PTE is {@code child_pte}; {@link ParentAndChild}
 * names the pair's locks.
 */
public final class ForkRuntimeBinding extends DmaBufferBinding implements ForkBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements ForkBinding.Factory {
        @Override
        public ForkBinding create(BindingContext context) {
            return new ForkRuntimeBinding(context);
        }
    }

    private final ParentAndChild processes;

    ForkRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0), FOLIOS, ADDRESSES);
        this.processes = new ParentAndChild(kernel, mm);
    }

    /** {@inheritDoc} The parent's {@code mmap_lock} too, and the child's PT lock as {@code child_ptl}. */
    @Override
    SpecLocks.Name specLock(LockEvent e) {
        return processes.specLock(e, folios);
    }

    @Override
    public String gupPin(int a) {
        return checked.run(() -> buffer.gup(a, Foll.PIN, Foll.WRITE, Foll.NOFAULT));
    }

    @Override
    public String fork() {
        return checked.run(processes::fork);
    }

    @Override
    public void abstractState(ForkState state) {
        processes.abstractPtes(
                ADDRESSES,
                folios,
                (a, folio, writable, dirty) ->
                        state.pteFolio(a, folio).pteWritable(a, writable).pteDirty(a, dirty),
                (a, folio, writable, dirty) -> state.childPtePresent(a, true)
                        .childPteFolio(a, folio)
                        .childPteWritable(a, writable)
                        .childPteDirty(a, dirty));
        state.hasPinned(mm.hasPinned());
        folios.update(kernel::liveFolios);
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioPin(i, f.pincount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioDmaData(i, memory.contents().valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "parent");
        if (processes.child() != null) {
            memory.expectMapped(processes.child(), ADDRESSES, "child");
        }
    }
}
