package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the bindings of the O_DIRECT specs (anon_exclusive, ksm, fork) share: one process with private anonymous memory
 * from address 0 whose page 0 is a {@link DmaBuffer} the application has already touched (the spec's {@code init}), and
 * the spec's {@code write} and {@code dma_complete}, which are the buffer's. A subclass implements its spec's generated
 * binding interface, whose {@code write(int)} and {@code dmaComplete(int)} are the methods here, and adds the rest of
 * its spec.
 */
abstract class DmaBufferBinding {
    final CheckedKernel checked;
    final Kernel kernel;
    final Mm mm;
    final DmaBuffer buffer;
    final CanonicalNames<Folio> folios;
    final UserMemory memory;
    private final GuardPage guard;

    /**
     * @param folioDomain the size of the spec's {@code Folio} domain
     * @param pages the pages of the anonymous mapping
     */
    DmaBufferBinding(BindingContext context, KernelConfig config, int folioDomain, int pages) {
        this(context, config, folioDomain, pages, false);
    }

    /**
     * @param guarded whether the mapping has a {@link GuardPage} at address {@code pages}, past the spec's (the
     *     configuration's folio bound must leave room for its folio)
     */
    DmaBufferBinding(BindingContext context, KernelConfig config, int folioDomain, int pages, boolean guarded) {
        // With the guard page in the mapping, a munmap or mprotect of the spec's pages splits the VMA.
        this.checked = guarded
                ? new CheckedKernel(context, config, Map.of(), Set.of(Labels.VMA_ADJUST_START, Labels.VMA_ADJUST_PGOFF))
                : new CheckedKernel(context, config);
        this.kernel = checked.kernel();
        this.mm = AnonProcess.map(kernel, 0, guarded ? pages + 1 : pages).mm();
        this.buffer = new DmaBuffer(kernel, mm);
        this.folios = new CanonicalNames<>(folioDomain, Folio::freed);
        this.memory = new UserMemory(kernel, contents());
        folios.of(buffer.touch(0));
        this.guard = guarded ? GuardPage.touch(kernel, mm, pages) : null;
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
    }

    /**
     * @return the runtime's live folios that the spec names: all but the guard page's
     * @throws IllegalStateException if the guard page was touched
     */
    final List<Folio> specFolios() {
        if (guard == null) {
            return kernel.liveFolios();
        }
        guard.expectUntouched();
        return guard.without(kernel.liveFolios());
    }

    /**
     * Called from the constructor, before the subclass's fields are set.
     *
     * @return the page contents of the spec's data values: the DMA specs' {@code dma_data} by default
     */
    UserMemory.Contents contents() {
        return DmaBuffer.CONTENTS;
    }

    /**
     * Lock events reach this only from simulated tasks, which run after construction: an override may name locks by
     * fields its constructor sets after this class's.
     *
     * @return the spec lock of a runtime lock event, or null for a lock the spec does not declare: here only
     *     {@code ptl} and {@code folio_lock}
     */
    SpecLocks.Name specLock(LockEvent e) {
        return SpecLocks.pageTableOrFolio(e, folios);
    }

    /** The spec's {@code write}: the CPU's store to the last byte of the page, one attempt. */
    public final String write(int a) {
        return checked.run(() -> buffer.cpuWrite(a));
    }

    /** The spec's {@code madvise_pageout}, where it has one: MADV_PAGEOUT of page {@code a}. */
    public final String madvisePageout(int a) {
        return checked.run(() -> kernel.reclaim().madvisePageout(mm, a, a + 1).label());
    }

    /** The spec's {@code dma_complete}: the device's write through the reference GUP gave it. */
    public final String dmaComplete(int a) {
        return checked.run(() -> buffer.dmaComplete(a));
    }
}
