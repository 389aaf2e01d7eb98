package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveBinding;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/file/pagecache_remove.mmspec on the runtime: one regular file of one page, its block on disk all zeroes, mapped
 * shared and read-only at address 0 (file page {@code a} at address {@code a}), nothing cached yet. The load is one
 * attempt of {@code UserAccess.readOnce}, the pwrite {@code FileIo.pwrite} of {@link #WRITTEN} at byte
 * {@link #DATA_OFFSET} of the page, the invalidation {@code Truncate.invalidate} of the whole file
 * (invalidate_inode_pages2).
 *
 * <p>The spec's {@code data} of a folio and of the disk block is 1 where byte {@link #DATA_OFFSET} holds
 * {@link #WRITTEN}; its {@code folio[f].locked} is PG_locked, and {@code mapping} is file while the folio's mapping is
 * the file.
 */
public final class PagecacheRemoveRuntimeBinding implements PagecacheRemoveBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    // Not 0, so that a wrong offset or page arithmetic in pwrite (pos / PAGE_SIZE, pos % PAGE_SIZE) shows.
    static final int DATA_OFFSET = 7;
    static final byte WRITTEN = 1;
    /** The spec's {@code data} and {@code disk}: 0 the file's page as created, 1 the same after the pwrite. */
    static final UserMemory.Contents CONTENTS =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), DATA_OFFSET, WRITTEN));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements PagecacheRemoveBinding.Factory {
        @Override
        public PagecacheRemoveBinding create(BindingContext context) {
            return new PagecacheRemoveRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;

    PagecacheRemoveRuntimeBinding(BindingContext context) {
        this.checked =
                new CheckedKernel(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0));
        this.kernel = checked.kernel();
        this.file = kernel.createFile((long) ADDRESSES * Folio.PAGE_SIZE);
        for (int a = 0; a < ADDRESSES; a++) {
            file.writeDisk(a, UserMemory.filled()); // the file as created: no byte zero, so a read that missed shows
        }
        this.memory = new UserMemory(kernel, CONTENTS);
        this.mm = kernel.createMm();
        mm.mmapFile(file, 0, ADDRESSES, 0, false, true);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        return common != null
                ? common
                : SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem", "invalidate_lock");
    }

    /** @return the mapped file, for tests */
    AddressSpace file() {
        return file;
    }

    @Override
    public String read(int a) {
        return checked.run(
                () -> kernel.user().readOnce(mm, a, DATA_OFFSET).outcome().label());
    }

    @Override
    public String fileWrite(int i) {
        return checked.run(() -> kernel.fileIo()
                .pwrite(file, (long) i * Folio.PAGE_SIZE + DATA_OFFSET, WRITTEN)
                .label());
    }

    @Override
    public String invalidate() {
        return checked.run(() -> {
            kernel.truncate().invalidate(file, 0, ADDRESSES);
            return "";
        });
    }

    @Override
    public void abstractState(PagecacheRemoveState state) {
        folios.update(kernel::liveFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                if (p.writable()) {
                    throw new IllegalStateException("pagecache_remove maps read-only, not like " + pte);
                }
                state.pteKind(a, PagecacheRemoveState.PTE_KIND_PRESENT).pteFolio(a, folios.of(p.folio()));
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("pagecache_remove has no PTE like " + pte);
            }
            Folio cached = file.peek(a);
            state.cache(a, cached == null ? -1 : folios.of(cached));
            state.disk(a, CONTENTS.valueOf(file.readDisk(a), "disk block " + a));
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioMapping(
                            i,
                            f.mapping() == file ? PagecacheRemoveState.MAPPING_FILE : PagecacheRemoveState.MAPPING_GONE)
                    .folioLocked(i, f.locked())
                    .folioDirty(i, f.dirty())
                    .folioData(i, CONTENTS.valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a).isNone()) {
                // The model's read fault maps the cached folio, else one read from disk.
                Folio cached = file.peek(a);
                int data = cached != null
                        ? CONTENTS.valueOf(cached)
                        : CONTENTS.valueOf(file.readDisk(a), "disk block " + a);
                memory.expectLoad(mm, a, data, "app");
            }
        }
    }
}
