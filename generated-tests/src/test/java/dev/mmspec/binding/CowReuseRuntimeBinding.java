package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.generated.cow_reuse.CowReuseBinding;
import dev.mmspec.generated.cow_reuse.CowReuseState;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.mm.Mm;

/**
 * spec/anon/cow_reuse.mmspec on the runtime: a parent with one private anonymous page at address 0 holding 0 at
 * {@link #DATA_OFFSET} (the spec's {@code init}); the parent's writes store {@link #SECRET} there. {@code fork()} makes
 * the child; its vmsplice() is get_user_pages(FOLL_GET | FOLL_NOFAULT) for read on the child's mapping, the reference
 * kept as the pipe buffer.
 *
 * <p>{@link ParentAndChild} names the pair's locks: the child's mmap_lock (only the child task and fork take it) is not
 * in the spec.
 */
public final class CowReuseRuntimeBinding implements CowReuseBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;
    static final int DATA_OFFSET = 0;
    static final byte SECRET = 1;
    /** The spec's {@code data}: 0 the page the parent filled before the fork, 1 the same after its write. */
    static final UserMemory.Contents CONTENTS =
            UserMemory.Contents.exact(UserMemory.filled(), UserMemory.with(UserMemory.filled(), DATA_OFFSET, SECRET));

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements CowReuseBinding.Factory {
        @Override
        public CowReuseBinding create(BindingContext context) {
            return new CowReuseRuntimeBinding(context);
        }
    }

    private final CheckedKernel checked;
    private final Kernel kernel;
    private final ParentAndChild processes;
    private final GupReferences pipe;
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(FOLIOS, Folio::freed);
    private final UserMemory memory;

    CowReuseRuntimeBinding(BindingContext context) {
        this.checked =
                new CheckedKernel(context, SpecKernel.config(context, FOLIOS).withSwapSlots(0));
        this.kernel = checked.kernel();
        this.memory = new UserMemory(kernel, CONTENTS);
        AnonProcess parent = AnonProcess.map(kernel, 0, ADDRESSES);
        folios.of(SpecKernel.filled(kernel, parent.mm(), 0, UserMemory.filled()));
        this.processes = new ParentAndChild(kernel, parent.mm());
        this.pipe = new GupReferences(kernel);
        kernel.onLockEvent(SpecLocks.translator(context, e -> processes.specLock(e, folios)));
    }

    /** @return the parent process, for tests */
    Mm parent() {
        return processes.parent();
    }

    @Override
    public String write(int a) {
        return checked.run(() -> kernel.user()
                .writeOnce(processes.parent(), a, DATA_OFFSET, SECRET)
                .outcome()
                .label());
    }

    @Override
    public String fork() {
        return checked.run(processes::fork);
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> pipe.take(processes.child(), a, Foll.NOFAULT));
    }

    @Override
    public String munmap(int a) {
        return checked.run(
                () -> kernel.mmap().munmap(processes.child(), a, a + 1).label());
    }

    @Override
    public void abstractState(CowReuseState state) {
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
