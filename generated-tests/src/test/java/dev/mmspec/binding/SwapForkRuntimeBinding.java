package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.swap_fork.SwapForkBinding;
import dev.mmspec.generated.swap_fork.SwapForkState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;
import java.util.List;

/**
 * spec/anon/swap_fork.mmspec on the runtime: a parent with one private anonymous page at address 0, filled
 * ({@link UserMemory#filled}) and swapped out by {@code Reclaim.swapOut} on the test thread, so that the spec's
 * {@code init} is an exclusive swap entry holding the slot's one count and no folio is live. {@code fork()} is
 * {@code Fork.fork}; each process's store puts its own byte at {@link #DATA_OFFSET} ({@code writeOnce}, one attempt), a
 * load is {@code readOnce}; the parent's {@code munmap} is {@code Mmap.munmap} of its page, the child's is
 * {@code Mmap.exit} (exit_mmap() zaps the same way and the mm is forgotten).
 *
 * <p>Process {@code p} of the spec is the parent for 0 and the child for 1, and so are the indices of the spec's
 * {@code mmap_lock[p]} and {@code ptl[p]} (one PTE per page table): the child's mmap_lock, which fork takes while it
 * builds the child, is {@code mmap_lock[1]}. The abstraction reports both PTEs, every live folio with its data value,
 * and the slot's swap count, SWAP_HAS_CACHE bit and disk data as they are ({@code SwapDevice.view}).
 *
 * <p>The parent's anonymous mapping is two pages, {@code [0, 2)}: page 1 is never touched, so its page table is missing
 * and copy_page_range() must skip it (pmd_none). Just past it, at address 2, a {@link GuardPage} in a shared tmpfs
 * mapping: fork() links the child's copy of that VMA into the file's i_mmap but copies no PTE of it (a shared mapping
 * without anon_vma refaults in the child), so its PTE and counts stay as set up; a copy loop that ran one page past the
 * anonymous VMA would map it in the child. The parent's munmap is of the whole anonymous mapping, {@code [0, 2)}.
 */
public final class SwapForkRuntimeBinding implements SwapForkBinding {
    static final int PROCESSES = 2;
    static final int FOLIOS = 3;
    static final int SLOTS = 1;
    static final int DATA_OFFSET = 0;
    /** The anonymous mapping: the spec's page and an untouched one; then the guard page's shared mapping. */
    static final int ANON_PAGES = 2;

