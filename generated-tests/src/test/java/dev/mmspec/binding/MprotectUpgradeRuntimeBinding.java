package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.mprotect_upgrade.MprotectUpgradeBinding;
import dev.mmspec.generated.mprotect_upgrade.MprotectUpgradeState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.vma.Vma;

/**
 * spec/anon/mprotect_upgrade.mmspec on the runtime: a parent with one private anonymous page at address 0, written once
 * (the spec's {@code init}: exclusive, mapped writable and dirty, holding 0 at {@link #DATA_OFFSET}); the parent's
 * stores put {@link #SECRET} there. {@code mprotect(w)} is {@code Mmap.mprotect} of the page (PROT_READ, or
 * PROT_READ|PROT_WRITE), {@code fork()} makes the one child, whose {@code munmap} zaps its copy-on-write mapping.
 *
 * <p>{@link ParentAndChild} names the pair's locks: the child's mmap_lock (only the child task and fork take it) is not
 * in the spec.
 */
public final class MprotectUpgradeRuntimeBinding implements MprotectUpgradeBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final int DATA_OFFSET = 0;
    static final byte SECRET = 1;
    /** The spec's {@code data}: 0 the page the parent filled before the fork, 1 the same after its write. */
    static final UserMemory.Contents CONTENTS =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), DATA_OFFSET, SECRET));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements MprotectUpgradeBinding.Factory {
        @Override
        public MprotectUpgradeBinding create(BindingContext context) {
            return new MprotectUpgradeRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final ParentAndChild processes;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;

    MprotectUpgradeRuntimeBinding(BindingContext context) {
        this.checked =
                new CheckedKernel(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0));
        this.kernel = checked.kernel();
        this.memory = new UserMemory(kernel, CONTENTS);
        AnonProcess parent = AnonProcess.map(kernel, 0, ADDRESSES);
        folios.of(SpecKernel.filled(kernel, parent.mm(), 0, UserMemory.filled()));
        this.processes = new ParentAndChild(kernel, parent.mm());
        kernel.onLockEvent(SpecLocks.translator(context, e -> processes.specLock(e, folios)));
    }

    @Override
    public String write(int a) {
        return checked.run(() -> kernel.user()
                .writeOnce(processes.parent(), a, DATA_OFFSET, SECRET)
                .outcome()
                .label());
    }

    @Override
    public String mprotect(int w) {
        return checked.run(() ->
                kernel.mmap().mprotect(processes.parent(), 0, ADDRESSES, w != 0).label());
    }

    @Override
    public String fork() {
        if (processes.child() != null && !kernel.hooks().controlled()) {
            // Real-thread stress (BindingStress) starts an operation whatever the spec's require says:
            // the spec forks once, so a second fork does nothing here.
            return "";
        }
        return checked.run(processes::fork);
    }

    @Override
    public String munmap(int a) {
        Mm child = processes.child();
        if (child == null && !kernel.hooks().controlled()) {
            return ""; // real-thread stress: the spec's require (forked) holds this back
        }
        return checked.run(() -> kernel.mmap().munmap(child, a, a + 1).label());
    }

    @Override
    public void abstractState(MprotectUpgradeState state) {
        processes.abstractPtes(
                ADDRESSES,
                folios,
                (a, folio, writable, dirty) ->
                        state.pteFolio(a, folio).pteWritable(a, writable).pteDirty(a, dirty),
                (a, folio, writable, dirty) -> state.childPtePresent(a, true)
                        .childPteFolio(a, folio)
                        .childPteWritable(a, writable)
                        .childPteDirty(a, dirty));
        Mm child = processes.child();
        for (int a = 0; a < ADDRESSES; a++) {
            state.childVma(a, child != null && child.findVma(a) != null);
        }
        Vma vma = processes.parent().findVma(0);
        state.vmaWritable(vma != null && vma.writable());
        folios.update(kernel::liveFolios);
        for (Folio f : kernel.liveFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioData(i, CONTENTS.valueOf(f));
        }
        memory.expectMapped(processes.parent(), ADDRESSES, "parent");
        if (child != null) {
            memory.expectMapped(child, ADDRESSES, "child");
        }
    }
}
