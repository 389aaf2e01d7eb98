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
    private static final int CPU_OFFSET = Folio.PAGE_SIZE - 1;

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
        return SpecKernel.written(kernel, mm, address, CPU_OFFSET, (byte) 1);
    }

    /** The spec's {@code write}: the CPU's {@code page[4095]++}, one attempt. @return the outcome's label */
    String cpuWrite(int a) {
        return kernel.user().writeOnce(mm, a, CPU_OFFSET, (byte) 2).outcome().label();
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

    /** @return whether {@code folio} holds what the device wrote */
    static boolean holdsDmaData(Folio folio) {
        return folio.holds(0, DMA_BYTES);
    }

    /** @return whether {@code data} (a swap slot's, null for none) begins with what the device wrote */
    static boolean isDmaData(byte[] data) {
        if (data == null || data.length < DMA_BYTES.length) {
            return false;
        }
        for (int i = 0; i < DMA_BYTES.length; i++) {
            if (data[i] != DMA_BYTES[i]) {
                return false;
            }
        }
        return true;
    }
}
