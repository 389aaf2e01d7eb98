package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.zap_dirty.ZapDirtyBinding;
import dev.mmspec.generated.zap_dirty.ZapDirtyState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * spec/file/zap_dirty.mmspec on the runtime: one tmpfs file ({@code Kernel.createShmemFile}) whose page 0 holds
 * {@link UserMemory#filled()}, mapped shared and writable at address 0 (file page {@code a} at address {@code a}),
 * nothing faulted in yet, one swap slot. The load and the store are one attempt of {@code UserAccess.readOnce} and
 * {@code writeOnce} at byte {@link #DATA_OFFSET}, the zaps {@code Mmap.madviseDontneed} and {@code Mmap.munmap},
 * reclaim {@code Reclaim.swapOut}.
 *
 * <p>The mapping has a {@link GuardPage} at address 1 (file page 1, filled at setup, its folio in the page cache), so
 * that a zap, munmap or reclaim of page 0 that also reaches page 1 fails the step; munmap of page 0 splits the VMA.
 *
 * <p>The spec's {@code data} of a folio and of the swap slot is 1 where byte {@link #DATA_OFFSET} holds
 * {@link #WRITTEN}; {@code folio[f].locked} is PG_locked; {@code swap_entry[a]} is shmem's swap entry in i_pages.
 */
public final class ZapDirtyRuntimeBinding implements ZapDirtyBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final int SLOTS = 1;
    // Not 0, so that a store at the wrong offset shows.
    static final int DATA_OFFSET = 5;
    static final byte WRITTEN = 0x11;
    /** The spec's {@code data}: 0 the file's page as created, 1 the same after the application's store. */
    static final UserMemory.Contents CONTENTS =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), DATA_OFFSET, WRITTEN));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements ZapDirtyBinding.Factory {
        @Override
        public ZapDirtyBinding create(BindingContext context) {
            return new ZapDirtyRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final AddressSpace file;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;
    private final GuardPage guard;

    ZapDirtyRuntimeBinding(BindingContext context) {
        // munmap of page 0 splits the VMA at the guard page: vma_adjust's points are inside the spec's one step.
        this.checked = new CheckedKernel(
                context,
                SpecKernel.config(context, FOLIOS + 1).withSwapSlots(SLOTS),
                Map.of(),
                Set.of(Labels.VMA_ADJUST_START, Labels.VMA_ADJUST_PGOFF));
        this.kernel = checked.kernel();
        this.file = kernel.createShmemFile((long) (ADDRESSES + 1) * Folio.PAGE_SIZE);
        for (int a = 0; a < ADDRESSES; a++) {
            file.writeDisk(a, UserMemory.filled()); // the file as created: no byte zero, so a read that missed shows
        }
        this.memory = new UserMemory(kernel, CONTENTS);
        this.mm = kernel.createMm();
        mm.mmapFile(file, 0, ADDRESSES + 1, 0, true, true);
        this.guard = GuardPage.touch(kernel, mm, ADDRESSES);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        SpecLocks.Name common = SpecLocks.pageTableOrFolio(e, folios);
        if (common != null) {
            return common;
        }
        SpecLocks.Name file = SpecLocks.withoutDomain(e, AddressSpace.class, "i_mmap_rwsem", "invalidate_lock");
        return file != null ? file : SpecLocks.withoutDomain(e, Mm.class, "mmap_lock");
    }

    /** @return the runtime's live folios that the spec names: all but the guard page's */
    private List<Folio> specFolios() {
        guard.expectUntouched();
        return guard.without(kernel.liveFolios());
    }

    @Override
    public String read(int a) {
        return checked.run(
                () -> kernel.user().readOnce(mm, a, DATA_OFFSET).outcome().label());
    }

    @Override
    public String write(int a) {
        return checked.run(() ->
                kernel.user().writeOnce(mm, a, DATA_OFFSET, WRITTEN).outcome().label());
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public String munmap(int a) {
        return checked.run(() -> kernel.mmap().munmap(mm, a, a + 1).label());
    }

    @Override
    public String swapOut(int a) {
        return checked.run(() -> kernel.reclaim().swapOut(mm, a).label());
    }

    @Override
    public void abstractState(ZapDirtyState state) {
        folios.update(this::specFolios);
        List<Folio> live = specFolios();
        state.mapped(mm.findVma(0) != null);
        SwapDevice swap = kernel.swap();
        if (swap.slots() != SLOTS) {
            throw new IllegalStateException("the swap device has " + swap.slots() + " slots, the spec " + SLOTS);
        }
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, ZapDirtyState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("zap_dirty has no PTE like " + pte);
            }
            Folio cached = file.peek(a);
            state.cache(a, cached == null ? -1 : folios.of(cached));
            state.swapEntry(a, file.swapEntry(a));
        }
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.slotSwaps(s, view.count());
            if (view.count() > 0) {
                if (view.data() == null) {
                    throw new IllegalStateException("swap slot " + s + " is in use but was never written");
                }
                state.slotData(s, CONTENTS.valueOf(view.data(), "swap slot " + s));
            }
        }
        for (Folio f : live) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioLocked(i, f.locked())
                    .folioDirty(i, f.dirty())
                    .folioData(i, CONTENTS.valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a).isNone() && mm.findVma(a) != null) {
                // The model's fault maps the cached folio, else one read back from the swap slot, else from the file.
                Folio cached = file.peek(a);
                int slot = file.swapEntry(a);
                int data = cached != null
                        ? CONTENTS.valueOf(cached)
                        : slot >= 0
                                ? CONTENTS.valueOf(swap.view(slot).data(), "swap slot " + slot)
                                : CONTENTS.valueOf(file.readDisk(a), "file block " + a);
                memory.expectLoad(mm, a, data, "app");
            }
        }
    }
}
