package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.migrate_fork.MigrateForkBinding;
import dev.mmspec.generated.migrate_fork.MigrateForkState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;

/**
 * spec/migration/migrate_fork.mmspec on the runtime: a parent with one private anonymous page at address 0, filled
 * ({@link UserMemory#filled}) and faulted in (the spec's {@code init}), one PTE per page table. {@code fork()} is
 * {@code Fork.fork}, {@code migrate(p)} is {@code Migration.migrate} of the page at address 0 of process {@code p} (the
 * parent for 0, the child for 1). Process {@code p} is also the index of the spec's {@code ptl[p]}.
 *
 * <p>The abstraction reports both PTEs, a present one or a migration entry with its writable and exclusive bits, and
 * every live folio's counts, PG_anon_exclusive and PG_locked; a load by each process must read the page as the parent
 * filled it, through the new folio after a move ({@link UserMemory#expectMapped}).
 */
public final class MigrateForkRuntimeBinding implements MigrateForkBinding {
    static final int PROCESSES = 2;
    static final int FOLIOS = 2;
    static final UserMemory.Contents CONTENTS = UserMemory.Contents.exact(UserMemory.filled());

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements MigrateForkBinding.Factory {
        @Override
        public MigrateForkBinding create(BindingContext context) {
            return new MigrateForkRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final ParentAndChild processes;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;

    MigrateForkRuntimeBinding(BindingContext context) {
        this.checked =
                new CheckedKernel(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0));
        this.kernel = checked.kernel();
        this.memory = new UserMemory(kernel, CONTENTS);
        Mm parent = AnonProcess.map(kernel, 0, 1).mm();
        SpecKernel.filled(kernel, parent, 0, UserMemory.filled());
        this.processes = new ParentAndChild(kernel, parent);
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /** @return process {@code p} of the spec, or null for the child before fork() */
    private Mm process(int p) {
        return p == 0 ? processes.parent() : processes.child();
    }

    /** @return the spec lock of a runtime lock event: the processes' PT locks by process, folio locks */
    private SpecLocks.Name specLock(LockEvent e) {
        if (e.instance() instanceof PageTable table && e.lockClass().lockName().equals("ptl")) {
            return new SpecLocks.Name("ptl", table.mm() == processes.parent() ? 0 : 1);
        }
        return SpecLocks.pageTableOrFolio(e, folios);
    }

    @Override
    public String fork() {
        return checked.run(processes::fork);
    }

    @Override
    public String migrate(int p) {
        return checked.run(
                () -> kernel.migration().migrate(process(p), 0).outcome().label());
    }

    @Override
    public void abstractState(MigrateForkState state) {
        // A migration entry left behind may name a folio that was freed: keep its name while the entry exists.
        folios.update(() -> {
            List<Folio> named = new ArrayList<>(kernel.liveFolios());
            for (int p = 0; p < PROCESSES; p++) {
                Mm mm = process(p);
                if (mm != null && mm.pte(0) instanceof Pte.Migration m && !named.contains(m.folio())) {
                    named.add(m.folio());
                }
            }
            return named;
        });
        for (int p = 0; p < PROCESSES; p++) {
            Mm mm = process(p);
            if (mm == null) {
                continue;
            }
            Pte pte = mm.pte(0);
            if (pte instanceof Pte.Present present) {
                state.pteKind(p, MigrateForkState.PTE_KIND_PRESENT)
                        .pteFolio(p, folios.of(present.folio()))
                        .pteWritable(p, present.writable());
            } else if (pte instanceof Pte.Migration m) {
                state.pteKind(p, MigrateForkState.PTE_KIND_MIGRATION)
                        .pteFolio(p, folios.of(m.folio()))
                        .pteWritable(p, m.writable())
                        .pteExclusive(p, m.exclusive());
            } else if (!pte.isNone()) {
                throw new IllegalStateException("migrate_fork has no PTE like " + pte);
            }
            memory.expectMapped(mm, 1, p == 0 ? "parent" : "child");
        }
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioLocked(i, f.locked());
        }
    }
}
