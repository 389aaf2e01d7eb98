package dev.mmspec.binding;

import dev.mmspec.generated.fork.ForkBinding;
import dev.mmspec.generated.fork.ForkState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupRef;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.support.sut.BindingContext;
import dev.mmspec.support.sut.CanonicalNames;
import java.util.HashMap;
import java.util.Map;

/**
 * spec/anon/fork.mmspec on the runtime: a parent process with one private anonymous page at address
 * 0, already faulted in (the spec's {@code init}), one PTE per page table. O_DIRECT is
 * pin_user_pages(FOLL_WRITE | FOLL_NOFAULT); the DMA writes {@link #DMA_BYTES} at offset 0, the
 * parent's CPU writes the last byte. {@code fork()} makes the child, whose PTE is {@code child_pte}.
 *
 * <p>Lock names: the parent's mmap_lock and PT lock are the spec's {@code mmap_lock} and {@code
 * ptl}; the child's PT lock, which copy_page_range() nests inside the parent's, is {@code
 * child_ptl}; the child's mmap_lock (private to fork until it returns) and the anon_vma rwsem are not
 * in the spec.
 */
public final class ForkRuntimeBinding implements ForkBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final byte[] DMA_BYTES = {(byte) 0xd0, (byte) 0x0d};
    static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements ForkBinding.Factory {
        @Override
        public ForkBinding create(BindingContext context) {
            return new ForkRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final Mm parent;
    private volatile Mm child;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);
    private final Map<Integer, GupRef> dma = new HashMap<>();
    private final BindingContext context;

    ForkRuntimeBinding(BindingContext context) {
        this.context = context;
        KernelConfig config = KernelConfig.defaults().withoutIds(context.fixesOff()).withSwapSlots(0).withPtesPerTable(1)
                .withMaxFolios(FOLIOS);
        this.kernel = new Kernel(config, context.hooks());
        this.parent = kernel.createMm();
        parent.mmapAnonymous(0, ADDRESSES, true);
        Outcome setup = kernel.user().write(parent, 0, CPU_OFFSET, (byte) 1);
        if (setup != Outcome.OK) {
            throw new IllegalStateException("setup write failed: " + setup);
        }
        folios.of(((Pte.Present) parent.pte(0)).folio());
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(dev.mmspec.runtime.lock.LockEvent e) {
        int index;
        String lock = e.lockClass().lockName();
        if (e.instance() instanceof PageTable table && lock.equals("ptl")) {
            index = (int) table.firstAddress();
            if (table.mm() != parent) {
                lock = "child_ptl";
            }
        } else if (e.instance() instanceof Folio folio && lock.equals("folio_lock")) {
            index = folios.of(folio);
        } else if (e.instance() == parent && lock.equals("mmap_lock")) {
            index = -1;
        } else {
            return null;
        }
        return new SpecLocks.Name(lock, index);
    }

    @Override
    public String write(int a) {
        return kernel.user().writeOnce(parent, a, CPU_OFFSET, (byte) 2).outcome().label();
    }

    @Override
    public String gupPin(int a) {
        GupResult result = kernel.gup().get(parent, a, Foll.PIN, Foll.WRITE, Foll.NOFAULT);
        if (result.ok()) {
            dma.put(a, result.ref());
        }
        return result.outcome().label();
    }

    @Override
    public String dmaComplete(int a) {
        GupRef ref = dma.remove(a);
        if (ref == null) {
            throw new IllegalStateException("dma_complete(" + a + ") without a pin");
        }
        kernel.dma().complete(ref, 0, DMA_BYTES);
        return "";
    }

    @Override
    public String fork() {
        Mm made = kernel.fork().fork(parent);
        if (made == null) {
            return Outcome.ENOMEM.label();
        }
        child = made;
        return "";
    }

    @Override
    public void abstractState(ForkState state) {
        for (int a = 0; a < ADDRESSES; a++) {
            if (!(parent.pte(a) instanceof Pte.Present p)) {
                throw new IllegalStateException("fork: the parent has no PTE like " + parent.pte(a));
            }
            state.pteFolio(a, folios.of(p.folio())).pteWritable(a, p.writable()).pteDirty(a, p.dirty());
            Mm c = child;
            Pte cp = c == null ? Pte.NONE : c.pte(a);
            if (cp instanceof Pte.Present q) {
                state.childPtePresent(a, true).childPteFolio(a, folios.of(q.folio())).childPteWritable(a, q.writable())
                        .childPteDirty(a, q.dirty());
            } else if (!cp.isNone()) {
                throw new IllegalStateException("fork: the child has no PTE like " + cp);
            }
        }
        state.hasPinned(parent.hasPinned());
        folios.update(kernel.liveFolios());
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioPin(i, f.pincount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioDmaData(i, f.holds(0, DMA_BYTES) ? 1 : 0);
        }
    }
}
