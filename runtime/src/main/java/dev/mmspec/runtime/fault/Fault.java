package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.Filemap.FaultPage;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * The page fault handler (mm/memory.c handle_mm_fault), in two stages so that a user access can be interleaved between
 * them: {@link #begin} makes the page present (do_anonymous_page, do_swap_page, or __do_fault for a file),
 * {@link #finish} makes it usable for the access (finish_fault, do_cow_fault, do_shared_fault, do_wp_page) and performs
 * the access under the PT lock. {@link #handleMmFault} runs both, as GUP's faultin_page does.
 */
public final class Fault {
    /** FAULT_FLAG_WRITE. */
    public static final int WRITE = 1;
    /**
     * FAULT_FLAG_UNSHARE: give a COW mapping an exclusive anonymous page without making it writable (R/O pin). In any
     * other mapping the fault is an ordinary read fault (sanitize_fault_flags).
     */
    public static final int UNSHARE = 2;

    /**
     * The fault between its stages.
     *
     * @param outcome OK, or the outcome that ends the fault (SIGBUS, ENOMEM)
     * @param filePage for a none PTE of a file VMA, what __do_fault found; else null
     */
    public record Pending(Vma vma, long address, int flags, Outcome outcome, FaultPage filePage) {}

    private final Kernel kernel;
    private final SwapFault swapFault;
    private final WriteProtectFault wpFault;

    public Fault(Kernel kernel) {
        this.kernel = kernel;
        this.swapFault = new SwapFault(kernel);
        this.wpFault = new WriteProtectFault(kernel);
    }

    /** handle_mm_fault() in full. Context: mmap_lock held (read). */
    public Outcome handleMmFault(Vma vma, long address, int flags) {
        Pending pending = begin(vma, address, flags);
        return pending.outcome() != Outcome.OK ? pending.outcome() : finish(pending, null);
    }

    /**
     * First stage: drop FAULT_FLAG_UNSHARE outside COW mappings (sanitize_fault_flags), then make a missing page
     * present. A present PTE needs nothing here.
     *
     * <p>Context: mmap_lock held (read); takes the invalidate_lock, folio lock and PT lock as the case needs, and may
     * return holding the file folio's lock (see {@code Filemap.fault}).
     */
    public Pending begin(Vma vma, long address, int requestedFlags) {
        vma.mm().mmapLock().assertHeld("handle_mm_fault", vma);
        int flags = sanitizeFaultFlags(vma, requestedFlags);
        Pte pte = vma.mm().pte(address);
        if (pte instanceof Pte.Migration) {
            swapFault.migrationEntryWait(vma, address);
            return new Pending(vma, address, flags, Outcome.OK, null);
        }
        if (pte instanceof Pte.Swap swap) {
            return new Pending(vma, address, flags, swapFault.doSwapPage(vma, address, swap, flags), null);
        }
        if (!pte.isNone()) {
            return new Pending(vma, address, flags, Outcome.OK, null);
        }
        if (vma.isAnonymous()) {
            return new Pending(vma, address, flags, doAnonymousPage(vma, address, flags), null);
        }
        FaultPage page = kernel.filemap().fault(vma.file(), vma.linearIndex(address));
        return new Pending(vma, address, flags, page.outcome(), page.outcome() == Outcome.OK ? page : null);
    }

    /**
     * Second stage: finish a file fault, or handle a write to a read-only PTE (do_wp_page), then perform {@code access}
     * (may be null) under the PT lock.
     *
     * <p>Context: mmap_lock held (read); takes the PT lock.
     *
     * @return OK (whether or not the access went through: see {@code Access}), or ENOMEM
     */
    public Outcome finish(Pending pending, Access access) {
        return finish(pending, access, new boolean[1]);
    }

    /** As {@link #finish(Pending, Access)}; {@code accessed[0]} tells whether the access went through. */
    public Outcome finish(Pending pending, Access access, boolean[] accessed) {
        Vma vma = pending.vma();
        long address = pending.address();
        boolean write = (pending.flags() & WRITE) != 0;
        if (pending.outcome() != Outcome.OK) {
            return pending.outcome();
        }
        if ((write || (pending.flags() & UNSHARE) != 0) && !vma.shared()) {
            kernel.rmap().anonVmaPrepare(vma);
        }
        if (pending.filePage() != null) {
            return new FileFault(kernel).finish(pending, access, accessed);
        }
        PageTable table = vma.mm().pageTable(address);
        table.ptl().lock();
        try {
            Outcome outcome = Outcome.OK;
            Pte pte = table.get(address);
            // handle_pte_fault() calls do_wp_page() for an unshare only on a read-only PTE. Here (UNSHARE survives only
            // in a COW mapping) the test is "not an exclusive anon page": the same wherever writable_implies_exclusive
            // holds, since do_wp_page() returns at once for an exclusive page. Only a state that invariant reports (a
            // writable PTE of a page that is not exclusive anon, left by an injected bug) still reaches do_wp_page.
            if (pte instanceof Pte.Present present
                    && ((write && !present.writable())
                            || ((pending.flags() & UNSHARE) != 0 && !exclusiveAnon(present)))) {
                outcome = wpFault.doWpPage(vma, table, address, present, pending.flags());
            }
            if (outcome == Outcome.OK && access != null) {
                accessed[0] = access.at(table, address);
            }
            return outcome;
        } finally {
            table.ptl().unlock();
        }
    }

    /**
     * sanitize_fault_flags(): FAULT_FLAG_UNSHARE only applies to COW mappings; anywhere else the fault is an ordinary
     * read fault. Without this, an unshare of a shared file page would reach do_wp_page, whose shared-mapping branch
     * assumes a write (wp_page_shared: page_mkwrite, a writable PTE, a dirty page) although nothing was written.
     */
    private static int sanitizeFaultFlags(Vma vma, int flags) {
        return (flags & UNSHARE) != 0 && !vma.isCowMapping() ? flags & ~UNSHARE : flags;
    }

    private static boolean exclusiveAnon(Pte.Present present) {
        return present.folio().isAnon() && present.folio().anonExclusive();
    }

    /**
     * do_anonymous_page(): a read fault maps the shared zero page read-only (pte_mkspecial: no rmap, no reference, no
     * anon_vma needed); anything else gets a zeroed, exclusive page, writable if the VMA is. A later write fault copies
     * from the zero page (wp_page_copy); an R/O long-term pin unshares it first (gup_must_unshare).
     *
     * <p>Context: mmap_lock held (read); takes the anon_vma rwsem (first page only), then the PT lock.
     */
    Outcome doAnonymousPage(Vma vma, long address, int flags) {
        if ((flags & (WRITE | UNSHARE)) == 0 && !vma.shared()) {
            PageTable table = vma.mm().pageTable(address);
            table.ptl().lock();
            try {
                if (table.get(address).isNone()) {
                    boolean writable = vma.writable() && kernel.injected(Injection.ZERO_PAGE_MAPPED_WRITABLE);
                    table.set(address, new Pte.Present(kernel.zeroPage(), writable, false));
                }
            } finally {
                table.ptl().unlock();
            }
            return Outcome.OK;
        }
        kernel.rmap().anonVmaPrepare(vma);
        Folio folio = kernel.folios().alloc();
        if (folio == null) {
            return Outcome.ENOMEM;
        }
        PageTable table = vma.mm().pageTable(address);
        table.ptl().lock();
        boolean installed = false;
        try {
            if (table.get(address).isNone()) {
                kernel.rmap().addNewAnonRmap(folio, vma, address);
                table.set(address, new Pte.Present(folio, vma.writable(), vma.writable()));
                installed = true;
            }
        } finally {
            table.ptl().unlock();
        }
        if (!installed) {
            folio.put();
        }
        return Outcome.OK;
    }
}
