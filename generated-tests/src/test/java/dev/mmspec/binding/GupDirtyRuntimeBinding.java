package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.gup_dirty.GupDirtyBinding;
import dev.mmspec.generated.gup_dirty.GupDirtyState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/file/gup_dirty.mmspec on the runtime: one file of one page, mapped shared and writable at address 0 (file page
 * {@code a} at address {@code a}), one PTE per page table so that {@code ptl[a]} is the lock of exactly one PTE, and
 * the application's first write already done (the spec's {@code init}: page cached, mapped writable and dirty, the
 * filesystem notified). The page is a {@link DmaBuffer}.
 *
 * <p>{@code gup_pin} is an RDMA registration: {@code pin_user_pages(FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE)} without
 * faulting in (FOLL_NOFAULT, so that the lookup is the single step {@code gup_pin.grab}). Without
 * {@code gup_write_notify} the unpin after writeback dirties the folio behind the filesystem's back, which the runtime
 * reports as a kernel BUG; the binding records it (it stays in {@link Kernel#bugs()}) and returns, so that the spec's
 * invariant judges the state the BUG left: dirty, not notified.
 */
public final class GupDirtyRuntimeBinding implements GupDirtyBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements GupDirtyBinding.Factory {
        @Override
        public GupDirtyBinding create(BindingContext context) {
            return new GupDirtyRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final DmaBuffer buffer;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);

    GupDirtyRuntimeBinding(BindingContext context) {
        this.checked = new CheckedKernel(context, SpecKernel.config(context, FOLIOS));
        this.kernel = checked.kernel();
        this.file = kernel.createFile((long) ADDRESSES * Folio.PAGE_SIZE);
        this.mm = kernel.createMm();
        mm.mmapFile(file, 0, ADDRESSES, 0, true, true);
        this.buffer = new DmaBuffer(kernel, mm);
        folios.of(buffer.touch(0));
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        return common != null ? common : SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem");
    }

    @Override
    public String write(int a) {
        return checked.run(() -> buffer.cpuWrite(a));
    }

    @Override
    public String gupPin(int a) {
        return checked.run(() -> buffer.gup(a, Foll.PIN, Foll.LONGTERM, Foll.WRITE, Foll.NOFAULT));
    }

    @Override
    public String dmaComplete(int a) {
        return checked.run(() -> {
            if (!buffer.registered(a)) {
                // Nothing registered: the device has nothing to write (the spec's early return).
                kernel.point(Labels.DMA_COMPLETE);
                return "";
            }
            try {
                buffer.dmaComplete(a);
            } catch (KernelBug bug) {
                // BUG(): a file folio dirtied without page_mkwrite. Kept in kernel.bugs(); the invariant sees the
                // state.
            }
            return "";
        });
    }

    @Override
    public String writeback(int i) {
        return checked.run(() -> kernel.writeback().writeback(file, i).label());
    }

    @Override
    public void abstractState(GupDirtyState state) {
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, GupDirtyState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("gup_dirty has no PTE like " + pte);
            }
            Folio cached = file.peek(a);
            state.cache(a, cached == null ? -1 : folios.of(cached));
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioPin(i, f.pincount())
                    .folioDirty(i, f.dirty())
                    .folioWriteback(i, f.writeback())
                    .folioNotified(i, f.fsNotified());
        }
    }
}
