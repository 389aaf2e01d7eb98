package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.dirty_cow.DirtyCowBinding;
import dev.mmspec.generated.dirty_cow.DirtyCowState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * spec/anon/dirty_cow.mmspec on the runtime: a one-page file mapped MAP_PRIVATE, PROT_READ at address 0; the page was
 * read once, so it sits in the page cache and the PTE is empty (the spec's {@code init}). The /proc/self/mem write is
 * split as the spec splits it: {@code gup_get} is get_user_pages(FOLL_WRITE | FOLL_FORCE) on the slow path,
 * {@code dma_complete} writes {@link #DATA} through the reference and releases it.
 */
public final class DirtyCowRuntimeBinding implements DirtyCowBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 3;
    /** The spec's MAX_TRIES: its GUP loop gives up after this many faults; the runtime's does not unless told. */
    static final int MAX_TRIES = 16;

    static final byte[] DATA = {(byte) 0xc0, (byte) 0x3e};
    /** The spec's {@code data}: 0 the file's page as created, 1 the same with the forced write's bytes at offset 0. */
    static final UserMemory.Contents CONTENTS =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), 0, DATA));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements DirtyCowBinding.Factory {
        @Override
        public DirtyCowBinding create(BindingContext context) {
            return new DirtyCowRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final Mm mm;
    private final AddressSpace file;
    private final GupReferences refs;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;

    DirtyCowRuntimeBinding(BindingContext context) {
        KernelConfig config =
                SpecKernel.config(context, FOLIOS).withSwapSlots(0).withGupFaultLimit(MAX_TRIES);
        this.checked = new CheckedKernel(context, config);
        this.kernel = checked.kernel();
        this.refs = new GupReferences(kernel);
        this.mm = kernel.createMm();
        this.file = kernel.createFile((long) ADDRESSES * Folio.PAGE_SIZE);
        for (int a = 0; a < ADDRESSES; a++) {
            file.writeDisk(a, UserMemory.filled()); // no byte zero, so a read or copy that missed shows
        }
        this.memory = new UserMemory(kernel, CONTENTS);
        mm.mmapFile(file, 0, ADDRESSES, 0, false, false);
        // init: the file page was read once (page cache), then dropped from the page table.
        if (kernel.user().read(mm, 0, 0).outcome() != Outcome.OK
                || kernel.mmap().madviseDontneed(mm, 0, ADDRESSES) != Outcome.OK) {
            throw new IllegalStateException("setup failed");
        }
        folios.of(file.peek(0));
        kernel.onLockEvent(SpecLocks.translator(context, e -> SpecLocks.pageTableOrFolio(e, folios)));
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> refs.take(mm, a, Foll.WRITE, Foll.FORCE));
    }

    @Override
    public String dmaComplete(int a) {
        return checked.run(() -> refs.completeDma(a, DATA));
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public void abstractState(DirtyCowState state) {
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                if (p.writable()) {
                    throw new IllegalStateException("dirty_cow: a writable PTE in a read-only mapping: " + p);
                }
                state.ptePresent(a, true).pteFolio(a, folios.of(p.folio())).pteDirty(a, p.dirty());
            } else if (!pte.isNone()) {
                throw new IllegalStateException("dirty_cow has no PTE like " + pte);
            }
        }
        folios.update(kernel::liveFolios);
        Folio cached = file.peek(0);
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioAnon(i, f.isAnon())
                    .folioExclusive(i, f.anonExclusive())
                    .folioCached(i, f == cached)
                    .folioData(i, CONTENTS.valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a).isNone()) {
                // The model's fault maps the file's cached page (read from disk if it is not cached).
                Folio page = file.peek(a);
                int data =
                        page != null ? CONTENTS.valueOf(page) : CONTENTS.valueOf(file.readDisk(a), "disk block " + a);
                memory.expectLoad(mm, a, data, "app");
            }
        }
    }
}
