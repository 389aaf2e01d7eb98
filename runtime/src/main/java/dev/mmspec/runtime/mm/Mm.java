package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.RwSemaphore;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An address space of one process (mm_struct): its VMAs (changed under mmap_lock for write), its page tables (allocated
 * on first use, each with its own PT lock) and MMF_HAS_PINNED.
 */
public final class Mm {
    private final Kernel kernel;
    private final int id;
    private final RwSemaphore mmapLock;
    private final ConcurrentSkipListMap<Long, Vma> vmas = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, PageTable> tables = new ConcurrentSkipListMap<>();
    private volatile boolean hasPinned;

    public Mm(Kernel kernel, int id) {
        this.kernel = kernel;
        this.id = id;
        this.mmapLock = new RwSemaphore(kernel.locks(), LockClass.MMAP_LOCK, this);
    }

    public Kernel kernel() {
        return kernel;
    }

    public int id() {
        return id;
    }

    public RwSemaphore mmapLock() {
        return mmapLock;
    }

    /** MMF_HAS_PINNED: set once anything in this mm was pinned with FOLL_PIN. */
    public boolean hasPinned() {
        return hasPinned;
    }

    public void setHasPinned() {
        hasPinned = true;
    }

    // ---- VMAs

    /** find_vma() narrowed to the VMA containing {@code address}, or null. */
    public Vma findVma(long address) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(address);
        if (e != null && e.getValue().contains(address)) {
            return e.getValue();
        }
        // vma_adjust moves vm_start; the key may lag behind while it runs.
        for (Vma vma : vmas.values()) {
            if (vma.contains(address)) {
                return vma;
            }
        }
        return null;
    }

    /** @return every VMA, by start. */
    public List<Vma> vmas() {
        return new ArrayList<>(vmas.values());
    }

    /** Context: mmap_lock held for write. */
    void insertVma(Vma vma) {
        mmapLock.assertHeldWrite("vma_link", this);
        vmas.put(vma.start(), vma);
    }

    /** Context: mmap_lock held for write. */
    void removeVma(Vma vma) {
        mmapLock.assertHeldWrite("vma_unlink", this);
        vmas.values().remove(vma);
    }

    /** Re-keys a VMA whose start moved. Context: mmap_lock held for write. */
    void rekey(Vma vma) {
        mmapLock.assertHeldWrite("vma_iter_store", this);
        vmas.values().remove(vma);
        vmas.put(vma.start(), vma);
    }

    /** mmap(MAP_ANONYMOUS|MAP_PRIVATE) at fixed page {@code start}; takes the mmap_lock for write. */
    public Vma mmapAnonymous(long start, long pages, boolean writable) {
        return kernel.mmap().mmap(this, start, pages, 0, writable, false, null);
    }

    /** mmap(MAP_ANONYMOUS|MAP_PRIVATE|MAP_GROWSDOWN): a writable stack of {@code pages} pages at {@code start}. */
    public Vma mmapStack(long start, long pages) {
        Vma vma = kernel.mmap().mmap(this, start, pages, 0, true, false, null);
        mmapLock.downWrite();
        vma.setFlags(vma.flags() | Vma.VM_GROWSDOWN);
        mmapLock.upWrite();
        return vma;
    }

    /** @return the lowest VMA starting above {@code address}, or null. */
    public Vma vmaAbove(long address) {
        Map.Entry<Long, Vma> e = vmas.higherEntry(address);
        return e == null ? null : e.getValue();
    }

    /** mmap() of {@code file} at fixed page {@code start}, from file page {@code pgoff}. */
    public Vma mmapFile(AddressSpace file, long start, long pages, long pgoff, boolean writable, boolean shared) {
        return kernel.mmap().mmap(this, start, pages, pgoff, writable, shared, file);
    }

    // ---- page tables

    /** pte_alloc(): the table covering {@code address}, created on first use. */
    public PageTable pageTable(long address) {
        int per = kernel.config().ptesPerTable();
        long first = Math.floorDiv(address, per) * per;
        return tables.computeIfAbsent(first, f -> new PageTable(kernel.locks(), this, f, per));
    }

    /** @return the table covering {@code address} if it exists, else null. */
    public PageTable pageTableIfPresent(long address) {
        int per = kernel.config().ptesPerTable();
        return tables.get(Math.floorDiv(address, per) * per);
    }

    /** @return the PTE at {@code address} (a lockless read; stable only under the PT lock). */
    public Pte pte(long address) {
        PageTable table = pageTableIfPresent(address);
        return table == null ? Pte.NONE : table.get(address);
    }

    /**
     * The folio mapped at {@code address}, with a reference taken under the PT lock: how migration and reclaim find the
     * folio they start from (move_pages() looks it up the same way, with folio_walk_start()). folio_try_get(), because
     * a folio already on its way to being freed must not be revived. The shared zero page is not a normal page
     * (vm_normal_page() returns NULL for it): nothing is found there.
     *
     * <p>Context: takes the PT lock.
     *
     * @return the folio, or null if nothing is mapped there or it is being freed
     */
    public Folio tryGetMappedFolio(long address) {
        PageTable table = pageTableIfPresent(address);
        if (table == null) {
            return null;
        }
        table.ptl().lock();
        try {
            Folio folio = table.get(address).presentFolio();
            return folio != null && !folio.isZero() && folio.tryGet() ? folio : null;
        } finally {
            table.ptl().unlock();
        }
    }

    /** @return every page table, by first address. */
    public List<PageTable> pageTables() {
        return new ArrayList<>(tables.values());
    }

    @Override
    public String toString() {
        return "mm#" + id;
    }
}
