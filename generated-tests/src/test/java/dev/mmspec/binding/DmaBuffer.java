package dev.mmspec.binding;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.mm.Mm;

/**
 * A page of user memory that a device and the CPU both write, as in the test of the anon_exclusive cover letter: the
 * device writes bytes of its own at offset 0 of the page GUP handed it (an O_DIRECT read into the buffer, an RDMA
 * write), the CPU writes the page's last byte ({@code page[4095]++}), an unrelated part of the same page. The two
 * writes stay apart, so the abstraction function can ask which folio, or swap slot, holds the device's bytes: the page
 * the process maps, or one it lost.
 */
final class DmaBuffer {
    private static final byte[] DMA_BYTES = {(byte) 0xd0, (byte) 0x0d};
    static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;
    /**
     * What the application keeps between the device's bytes and its own ({@link #touch} stores it): a page that lost it
     * (a copy skipped or torn, a swap-in from the wrong place) is none of the pages the specs model.
     */
    private static final byte[] FILL = {0x5a, (byte) 0xa5, 0x3c, (byte) 0xc3, 0x66};

    private static final int FILL_OFFSET = DMA_BYTES.length;
    /** The CPU's first store, {@link #touch}'s; {@link #cpuWrite} stores {@link #CPU_STORED}. */
    static final byte CPU_TOUCHED = 1;

    static final byte CPU_STORED = 2;

    /**
     * The pages of the specs' {@code dma_data}: 0 the buffer as the application filled it, 1 the same with the device's
     * bytes at offset 0; the CPU's byte is left out, as no DMA spec tracks it.
     */
    static final UserMemory.Contents CONTENTS = UserMemory.Contents.exact(
                    page(false, CPU_TOUCHED), page(true, CPU_TOUCHED))
            .ignoring(CPU_OFFSET);

    private final Kernel kernel;
    private final Mm mm;
    private final GupReferences refs;

    /** @param mm the process whose mapping holds the buffer */
    DmaBuffer(Kernel kernel, Mm mm) {
        this.kernel = kernel;
        this.mm = mm;
        this.refs = new GupReferences(kernel);
    }

    /**
     * The spec's {@code init}: the application has touched its buffer at {@code address}.
     *
     * @return the folio the write faulted in
     */
    Folio touch(long address) {
        Folio folio = SpecKernel.written(kernel, mm, address, CPU_OFFSET, CPU_TOUCHED);
        for (int i = 0; i < FILL.length; i++) {
            if (SpecKernel.written(kernel, mm, address, FILL_OFFSET + i, FILL[i]) != folio) {
                throw new IllegalStateException("setup write at " + address + " moved the page: " + mm.pte(address));
            }
        }
        return folio;
    }

    /**
     * @return the page as {@link #touch} leaves it, with the device's bytes if {@code dma}, the CPU's byte {@code cpu}
     */
    static byte[] page(boolean dma, byte cpu) {
        byte[] page = new byte[Folio.PAGE_SIZE];
        if (dma) {
            System.arraycopy(DMA_BYTES, 0, page, 0, DMA_BYTES.length);
        }
        System.arraycopy(FILL, 0, page, FILL_OFFSET, FILL.length);
        page[CPU_OFFSET] = cpu;
        return page;
    }

    /** The spec's {@code write}: the CPU's {@code page[4095]++}, one attempt. @return the outcome's label */
    String cpuWrite(int a) {
        return kernel.user().writeOnce(mm, a, CPU_OFFSET, CPU_STORED).outcome().label();
    }

    /** The page at {@code a} handed to the device by GUP with {@code flags}. @return the outcome's label */
    String gup(int a, Foll... flags) {
        return refs.take(mm, a, flags);
    }

    /** @return whether the device holds the page it was given at {@code a} */
    boolean registered(int a) {
        return refs.holds(a);
    }

    /** @see GupReferences#completeDma */
    String dmaComplete(int a) {
        return refs.completeDma(a, DMA_BYTES);
    }
}
