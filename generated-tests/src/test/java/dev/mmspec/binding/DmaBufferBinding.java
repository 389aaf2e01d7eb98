package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;

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

    /**
     * @param folioDomain the size of the spec's {@code Folio} domain
     * @param pages the pages of the anonymous mapping
     */
    DmaBufferBinding(BindingContext context, KernelConfig config, int folioDomain, int pages) {
        this.checked = new CheckedKernel(context, config);
        this.kernel = checked.kernel();
        this.mm = AnonProcess.map(kernel, 0, pages).mm();
        this.buffer = new DmaBuffer(kernel, mm);
        this.folios = new CanonicalNames<>(folioDomain, Folio::freed);
        this.memory = new UserMemory(kernel, contents());
        folios.of(buffer.touch(0));
        kernel.onLockEvent(SpecLocks.translator(context, this::specLock));
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

    /** The spec's {@code dma_complete}: the device's write through the reference GUP gave it. */
    public final String dmaComplete(int a) {
        return checked.run(() -> buffer.dmaComplete(a));
    }
}