    static final byte PARENT_STORE = 1;
    static final byte CHILD_STORE = 2;
    /** The spec's {@code data}: 0 the page the parent had before it forked, 1 and 2 the same after a store by each. */
    static final UserMemory.Contents CONTENTS = UserMemory.Contents.exact(
            UserMemory.filled(),
            UserMemory.with(UserMemory.filled(), DATA_OFFSET, PARENT_STORE),
            UserMemory.with(UserMemory.filled(), DATA_OFFSET, CHILD_STORE));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements SwapForkBinding.Factory {
        @Override
        public SwapForkBinding create(BindingContext context) {
            return new SwapForkRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final ParentAndChild processes;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;
    private final GuardPage guard;

    SwapForkRuntimeBinding(BindingContext context) {
        this.checked = new CheckedKernel(
                context, SpecKernel.config(context, FOLIOS + 1).withSwapSlots(SLOTS));
        this.kernel = checked.kernel();
        this.memory = new UserMemory(kernel, CONTENTS);
        Mm parent = AnonProcess.map(kernel, 0, ANON_PAGES).mm();
        SpecKernel.filled(kernel, parent, 0, UserMemory.filled());
        Outcome out = kernel.reclaim().swapOut(parent, 0);
        if (out != Outcome.OK
                || !(parent.pte(0) instanceof Pte.Swap swap)
                || !swap.exclusive()
                || !kernel.liveFolios().isEmpty()) {
            throw new IllegalStateException(
                    "setup swap-out: " + out + ", PTE " + parent.pte(0) + ", live folios " + kernel.liveFolios());
        }
        parent.mmapFile(kernel.createShmemFile(Folio.PAGE_SIZE), ANON_PAGES, 1, 0, true, true);
        this.guard = GuardPage.touch(kernel, parent, ANON_PAGES);
        this.processes = new ParentAndChild(kernel, parent);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return process {@code p} of the spec, or null for the child before fork() */
    private Mm process(int p) {
        return p == 0 ? processes.parent() : processes.child();
    }

    /** @return the spec lock of a runtime lock event: the processes' mmap_lock and PT lock by process, folio locks */
    private SpecLocks.Name specLock(LockEvent e) {
        String lock = e.lockClass().lockName();
        if (e.instance() instanceof PageTable table && lock.equals("ptl")) {
            return new SpecLocks.Name(lock, table.mm() == processes.parent() ? 0 : 1);
        }
        if (e.instance() instanceof Mm mm && lock.equals("mmap_lock")) {
            return new SpecLocks.Name(lock, mm == processes.parent() ? 0 : 1);
        }
        return SpecLocks.pageTableOrFolio(e, folios);
    }

    @Override
    public String fork() {
        return checked.run(processes::fork);
    }

    @Override
    public String read(int p) {
        return checked.run(() ->
                kernel.user().readOnce(process(p), 0, DATA_OFFSET).outcome().label());
    }

    @Override
    public String write(int p) {
        byte value = p == 0 ? PARENT_STORE : CHILD_STORE;
        return checked.run(() -> kernel.user()
                .writeOnce(process(p), 0, DATA_OFFSET, value)
                .outcome()
                .label());
    }

    @Override
    public String munmap(int p) {
        if (p == 0) {
            return checked.run(() ->
                    kernel.mmap().munmap(processes.parent(), 0, ANON_PAGES).label());
        }
        return checked.run(() -> {
            kernel.mmap().exit(processes.child());
            return Outcome.OK.label();
        });
    }

    @Override
    public String swapOut(int p) {
        return checked.run(() -> kernel.reclaim().swapOut(process(p), 0).label());
    }

    /** @return the runtime's live folios that the spec names: all but the guard page's */
    private List<Folio> specFolios() {
        guard.expectUntouched();
        return guard.without(kernel.liveFolios());
    }

    @Override
    public void abstractState(SwapForkState state) {
        folios.update(this::specFolios);
        for (int p = 0; p < PROCESSES; p++) {
            Mm mm = process(p);
            if (mm == null) {
                continue;
            }
            state.mapped(p, mm.findVma(0) != null);
            Pte pte = mm.pte(0);
            if (pte instanceof Pte.Present present) {
                state.pteKind(p, SwapForkState.PTE_KIND_PRESENT)
                        .pteFolio(p, folios.of(present.folio()))
                        .pteWritable(p, present.writable());
            } else if (pte instanceof Pte.Swap swap) {
                state.pteKind(p, SwapForkState.PTE_KIND_SWAP)
                        .pteSlot(p, swap.slot())
                        .pteSwpExclusive(p, swap.exclusive());
            } else if (!pte.isNone()) {
                throw new IllegalStateException("swap_fork has no PTE like " + pte);
            }
            memory.expectMapped(mm, 1, p == 0 ? "parent" : "child");
        }
        for (Folio f : guard.without(kernel.liveFolios())) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioSwapcache(i, f.swapcache())
                    .folioSlot(i, f.swapcache() ? f.swapSlot() : -1)
                    .folioData(i, CONTENTS.valueOf(f));
        }
        SwapDevice swap = kernel.swap();
        if (swap.slots() != SLOTS) {
            // The runtime's own invariants walk swap.slots(): fewer would leave slots unchecked.
            throw new IllegalStateException("the swap device has " + swap.slots() + " slots, the spec " + SLOTS);
        }
        for (int s = 0; s < SLOTS; s++) {
            SwapDevice.SlotView view = swap.view(s);
            state.swapSlotSwaps(s, view.count())
                    .swapSlotCached(s, view.cached())
                    .swapSlotData(s, CONTENTS.valueOf(view.data(), "slot " + s));
        }
    }
}
