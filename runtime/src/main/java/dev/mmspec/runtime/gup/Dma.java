package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;

/** A device transfer into pages GUP returned (an O_DIRECT read, an RDMA write). */
public final class Dma {
    private final Kernel kernel;

    public Dma(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Step {@code dma_complete.complete}: the device writes {@code bytes} at {@code offset} of the page it was given
     * (whatever the process maps there now), then the reference is released with dirtying (bio_release_pages /
     * unpin_user_pages_dirty_lock).
     *
     * <p>Context: takes the folio lock for a file page only (set_page_dirty_lock); an anonymous page has no
     * ->dirty_folio that needs a stable mapping.
     */
    public void complete(GupRef ref, int offset, byte[] bytes) {
        kernel.countOperation();
        kernel.point(Labels.DMA_COMPLETE);
        ref.folio().write(offset, bytes);
        kernel.gup().release(ref, ref.write());
    }
}
