package dev.mmspec.binding;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.Arrays;
import java.util.List;

/**
 * A page just past the spec's addresses, in the same mapping (swap_fork: a shared mapping just after the spec's), that
 * no spec operation may touch: every range the specs name is {@code [a, a + 1)} or the spec's own pages, so a zap,
 * munmap, mprotect or reclaim that also changes this page has its range arithmetic wrong (an inclusive end, a boundary
 * off by one, a split at the wrong address). With the spec's pages alone the mapping ended where the range did, and the
 * VMA clipped such a mistake away.
 *
 * <p>Its folio is the runtime's, not the spec's: a binding leaves it out of the folios it names ({@link #without}).
 */
final class GuardPage {
    private final Mm mm;
    private final long address;
    private final Pte pte;
    private final Folio folio;
    private final byte[] contents;
    /** 1 for an anonymous page; a file page's includes the page cache's reference. */
    private final int refcount;

    private GuardPage(Mm mm, long address, Pte pte, Folio folio) {
        this.mm = mm;
        this.address = address;
        this.pte = pte;
        this.folio = folio;
        this.contents = folio.contents();
        this.refcount = folio.refcount();
    }

    /**
     * Setup: the application fills the page at {@code address} of {@code mm}, which must be mapped: an anonymous page,
     * a private COW copy of a file page, or (a shared file mapping) the page-cache folio itself.
     */
    static GuardPage touch(Kernel kernel, Mm mm, long address) {
        Folio folio = SpecKernel.filled(kernel, mm, address, UserMemory.filled());
        return new GuardPage(mm, address, mm.pte(address), folio);
    }

    /** @return {@code folios} without the guard page's */
    List<Folio> without(List<Folio> folios) {
        return folios.stream().filter(f -> f != folio).toList();
    }

    /**
     * @throws IllegalStateException if the page's PTE, its folio's counts or its contents changed since setup, naming
     *     what changed
     */
    void expectUntouched() {
        Pte now = mm.pte(address);
        if (!now.equals(pte)) {
            throw new IllegalStateException("the page at " + address + ", outside every range the spec names, changed: "
                    + pte + " -> " + now + " (" + mm.vmas() + ")");
        }
        if (folio.freed()
                || folio.refcount() != refcount
                || folio.mapcount() != 1
                || !Arrays.equals(folio.contents(), contents)) {
            throw new IllegalStateException(
                    "the folio of the page at " + address + ", outside every range the spec names, changed: " + folio);
        }
    }
}
