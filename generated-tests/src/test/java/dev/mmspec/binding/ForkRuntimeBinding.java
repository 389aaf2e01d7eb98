package dev.mmspec.binding;

import dev.mmspec.generated.fork.ForkBinding;
import dev.mmspec.generated.fork.ForkState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.support.sut.BindingContext;
import dev.mmspec.support.sut.CanonicalNames;

/**
 * spec/anon/fork.mmspec on the runtime: a parent process with one private anonymous page at address
 * 0, already faulted in (the spec's {@code init}), one PTE per page table. The page is a {@link
 * DmaBuffer}; O_DIRECT is pin_user_pages(FOLL_WRITE | FOLL_NOFAULT). {@code fork()} makes the child,
 * whose PTE is {@code child_pte}; {@link ParentAndChild} names the pair's locks.
 */
public final class ForkRuntimeBinding implements ForkBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements ForkBinding.Factory {
        @Override
        public ForkBinding create(BindingContext context) {
            return new ForkRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final ParentAndChild processes;
    private final DmaBuffer buffer;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);

    ForkRuntimeBinding(BindingContext context) {
        this.kernel = new Kernel(SpecKernel.config(context, FOLIOS).withSwapSlots(0), context.hooks());
        this.processes = new ParentAndChild(kernel, AnonProcess.map(kernel, 0, ADDRESSES).mm());
        this.buffer = new DmaBuffer(kernel, processes.parent());
        folios.of(buffer.touch(0));
        kernel.onLockEvent(SpecLocks.translator(context, e -> processes.specLock(e, folios)));
    }

    @Override
    public String write(int a) {
        return buffer.cpuWrite(a);
    }

    @Override
    public String gupPin(int a) {
        return buffer.gup(a, Foll.PIN, Foll.WRITE, Foll.NOFAULT);
    }

    @Override
    public String dmaComplete(int a) {
        return buffer.dmaComplete(a);
    }

    @Override
    public String fork() {
        return processes.fork();
    }

    @Override
    public void abstractState(ForkState state) {
        processes.abstractPtes(ADDRESSES, folios,
                (a, folio, writable, dirty) -> state.pteFolio(a, folio).pteWritable(a, writable).pteDirty(a, dirty),
                (a, folio, writable, dirty) -> state.childPtePresent(a, true).childPteFolio(a, folio)
                        .childPteWritable(a, writable).childPteDirty(a, dirty));
        state.hasPinned(processes.parent().hasPinned());
        folios.update(kernel.liveFolios());
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioPin(i, f.pincount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioDmaData(i, DmaBuffer.holdsDmaData(f) ? 1 : 0);
        }
    }
}
