package dev.mmspec.binding;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupRef;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import java.util.HashMap;
import java.util.Map;

/**
 * The page references get_user_pages() and pin_user_pages() handed out, kept by the user address they were taken at
 * until a device transfer completes through them: an O_DIRECT read's bio, an RDMA registration, the /proc/self/mem
 * write's page, a pipe buffer vmsplice() filled. One per address, as the specs hold them.
 */
final class GupReferences {
    private final Kernel kernel;
    private final Map<Integer, GupRef> refs = new HashMap<>();

    GupReferences(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * get_user_pages() ({@link Foll#PIN} for pin_user_pages()) on the page at {@code a}, keeping the reference if one
     * was taken.
     *
     * @return the outcome's label
     */
    String take(Mm mm, int a, Foll... flags) {
        if (refs.containsKey(a) && !kernel.hooks().controlled()) {
            // Real-thread stress (BindingStress) starts an operation whatever the spec's require says:
            // with a reference already held here the spec's operation would not start, so neither does this.
            return Outcome.EAGAIN.label();
        }
        GupResult result = kernel.gup().get(mm, a, flags);
        if (result.ok()) {
            refs.put(a, result.ref());
        }
        return result.outcome().label();
    }

    /** @return whether a reference taken at {@code a} is still held */
    boolean holds(int a) {
        return refs.containsKey(a);
    }

    /**
     * The spec's {@code dma_complete}: the device writes {@code bytes} at offset 0 of the page it was given, and the
     * reference is released with dirtying ({@code Dma.complete}: bio_release_pages(), unpin_user_pages_dirty_lock()).
     *
     * @return "" (the operation has no outcome)
     * @throws IllegalStateException if no reference is held at {@code a} under the controlled scheduler: the spec's
     *     guard allows none
     */
    String completeDma(int a, byte[] bytes) {
        GupRef ref = refs.remove(a);
        if (ref == null && !kernel.hooks().controlled()) {
            return ""; // real-thread stress: the spec's require holds this back; nothing to complete
        }
        if (ref == null) {
            throw new IllegalStateException("dma_complete(" + a + ") without a GUP reference");
        }
        kernel.dma().complete(ref, 0, bytes);
        return "";
    }
}
