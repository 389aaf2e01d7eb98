package dev.mmspec.runtime.mm;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;

/**
 * Changing the VMAs of an mm: mmap, munmap, mprotect, madvise(MADV_DONTNEED), vma_adjust, exit (mm/mmap.c,
 * mm/mprotect.c).
 */
public final class Mmap {
    private final Kernel kernel;
    private final Zap zap;

    public Mmap(Kernel kernel) {
        this.kernel = kernel;
        this.zap = new Zap(kernel);
    }

    public Zap zap() {
        return zap;
    }

    /**
     * mmap() at a fixed, free range. Private mappings may always become writable (VM_MAYWRITE); shared ones only if
     * mapped writable.
     *
     * <p>Context: takes mmap_lock (write), then i_mmap_rwsem (write) for a file.
     */
    public Vma mmap(Mm mm, long start, long pages, long pgoff, boolean writable, boolean shared, AddressSpace file) {
        int flags = Vma.VM_READ
                | (writable ? Vma.VM_WRITE : 0)
                | (shared ? Vma.VM_SHARED : 0)
                | (!shared || writable ? Vma.VM_MAYWRITE : 0);
        mm.mmapLock().downWrite();
        try {
            for (long a = start; a < start + pages; a++) {
                if (mm.findVma(a) != null) {
                    throw new IllegalArgumentException("mmap over an existing mapping at " + a + " in " + mm);
                }
            }
            Vma vma = new Vma(mm, start, start + pages, file == null ? start : pgoff, flags, file);
            if (file != null) {
                file.iMmapRwsem().downWrite();
                file.link(vma);
                file.iMmapRwsem().upWrite();
            }
            mm.insertVma(vma);
            return vma;
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * Step {@code munmap.unmap}: split the VMAs at the range's ends, zap their pages, unlink them from the rmap and the
     * mm.
     *
     * <p>Context: takes mmap_lock (write), then rmap locks (write) and PT locks.
     */
    public Outcome munmap(Mm mm, long start, long end) {
        kernel.countOperation();
        kernel.point(Labels.MUNMAP_UNMAP);
        mm.mmapLock().downWrite();
        try {
            unmapLocked(mm, start, end);
            return Outcome.OK;
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * do_vmi_munmap(): split, zap, unlink every VMA part inside {@code [start, end)}. Context: mmap_lock held (write).
     */
    void unmapLocked(Mm mm, long start, long end) {
        mm.mmapLock().assertHeldWrite("do_vmi_munmap", mm);
        for (Vma vma : mm.vmas()) {
            if (vma.end() <= start || vma.start() >= end) {
                continue;
            }
            Vma target = splitToRange(vma, start, end);
            zap.zapRange(target, target.start(), target.end(), pte -> true);
            unlink(target);
            mm.removeVma(target);
        }
    }

    /** How far below a stack a fault may land and still grow it (the kernel's stack_guard_gap, in pages here). */
    public static final long STACK_GROWTH_LIMIT = 16;

    /**
     * expand_downwards(): grow the stack VMA just above {@code address} down to it. vm_start and vm_pgoff change
     * together under the anon_vma lock for write, like any geometry change an rmap walker could see (anon_vma_prepare
     * first, so that there is one to lock).
     *
     * <p>Context: mmap_lock held (write); takes the anon_vma rwsem (write).
     *
     * @return the grown VMA, or null if there is no stack VMA close enough above {@code address}
     */
    public Vma expandDownwards(Mm mm, long address) {
        mm.mmapLock().assertHeldWrite("expand_downwards", mm);
        return expand(mm, address);
    }

    /**
     * {@link Injection#STACK_GROWS_UNDER_READ_LOCK}: expand_stack() as the fault path called it before 6.5, with the
     * mmap_lock held for read only (the anon_vma lock still serializes two expansions). Only the injected fault path
     * calls it.
     *
     * <p>Context: mmap_lock held (read); takes the anon_vma rwsem (write).
     */
    public Vma expandDownwardsUnderReadLock(Mm mm, long address) {
        return expand(mm, address);
    }

    private Vma expand(Mm mm, long address) {
        Vma existing = mm.findVma(address);
        if (existing != null) {
            return existing;
        }
        Vma vma = mm.vmaAbove(address);
        if (vma == null || !vma.growsDown() || vma.start() - address > STACK_GROWTH_LIMIT) {
            return null;
        }
        AnonVma anonVma = kernel.rmap().anonVmaPrepare(vma);
        anonVma.rwsem().downWrite();
        try {
            long grow = vma.start() - address;
            vma.setStart(address);
            vma.setPgoff(vma.pgoff() - grow);
            mm.rekey(vma);
        } finally {
            anonVma.rwsem().upWrite();
        }
        return vma;
    }

    /** exit_mmap(): unmap everything. */
    public void exit(Mm mm) {
        munmap(mm, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        kernel.forgetMm(mm);
    }

    /**
     * Step {@code madvise_dontneed.zap}: drop the pages of {@code [start, end)}; the VMAs stay, and the next access
     * faults in a fresh page (anonymous) or the page-cache page (file).
     *
     * <p>Context: takes mmap_lock (read), then PT locks.
     */
    public Outcome madviseDontneed(Mm mm, long start, long end) {
        kernel.countOperation();
        kernel.point(Labels.MADVISE_DONTNEED_ZAP);
        mm.mmapLock().downRead();
        try {
            for (Vma vma : mm.vmas()) {
                if (vma.end() > start && vma.start() < end) {
                    zap.zapRange(vma, start, end, pte -> true);
                }
            }
            return Outcome.OK;
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * mprotect(): steps {@code mprotect.begin} (take the mmap_lock for write, split the VMAs at the range's ends, each
     * split running vma_adjust's two steps) and {@code mprotect.apply} (new flags; removing write permission
     * write-protects the PTEs).
     *
     * <p>Context: takes mmap_lock (write), then rmap locks (write, in vma_adjust) and PT locks.
     */
    public Outcome mprotect(Mm mm, long start, long end, boolean writable) {
        kernel.countOperation();
        kernel.point(Labels.MPROTECT_BEGIN);
        mm.mmapLock().downWrite();
        try {
            java.util.List<Vma> targets = new java.util.ArrayList<>();
            for (Vma vma : mm.vmas()) {
                if (vma.end() > start && vma.start() < end) {
                    targets.add(splitToRange(vma, start, end));
                }
            }
            kernel.point(Labels.MPROTECT_APPLY);
            for (Vma vma : targets) {
                if (writable && vma.shared() && !vma.mayWrite()) {
                    return Outcome.EFAULT;
                }
                vma.setFlags(writable ? vma.flags() | Vma.VM_WRITE : vma.flags() & ~Vma.VM_WRITE);
                if (!writable) {
                    writeProtect(vma);
                } else {
                    upgradeWritable(vma);
                }
            }
            return Outcome.OK;
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * change_pte_range(): every present PTE of the VMA becomes what {@code change} makes of it, each under its PT lock.
     *
     * <p>Context: mmap_lock held (write); takes PT locks.
     */
    private static void changePteRange(Vma vma, java.util.function.UnaryOperator<Pte.Present> change) {
        for (long a = vma.start(); a < vma.end(); a++) {
            PageTable table = vma.mm().pageTableIfPresent(a);
            if (table == null) {
                continue;
            }
            table.ptl().lock();
            try {
                if (table.get(a) instanceof Pte.Present p) {
                    table.set(a, change.apply(p));
                }
            } finally {
                table.ptl().unlock();
            }
        }
    }

    /** change_pte_range() removing write permission. Context: mmap_lock held (write); takes PT locks. */
    private static void writeProtect(Vma vma) {
        changePteRange(vma, p -> p.withWritable(false));
    }

    /**
     * change_pte_range() with MM_CP_TRY_CHANGE_WRITABLE: making a VMA writable again maps writable at once whatever the
     * write fault would have mapped writable without further checks, so that mprotect(PROT_READ) +
     * mprotect(PROT_READ|PROT_WRITE) costs no fault (see {@link #canChangePteWritable}). A shared mapping that is not
     * dirty-tracked (shmem) has a writable vm_page_prot: every PTE becomes writable.
     *
     * <p>Context: mmap_lock held (write); takes PT locks.
     */
    private void upgradeWritable(Vma vma) {
        boolean all = vma.shared() && !vma.dirtyTracked();
        boolean byMapcount = kernel.injected(Injection.MPROTECT_UPGRADE_BY_MAPCOUNT);
        changePteRange(
                vma,
                p -> all || (byMapcount ? upgradeByMapcount(vma, p) : canChangePteWritable(vma, p))
                        ? p.withWritable(true)
                        : p);
    }

    /** {@link Injection#MPROTECT_UPGRADE_BY_MAPCOUNT}: a private page mapped once passes for exclusive. */
    private static boolean upgradeByMapcount(Vma vma, Pte.Present pte) {
        Folio folio = pte.folio();
        return vma.shared()
                ? canChangePteWritable(vma, pte)
                : vma.writable() && folio.isAnon() && !folio.ksm() && folio.mapcount() == 1;
    }

    /**
     * can_change_pte_writable() (mm/mprotect.c): in a private mapping only an exclusive anonymous page (the write fault
     * would reuse it under the PT lock anyway; never the zero page, a page-cache page or a page shared after fork); in
     * a dirty-tracked shared mapping only a dirty PTE (the filesystem was already told).
     */
    static boolean canChangePteWritable(Vma vma, Pte.Present pte) {
        if (!vma.writable()) {
            return false;
        }
        Folio folio = pte.folio();
        if (!vma.shared()) {
            return folio.isAnon() && !folio.ksm() && folio.anonExclusive();
        }
        return pte.dirty();
    }

    /** Splits {@code vma} so that one VMA covers exactly its part inside {@code [start, end)}; returns it. */
    Vma splitToRange(Vma vma, long start, long end) {
        if (vma.start() < start && start < vma.end()) {
            splitVma(vma, start, true);
        }
        if (vma.start() < end && end < vma.end()) {
            splitVma(vma, end, false);
        }
        return vma;
    }

    /**
     * __split_vma(): a new VMA takes the part below {@code address} ({@code newBelow}) or from it up; the original is
     * shrunk with {@link #vmaAdjust}. The new VMA joins the rmap first, so that a walker never misses the pages it
     * covers.
     *
     * <p>Context: mmap_lock held (write).
     */
    void splitVma(Vma vma, long address, boolean newBelow) {
        Mm mm = vma.mm();
        mm.mmapLock().assertHeldWrite("__split_vma", vma);
        long delta = address - vma.start();
        Vma created = newBelow
                ? new Vma(mm, vma.start(), address, vma.pgoff(), vma.flags(), vma.file())
                : new Vma(mm, address, vma.end(), vma.pgoff() + delta, vma.flags(), vma.file());
        link(vma, created);
        if (newBelow) {
            vmaAdjust(vma, address, vma.end(), vma.pgoff() + delta);
        } else {
            vmaAdjust(vma, vma.start(), address, vma.pgoff());
        }
        mm.insertVma(created);
    }

    /**
     * vma_adjust(): move a VMA's bounds, in steps {@code vma_adjust.start} (vm_start) and {@code vma_adjust.pgoff}
     * (vm_end, vm_pgoff). An rmap walker computes addresses from vm_start and vm_pgoff, so with
     * {@link Fix#MIGRATION_RMAP_LOCK} both change under the anon_vma and i_mmap locks for write and a walker sees old
     * or new geometry, never a mix. Without it (before 012f18004da3) remove_migration_ptes can compute a wrong address
     * between the two steps and leave a migration entry behind.
     *
     * <p>Context: mmap_lock held (write); takes i_mmap_rwsem and the anon_vma rwsem (write).
     */
    public void vmaAdjust(Vma vma, long start, long end, long pgoff) {
        Mm mm = vma.mm();
        mm.mmapLock().assertHeldWrite("vma_adjust", vma);
        kernel.point(Labels.VMA_ADJUST_START);
        boolean lock = kernel.fixed(Fix.MIGRATION_RMAP_LOCK);
        AddressSpace file = vma.file();
        AnonVma anonVma = vma.anonVma();
        if (lock && file != null) {
            file.iMmapRwsem().downWrite();
        }
        if (lock && anonVma != null) {
            anonVma.rwsem().downWrite();
        }
        try {
            vma.setStart(start);
            kernel.point(Labels.VMA_ADJUST_PGOFF);
            vma.setEnd(end);
            vma.setPgoff(pgoff);
            mm.rekey(vma);
        } finally {
            if (lock && anonVma != null) {
                anonVma.rwsem().upWrite();
            }
            if (lock && file != null) {
                file.iMmapRwsem().upWrite();
            }
        }
    }

    /** Links {@code created} (split from {@code from}) into the rmap structures. Context: mmap_lock held (write). */
    void link(Vma from, Vma created) {
        if (from.file() != null) {
            from.file().iMmapRwsem().downWrite();
            from.file().link(created);
            from.file().iMmapRwsem().upWrite();
        }
        // vm_area_dup() copies vma->anon_vma; anon_vma_clone() copies the chain.
        created.setAnonVma(from.anonVma());
        kernel.rmap().anonVmaClone(created, from);
    }

    /** Unlinks a VMA from the rmap. Context: mmap_lock held (write). */
    void unlink(Vma vma) {
        if (vma.file() != null) {
            vma.file().iMmapRwsem().downWrite();
            vma.file().unlink(vma);
            vma.file().iMmapRwsem().upWrite();
        }
        kernel.rmap().unlinkAnonVmas(vma);
    }
}
