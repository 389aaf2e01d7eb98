package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.truncate_cow.TruncateCowBinding;
import dev.mmspec.generated.truncate_cow.TruncateCowState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import java.util.List;

/**
 * spec/file/truncate_cow.mmspec on the runtime: one regular file of four pages, each block {@link UserMemory#filled()},
 * mapped private and writable at addresses 8 to 10 from file page 1 (pgoff 1), so that the spec's page {@code a} is
 * file page {@code 2 + a} at address {@code 9 + a}: neither the VMA's start nor its pgoff is 0, and
 * unmap_mapping_range()'s arithmetic (address = vm_start + index - vm_pgoff) is wrong in every sign it could get wrong.
 * Address 8 is a {@link GuardPage}, a private COW copy of file page 1 made at setup (file page 1 is then invalidated
 * from the page cache, so that every cached folio is the spec's); it is inside EOF before and after the truncate, so no
 * zap may touch it. {@code truncate()} cuts the file to {@link #NEW_SIZE} bytes, inside page 2 (the spec's page 0),
 * {@code invalidate(i)} invalidates file page {@code 2 + i}; the load and the store are one attempt of
 * {@code UserAccess.readOnce} and {@code writeOnce} at byte {@link #DATA_OFFSET}, before the new EOF's offset in its
 * page.
 */
public final class TruncateCowRuntimeBinding implements TruncateCowBinding {
    static final int ADDRESSES = 2;
    static final int FOLIOS = 4;
    static final long VMA_START = 8;
    static final long PGOFF = 1;
    /** The runtime address of the spec's page 0 (the guard page is at {@link #VMA_START}). */
    static final long BASE = VMA_START + 1;
    /** The file page of the spec's page 0. */
    static final long FIRST_INDEX = PGOFF + 1;

    static final int FILE_PAGES = 4;
    /** Where truncate's new EOF falls in the spec's page 0. */
    static final int TAIL = 6;

    static final long NEW_SIZE = FIRST_INDEX * Folio.PAGE_SIZE + TAIL;
    static final int DATA_OFFSET = 3;
    static final byte WRITTEN = 0x11;
    /** The spec's data values 0 to 4 (see the spec's comment). */
    static final UserMemory.Contents CONTENTS;

    static {
        byte[] zeroedTail = UserMemory.filled();
        java.util.Arrays.fill(zeroedTail, TAIL, Folio.PAGE_SIZE, (byte) 0);
        CONTENTS = UserMemory.Contents.exact(
                UserMemory.filled(),
                UserMemory.with(UserMemory.filled(), DATA_OFFSET, WRITTEN),
                zeroedTail,
                UserMemory.with(zeroedTail, DATA_OFFSET, WRITTEN),
                new byte[Folio.PAGE_SIZE]);
    }

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements TruncateCowBinding.Factory {
        @Override
        public TruncateCowBinding create(BindingContext context) {
            return new TruncateCowRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;
    private final GuardPage guard;

    TruncateCowRuntimeBinding(BindingContext context) {
        // A truncate is between i_size and its last unmap for two steps: a PTE beyond EOF is that window, not a bug.
        this.checked = new CheckedKernel(context, SpecKernel.config(context, FOLIOS + 1), "no_pte_beyond_eof");
        this.kernel = checked.kernel();
        this.file = kernel.createFile((long) FILE_PAGES * Folio.PAGE_SIZE);
        for (int index = 0; index < FILE_PAGES; index++) {
            file.writeDisk(index, UserMemory.filled()); // no byte zero, so a read that missed shows
        }
        this.memory = new UserMemory(kernel, CONTENTS);
        this.mm = kernel.createMm();
        mm.mmapFile(file, VMA_START, ADDRESSES + 1, PGOFF, true, false);
        this.guard = GuardPage.touch(kernel, mm, VMA_START);
        // The guard's COW fault read file page 1 into the page cache; invalidation drops it and keeps the copy.
        kernel.truncate().invalidate(file, PGOFF, PGOFF + 1);
        guard.expectUntouched();
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        if (e.instance() instanceof PageTable table && e.lockClass().lockName().equals("ptl")) {
            // The spec's ptl[a] is the table of address BASE + a (one PTE per table).
            long a = table.firstAddress() - BASE;
            return a >= 0 && a < ADDRESSES ? new SpecLocks.Name("ptl", (int) a) : null;
        }
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        return common != null
                ? common
                : SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem", "invalidate_lock");
    }

    /** @return the runtime's live folios that the spec names: all but the guard page's */
    private List<Folio> specFolios() {
        guard.expectUntouched();
        return guard.without(kernel.liveFolios());
    }

    @Override
    public String read(int a) {
        return checked.run(() ->
                kernel.user().readOnce(mm, BASE + a, DATA_OFFSET).outcome().label());
    }

    @Override
    public String write(int a) {
        return checked.run(() -> kernel.user()
                .writeOnce(mm, BASE + a, DATA_OFFSET, WRITTEN)
                .outcome()
                .label());
    }

    @Override
    public String truncate() {
        return checked.run(() -> {
            kernel.truncate().truncate(file, NEW_SIZE);
            return "";
        });
    }

    @Override
    public String invalidate(int i) {
        return checked.run(() -> {
            kernel.truncate().invalidate(file, FIRST_INDEX + i, FIRST_INDEX + i + 1);
            return "";
        });
    }

    @Override
    public void abstractState(TruncateCowState state) {
        folios.update(this::specFolios);
        List<Folio> live = specFolios();
        long pages = file.sizeInPages() - FIRST_INDEX;
        if (pages < 0 || pages > ADDRESSES) {
            throw new IllegalStateException("truncate_cow's file has " + file.sizeInPages() + " pages");
        }
        state.iSize((int) pages);
        for (int a = 0; a < ADDRESSES; a++) {
            long address = BASE + a;
            Pte pte = mm.pte(address);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, TruncateCowState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable());
                memory.expectLoad(mm, address, CONTENTS.valueOf(p.folio()), "app");
                memory.expectStore(mm, address, p.writable(), "app");
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("truncate_cow has no PTE like " + pte);
            }
            long index = FIRST_INDEX + a;
            Folio cached = file.peek(index);
            state.cache(a, cached == null ? -1 : folios.of(cached));
            int disk = CONTENTS.valueOf(file.readDisk(index), "file block " + index);
            state.disk(a, disk);
            if (pte.isNone() && index < file.sizeInPages()) {
                // The model's fault maps the cached folio, else one read from disk; beyond EOF it is SIGBUS.
                memory.expectLoad(mm, address, cached != null ? CONTENTS.valueOf(cached) : disk, "app");
            }
        }
        for (Folio f : live) {
            int i = folios.of(f);
            Object mapping = f.mapping();
            int kind = mapping instanceof AddressSpace
                    ? TruncateCowState.MAPPING_FILE
                    : mapping instanceof AnonVma ? TruncateCowState.MAPPING_ANON : TruncateCowState.MAPPING_GONE;
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioMapping(i, kind)
                    .folioLocked(i, f.locked())
                    .folioData(i, CONTENTS.valueOf(f));
        }
    }
}
