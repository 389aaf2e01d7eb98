package dev.mmspec.binding;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.vma.Vma;

/**
 * A process with one private, writable anonymous mapping, {@code mmap(MAP_PRIVATE | MAP_ANONYMOUS)} of some pages, as
 * the anonymous-memory specs start: nothing is faulted in until the spec's {@code init} {@linkplain #write writes} a
 * page.
 *
 * @param kernel the kernel it runs on
 * @param mm the process's address space
 * @param vma its one mapping
 */
record AnonProcess(Kernel kernel, Mm mm, Vma vma) {

    /** @return a new process mapping {@code pages} pages from address {@code start} */
    static AnonProcess map(Kernel kernel, long start, long pages) {
        Mm mm = kernel.createMm();
        return new AnonProcess(kernel, mm, mm.mmapAnonymous(start, pages, true));
    }

    /**
     * The spec's {@code init}: the application stores {@code value} at {@code offset} of the page at {@code address};
     * do_anonymous_page() maps a fresh, exclusive folio there.
     *
     * @return that folio
     */
    Folio write(long address, int offset, byte value) {
        return SpecKernel.written(kernel, mm, address, offset, value);
    }
}
