package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.truncate_fault.TruncateFaultBinding;
import dev.mmspec.generated.truncate_fault.TruncateFaultState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;

/**
 * spec/file/truncate_fault.mmspec on the runtime: one file of two pages (page 1 holds data on disk), mapped private and
 * writable at addresses 0 and 1 (file page {@code a} at address {@code a}), nothing faulted in yet, one PTE per page
 * table so that {@code ptl[a]} is the lock of exactly one PTE. {@code truncate()} cuts the file to one page.
 *
 * <p>The spec's {@code folio[f].locked} is PG_locked: the runtime's folio lock is held or not.
 */
public final class TruncateFaultRuntimeBinding implements TruncateFaultBinding {
    static final int ADDRESSES = 2;
    static final int FOLIOS = 4;
    static final long NEW_SIZE_BYTES = Folio.PAGE_SIZE;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements TruncateFaultBinding.Factory {
        @Override
        public TruncateFaultBinding create(BindingContext context) {
            return new TruncateFaultRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);

    TruncateFaultRuntimeBinding(BindingContext context) {
        // A truncate is between i_size and its (last) unmap for two steps: a PTE beyond EOF is the
        // window the fix closes by unmapping again at the end, not a broken runtime.
        this.checked = new CheckedKernel(context, SpecKernel.config(context, FOLIOS), "no_pte_beyond_eof");
        this.kernel = checked.kernel();
        this.file = kernel.createFile((long) ADDRESSES * Folio.PAGE_SIZE);
        byte[] block = new byte[Folio.PAGE_SIZE];
        java.util.Arrays.fill(block, (byte) 0x11);
        file.writeDisk(1, block);
        this.mm = kernel.createMm();
        mm.mmapFile(file, 0, ADDRESSES, 0, true, false);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        return common != null
                ? common
                : SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem", "invalidate_lock");
    }

    @Override
    public String read(int a) {
        return checked.run(() -> kernel.user().readOnce(mm, a, 0).outcome().label());
    }

    @Override
    public String write(int a) {
        return checked.run(
                () -> kernel.user().writeOnce(mm, a, 0, (byte) 0x22).outcome().label());
    }

    @Override
    public String truncate() {
        return checked.run(() -> {
            kernel.truncate().truncate(file, NEW_SIZE_BYTES);
            return "";
        });
    }

    @Override
    public void abstractState(TruncateFaultState state) {
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, TruncateFaultState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("truncate_fault has no PTE like " + pte);
            }
            Folio cached = file.peek(a);
            state.cache(a, cached == null ? -1 : folios.of(cached));
        }
        state.iSize((int) file.sizeInPages());
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            Object mapping = f.mapping();
            int kind = mapping instanceof AddressSpace
                    ? TruncateFaultState.MAPPING_FILE
                    : mapping instanceof AnonVma ? TruncateFaultState.MAPPING_ANON : TruncateFaultState.MAPPING_GONE;
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioMapping(i, kind)
                    .folioLocked(i, f.locked());
        }
    }
}
