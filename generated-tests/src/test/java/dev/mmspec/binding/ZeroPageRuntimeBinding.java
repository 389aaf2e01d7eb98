package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.zero_page.ZeroPageBinding;
import dev.mmspec.generated.zero_page.ZeroPageState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * spec/anon/zero_page.mmspec on the runtime: one private anonymous page at address 0 that the application has read once
 * (the spec's {@code init}: the shared zero page is mapped read-only). The load is one attempt of
 * {@code UserAccess.readOnce}, the store one of {@code UserAccess.writeOnce} of {@link #STORED} at
 * {@link #DATA_OFFSET}, the zap {@code Mmap.madviseDontneed}, {@code mprotect(w)} {@code Mmap.mprotect} of the page.
 *
 * <p>A PTE that maps the kernel's zero page ({@code Folio.isZero}) is the spec's {@code zero} kind, any other present
 * PTE {@code present}; the zero page is not in the spec's {@code Folio} domain, nor among the kernel's live folios.
 */
public final class ZeroPageRuntimeBinding implements ZeroPageBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 1;
    static final int DATA_OFFSET = 0;
    static final byte STORED = 1;
    /** The spec's {@code data}: 0 the zeroes of the zero page (and of its copy), 1 the same after the store. */
    static final UserMemory.Contents CONTENTS = UserMemory.Contents.exact(
            new byte[Folio.PAGE_SIZE], UserMemory.with(new byte[Folio.PAGE_SIZE], DATA_OFFSET, STORED));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements ZeroPageBinding.Factory {
        @Override
        public ZeroPageBinding create(BindingContext context) {
            return new ZeroPageRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final Mm mm;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;
    private final GuardPage guard;

    ZeroPageRuntimeBinding(BindingContext context) {
        // One folio more for the guard page; mprotect of the spec's page splits the VMA around it.
        this.checked = new CheckedKernel(
                context,
                SpecKernel.config(context, FOLIOS + 1).withSwapSlots(0),
                Map.of(),
                Set.of(Labels.VMA_ADJUST_START, Labels.VMA_ADJUST_PGOFF));
        this.kernel = checked.kernel();
        this.memory = new UserMemory(kernel, CONTENTS);
        this.mm = AnonProcess.map(kernel, 0, ADDRESSES + 1).mm();
        this.guard = GuardPage.touch(kernel, mm, ADDRESSES);
        if (kernel.user().read(mm, 0, DATA_OFFSET).outcome() != Outcome.OK
                || !(mm.pte(0) instanceof Pte.Present p && p.folio().isZero())) {
            throw new IllegalStateException("setup read did not map the zero page: " + mm.pte(0));
        }
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the spec does not declare. */
    private SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableFolioOrMmapLock(e, folios);
    }

    @Override
    public String read(int a) {
        return checked.run(
                () -> kernel.user().readOnce(mm, a, DATA_OFFSET).outcome().label());
    }

    @Override
    public String write(int a) {
        return checked.run(() ->
                kernel.user().writeOnce(mm, a, DATA_OFFSET, STORED).outcome().label());
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    @Override
    public String mprotect(int w) {
        return checked.run(
                () -> kernel.mmap().mprotect(mm, 0, ADDRESSES, w != 0).label());
    }

    @Override
    public void abstractState(ZeroPageState state) {
        guard.expectUntouched();
        folios.update(() -> guard.without(kernel.liveFolios()));
        List<Folio> live = guard.without(kernel.liveFolios());
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p && p.folio().isZero()) {
                state.pteKind(a, ZeroPageState.PTE_KIND_ZERO)
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (pte instanceof Pte.Present p) {
                state.pteKind(a, ZeroPageState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("zero_page has no PTE like " + pte);
            }
        }
        Vma vma = mm.findVma(0);
        state.vmaWritable(vma != null && vma.writable());
        for (Folio f : live) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioData(i, CONTENTS.valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a).isNone()) {
                memory.expectLoad(mm, a, 0, "app"); // the model's read maps the zero page
            }
        }
    }
}
