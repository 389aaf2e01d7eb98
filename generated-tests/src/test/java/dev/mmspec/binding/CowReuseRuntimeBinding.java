package dev.mmspec.binding;

import dev.mmspec.generated.cow_reuse.CowReuseBinding;
import dev.mmspec.generated.cow_reuse.CowReuseState;
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
 * spec/anon/cow_reuse.mmspec on the runtime: a parent with one private anonymous page at address 0
 * holding 0 at {@link #DATA_OFFSET} (the spec's {@code init}); the parent's writes store
 * {@link #SECRET} there. {@code fork()} makes the child; its vmsplice() is get_user_pages(FOLL_GET
 * | FOLL_NOFAULT) for read on the child's mapping, the reference kept as the pipe buffer.
 *
 * <p>Lock names: the parent's mmap_lock and PT lock are {@code mmap_lock} and {@code ptl}; the
 * child's PT lock is {@code child_ptl}; the child's mmap_lock (only the child task and fork take
 * it) and the anon_vma rwsem are not in the spec.
 */
public final class CowReuseRuntimeBinding implements CowReuseBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final int DATA_OFFSET = 0;
    static final byte SECRET = 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements CowReuseBinding.Factory {
        @Override
        public CowReuseBinding create(BindingContext context) {
            return new CowReuseRuntimeBinding(context);
        }
    }

    private final Kernel kernel;
    private final Mm parent;
    private volatile Mm child;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS);
    private final Map<Integer, GupRef> pipe = new HashMap<>();
    private final BindingContext context;

    CowReuseRuntimeBinding(BindingContext context) {
        this.context = context;
        KernelConfig config = KernelConfig.defaults().withoutIds(context.fixesOff()).withSwapSlots(0).withPtesPerTable(1)
                .withMaxFolios(FOLIOS);
        this.kernel = new Kernel(config, context.hooks());
        this.parent = kernel.createMm();
        parent.mmapAnonymous(0, ADDRESSES, true);
        Outcome setup = kernel.user().write(parent, 0, DATA_OFFSET, (byte) 0);
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
        return kernel.user().writeOnce(parent, a, DATA_OFFSET, SECRET).outcome().label();
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
    public String gupGet(int a) {
        GupResult result = kernel.gup().get(child, a, Foll.NOFAULT);
        if (result.ok()) {
            pipe.put(a, result.ref());
        }
        return result.outcome().label();
    }

    @Override
    public String munmap(int a) {
        return kernel.mmap().munmap(child, a, a + 1).label();
    }

    @Override
    public void abstractState(CowReuseState state) {
        Mm c = child;
        for (int a = 0; a < ADDRESSES; a++) {
            if (!(parent.pte(a) instanceof Pte.Present p)) {
                throw new IllegalStateException("cow_reuse: the parent has no PTE like " + parent.pte(a));
            }
            state.pteFolio(a, folios.of(p.folio())).pteWritable(a, p.writable()).pteDirty(a, p.dirty());
            Pte cp = c == null ? Pte.NONE : c.pte(a);
            if (cp instanceof Pte.Present q) {
                state.childPtePresent(a, true).childPteFolio(a, folios.of(q.folio())).childPteWritable(a, q.writable())
                        .childPteDirty(a, q.dirty());
            } else if (!cp.isNone()) {
                throw new IllegalStateException("cow_reuse: the child has no PTE like " + cp);
            }
            state.childVma(a, c != null && c.findVma(a) != null);
        }
        folios.update(kernel.liveFolios());
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioData(i, f.read(DATA_OFFSET) == SECRET ? 1 : 0);
        }
    }
}
