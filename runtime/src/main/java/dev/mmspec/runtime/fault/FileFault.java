package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.Filemap.FaultPage;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * The second half of a fault on a missing file page (mm/memory.c do_read_fault, do_cow_fault, do_shared_fault): map the
 * page-cache folio, or a private copy of it, and release what __do_fault returned (the folio reference, and its lock if
 * it was returned locked).
 */
final class FileFault {
    private final Kernel kernel;

    FileFault(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Context: mmap_lock held (read); the folio lock if {@code pending.filePage().locked()}; takes the PT lock. */
    Outcome finish(Fault.Pending pending, Access access, boolean[] accessed) {
        FaultPage page = pending.filePage();
        Vma vma = pending.vma();
        boolean write = (pending.flags() & Fault.WRITE) != 0;
        if (page.locked()) {
            page.folio().lock().assertHeld("finish_fault", page.folio());
        }
        if (write && !vma.shared()) {
            return doCowFault(pending, access, accessed);
        }
        if (write) {
            return doSharedFault(pending, access, accessed);
        }
        return mapFolio(pending, page.folio(), false, access, accessed);
    }

    /**
     * do_cow_fault(): copy the file page into a new anonymous page and map that. With the file folio locked
     * (fault_truncate_recheck), truncate cannot remove the file page until the copy is mapped, and its second unmap
     * pass then finds the copy.
     */
    private Outcome doCowFault(Fault.Pending pending, Access access, boolean[] accessed) {
        FaultPage page = pending.filePage();
        Folio copy = kernel.folios().alloc();
        if (copy == null) {
            page.release();
            return Outcome.ENOMEM;
        }
        copy.copyFrom(page.folio());
        Vma vma = pending.vma();
        PageTable table = vma.mm().pageTable(pending.address());
        boolean installed = false;
        table.ptl().lock();
        try {
            if (table.get(pending.address()).isNone()) {
                kernel.rmap().addNewAnonRmap(copy, vma, pending.address());
                // maybe_mkwrite(pte_mkdirty()): a FOLL_FORCE write to a read-only VMA leaves it dirty but read-only.
                table.set(pending.address(), new Pte.Present(copy, vma.writable(), true));
                installed = true;
            }
            if (access != null) {
                accessed[0] = access.at(table, pending.address());
            }
        } finally {
            table.ptl().unlock();
        }
        if (!installed) {
            copy.put();
        }
        page.release();
        return Outcome.OK;
    }

    /**
     * do_shared_fault(): page_mkwrite, then map the page-cache folio writable and dirty. shmem has no page_mkwrite: the
     * folio is just dirtied (fault_dirty_shared_page).
     */
    private Outcome doSharedFault(Fault.Pending pending, Access access, boolean[] accessed) {
        FaultPage page = pending.filePage();
        Folio folio = page.folio();
        if (!pending.vma().file().dirtyTracked()) {
            kernel.filemap().markDirty(folio);
            return mapFolio(pending, folio, true, access, accessed);
        }
        if (!kernel.filemap().pageMkwrite(folio, pending.vma().file(), page.locked())) {
            folio.put();
            return Outcome.OK;
        }
        return mapFolio(pending, folio, true, access, accessed);
    }

    /**
     * finish_fault() for the page-cache folio itself; unlocks it if locked, drops the reference if not mapped. A shared
     * writable mapping that is not dirty-tracked (shmem) has a writable vm_page_prot, so even a read fault maps the
     * page writable (clean).
     */
    private Outcome mapFolio(Fault.Pending pending, Folio folio, boolean write, Access access, boolean[] accessed) {
        Vma vma = pending.vma();
        boolean writable =
                write || (vma.shared() && vma.writable() && !vma.file().dirtyTracked());
        PageTable table = vma.mm().pageTable(pending.address());
        boolean installed = false;
        boolean locked = folio.lock().heldByCurrentThread();
        table.ptl().lock();
        try {
            if (table.get(pending.address()).isNone()) {
                kernel.rmap().addFileRmap(folio);
                table.set(pending.address(), new Pte.Present(folio, writable, write));
                installed = true;
            }
            if (access != null) {
                accessed[0] = access.at(table, pending.address());
            }
        } finally {
            table.ptl().unlock();
        }
        if (locked) {
            folio.lock().unlock();
        }
        if (!installed) {
            folio.put();
        }
        return Outcome.OK;
    }
}
