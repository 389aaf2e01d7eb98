package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.writeback_clean.WritebackCleanBinding;
import dev.mmspec.generated.writeback_clean.WritebackCleanState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.Map;

/**
 * spec/file/writeback_clean.mmspec on the runtime: one dirty-tracked file of one page, mapped shared and writable at
 * address 0 (file page {@code a} at address {@code a}), one PTE per page table, and the application's first store
 * already done (the spec's {@code init}: page cached, mapped writable and dirty, the filesystem notified). The store is
 * one attempt of {@code UserAccess.writeOnce}, the flush {@code Writeback.writeback}, the zap
 * {@code Mmap.madviseDontneed}.
 *
 * <p>The spec splits {@code write.wp} where wp_page_shared() drops the PT lock for page_mkwrite: the runtime's window
 * point {@link Labels#WINDOW_WP_SHARED_MKWRITE} is this spec's {@code write.mkwrite}, so that the zap can run there.
 */
public final class WritebackCleanRuntimeBinding implements WritebackCleanBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 1;
    private static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements WritebackCleanBinding.Factory {
        @Override
        public WritebackCleanBinding create(BindingContext context) {
            return new WritebackCleanRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);

    WritebackCleanRuntimeBinding(BindingContext context) {
        this.checked = new CheckedKernel(
                context, SpecKernel.config(context, FOLIOS), Map.of(Labels.WINDOW_WP_SHARED_MKWRITE, "write.mkwrite"));
        this.kernel = checked.kernel();
        this.file = kernel.createFile((long) ADDRESSES * Folio.PAGE_SIZE);
        this.mm = kernel.createMm();
        mm.mmapFile(file, 0, ADDRESSES, 0, true, true);
        folios.of(SpecKernel.written(kernel, mm, 0, CPU_OFFSET, (byte) 1));
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        return common != null ? common : SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem");
    }

    @Override
    public String write(int a) {
        return checked.run(() ->
                kernel.user().writeOnce(mm, a, CPU_OFFSET, (byte) 2).outcome().label());
    }

    @Override
    public String writeback(int i) {
        return checked.run(() -> kernel.writeback().writeback(file, i).label());
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public void abstractState(WritebackCleanState state) {
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, WritebackCleanState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("writeback_clean has no PTE like " + pte);
            }
            Folio cached = file.peek(a);
            state.cache(a, cached == null ? -1 : folios.of(cached));
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioDirty(i, f.dirty())
                    .folioWriteback(i, f.writeback())
                    .folioNotified(i, f.fsNotified());
        }
    }
}
