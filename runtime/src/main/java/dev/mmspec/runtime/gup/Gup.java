package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.Fault;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;
import java.util.EnumSet;
import java.util.Set;

/** get_user_pages() and pin_user_pages(), slow and fast (mm/gup.c). */
public final class Gup {
    private final Kernel kernel;

    public Gup(Kernel kernel) {
        this.kernel = kernel;
    }

    /** @see #get(Mm, long, Set) */
    public GupResult get(Mm mm, long address, Foll... flags) {
        return get(mm, address, flags.length == 0 ? EnumSet.noneOf(Foll.class) : EnumSet.of(flags[0], flags));
    }

    /**
     * Take a reference (FOLL_GET) or a pin (FOLL_PIN) on the page at {@code address}.
     *
     * <ul>
     *   <li>{@link Foll#NOFAULT}: one step {@code gup_get.grab} / {@code gup_pin.grab}: lookup under the PT lock; a
     *       missing or (for a write) read-only PTE gives EAGAIN and no reference.
     *   <li>{@link Foll#FAST}: steps {@code .fast_read} (lockless read of the PTE) and {@code .fast_grab} (take the
     *       reference, re-read the PTE and back off if it changed).
     *   <li>otherwise the slow path: {@code .follow} (follow_page_pte under the PT lock) and {@code .fault}
     *       (faultin_page), repeated until the lookup succeeds or the fault fails, as __get_user_pages() does: a lookup
     *       that loses its page again to reclaim, migration or a zap before it could grab it is contention, not an
     *       error. Only a configured {@link KernelConfig#gupFaultLimit()} (a spec's bound on the loop) ends it with
     *       EAGAIN.
     * </ul>
     *
     * <p>Context: takes mmap_lock (read) except for FAST, then the PT lock; faults as in {@code Fault}.
     */
    public GupResult get(Mm mm, long address, Set<Foll> flags) {
        kernel.countOperation();
        boolean pin = flags.contains(Foll.PIN);
        if (flags.contains(Foll.FAST)) {
            return new GupFast(kernel).get(mm, address, flags);
        }
        String prefix = pin ? "gup_pin" : "gup_get";
        if (flags.contains(Foll.NOFAULT)) {
            kernel.point(prefix + ".grab");
        }
        mm.mmapLock().downRead();
        try {
            Vma vma = mm.findVma(address);
            Outcome refused = checkVmaFlags(vma, flags);
            if (refused != Outcome.OK) {
                return new GupResult(refused, null);
            }
            EnumSet<Foll> foll = EnumSet.copyOf(flags);
            if (flags.contains(Foll.NOFAULT)) {
                Followed followed = followPage(vma, address, foll);
                return followed.ref() != null
                        ? new GupResult(Outcome.OK, followed.ref())
                        : new GupResult(Outcome.EAGAIN, null);
            }
            int limit = kernel.config().gupFaultLimit();
            for (int faults = 0; limit == 0 || faults < limit; faults++) {
                kernel.point(prefix + ".follow");
                Followed followed = followPage(vma, address, foll);
                if (followed.ref() != null) {
                    return new GupResult(Outcome.OK, followed.ref());
                }
                kernel.point(prefix + ".fault");
                Outcome faulted = faultinPage(vma, address, foll, followed.unshare());
                if (faulted != Outcome.OK) {
                    return new GupResult(faulted, null);
                }
            }
            return new GupResult(Outcome.EAGAIN, null);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * get_user_pages_fast() / pin_user_pages_fast(): the lockless walk first ({@code .fast_read}, {@code .fast_grab});
     * whatever it refuses (not present, read-only for a write, the zero page, a page that must be unshared, a file page
     * a long-term writable pin may not take without the VMA) goes to the slow path, which faults and decides with the
     * VMA in hand. {@link Foll#FAST} in {@code flags} is ignored: that flag alone is the _fast_only variant.
     *
     * <p>Context: no lock for the fast part; the slow path takes mmap_lock (read).
     */
    public GupResult getFast(Mm mm, long address, Set<Foll> flags) {
        EnumSet<Foll> fast = EnumSet.copyOf(flags);
        fast.add(Foll.FAST);
        fast.remove(Foll.NOFAULT);
        GupResult quick = get(mm, address, fast);
        if (quick.ok()) {
            return quick;
        }
        EnumSet<Foll> slow = EnumSet.copyOf(fast);
        slow.remove(Foll.FAST);
        return get(mm, address, slow);
    }

    /**
     * check_vma_flags(): which VMAs GUP may touch. With {@link Fix#GUP_WRITE_NOTIFY}, a long-term writable pin of a
     * dirty-tracked file mapping is refused (writable_file_mapping_allowed): its writes would bypass page_mkwrite once
     * writeback has cleaned the page.
     */
    private Outcome checkVmaFlags(Vma vma, Set<Foll> flags) {
        if (vma == null) {
            return Outcome.EFAULT;
        }
        if (flags.contains(Foll.WRITE)) {
            if (!vma.isAnonymous()
                    && kernel.fixed(Fix.GUP_WRITE_NOTIFY)
                    && flags.contains(Foll.PIN)
                    && flags.contains(Foll.LONGTERM)
                    && vma.dirtyTracked()) {
                return Outcome.EFAULT;
            }
            if (!vma.writable() && (!flags.contains(Foll.FORCE) || !vma.isCowMapping())) {
                return Outcome.EFAULT;
            }
        }
        return Outcome.OK;
    }

    /**
     * What follow_page_pte() found: a reference, or none, and then whether the page is there but must be unshared first
     * (-EMLINK: fault with FAULT_FLAG_UNSHARE).
     */
    private record Followed(GupRef ref, boolean unshare) {
        static final Followed NOTHING = new Followed(null, false);
    }

    /**
     * follow_page_pte(): under the PT lock, grab the page if the PTE allows the access.
     *
     * <p>Context: mmap_lock held (read); takes the PT lock.
     */
    private Followed followPage(Vma vma, long address, Set<Foll> foll) {
        PageTable table = vma.mm().pageTableIfPresent(address);
        if (table == null) {
            return Followed.NOTHING;
        }
        boolean write = foll.contains(Foll.WRITE);
        boolean pin = foll.contains(Foll.PIN);
        table.ptl().lock();
        try {
            if (!(table.get(address) instanceof Pte.Present present)) {
                return Followed.NOTHING;
            }
            if (write && !canFollowWritePte(present, vma, foll)) {
                return Followed.NOTHING;
            }
            if (!present.writable() && mustUnshare(vma, present.folio(), foll, kernel)) {
                return new Followed(null, true);
            }
            Folio folio = present.folio();
            if (kernel.injected(Injection.GUP_REF_AFTER_PTL)) {
                // The reference must be taken before pte_unmap_unlock(): only the PT lock keeps the
                // page mapped, hence alive, and keeps KSM's and migration's refcount checks honest.
                // Here the lock is dropped and retaken, and the PTE is not looked at again.
                table.ptl().unlock();
                table.ptl().lock();
            }
            return new Followed(grab(folio, vma, address, pin, write), false);
        } finally {
            table.ptl().unlock();
        }
    }

    /**
     * try_grab_folio(): a pin (none on the zero page) or a plain reference (counted on the zero page too). Context: PT
     * lock held.
     */
    private static GupRef grab(Folio folio, Vma vma, long address, boolean pin, boolean write) {
        if (pin) {
            folio.pin();
            vma.mm().setHasPinned();
        } else {
            folio.gupGet();
        }
        return new GupRef(folio, vma.mm(), address, pin, write);
    }

    /**
     * can_follow_write_pte(). With {@link Fix#GUP_FORCE_COW_RECHECK}, a FOLL_FORCE write may use a read-only PTE of a
     * private, non-writable VMA only if it maps an exclusive anonymous page: the COW copy the fault made, re-verified
     * under the PT lock on every lookup (5535be309971). Without it, the pre-2016 code: only a writable PTE; faultinPage
     * then drops FOLL_WRITE.
     */
    static boolean canFollowWritePte(Pte.Present pte, Vma vma, Set<Foll> foll) {
        if (pte.writable()) {
            return true;
        }
        if (!foll.contains(Foll.FORCE) || !vma.mm().kernel().fixed(Fix.GUP_FORCE_COW_RECHECK)) {
            return false;
        }
        if (vma.shared() || !vma.mayWrite() || vma.writable()) {
            return false;
        }
        Folio folio = pte.folio();
        return folio.isAnon() && !folio.ksm() && folio.anonExclusive();
    }

    /**
     * gup_must_unshare(): a read-only pin must pin the page the process will keep seeing, or a later write fault would
     * copy the page away from the pin and the pin would read stale data. So an R/O FOLL_PIN of an anonymous page that
     * is not exclusive (shared after fork, KSM) is refused until an unshare fault made it exclusive; and an R/O
     * FOLL_PIN|FOLL_LONGTERM in a COW mapping of anything that is not anonymous (the page-cache folio of a MAP_PRIVATE
     * file mapping, the shared zero page) is refused until an unshare fault replaced it with an exclusive anonymous
     * copy (84209e87c696). Short-term R/O pins of such pages need not observe later changes and keep the page as is.
     * GUP-fast has no VMA ({@code vma == null}) and treats every long-term non-anonymous case as must-unshare, so it
     * falls back to the slow path. Without {@link Fix#COW_REUSE_EXCLUSIVE} (before 5.19) R/O pins took the page as is.
     */
    static boolean mustUnshare(Vma vma, Folio folio, Set<Foll> foll, Kernel kernel) {
        if (foll.contains(Foll.WRITE) || !foll.contains(Foll.PIN) || !kernel.fixed(Fix.COW_REUSE_EXCLUSIVE)) {
            return false;
        }
        if (!folio.isAnon()) {
            return foll.contains(Foll.LONGTERM) && (vma == null || vma.isCowMapping());
        }
        return !folio.anonExclusive();
    }

    /**
     * faultin_page(): fault the page in for the access, or unshare it ({@code unshare}: the lookup found a page it must
     * not pin as is). Before 19be0eaffa3a, after a COW fault on a VMA without VM_WRITE, FOLL_WRITE was dropped ("we
     * broke COW, treat further lookups as reads"): a racing zap then lets the read lookup return the page-cache page,
     * and the forced write lands in the file (Dirty COW).
     *
     * <p>Context: mmap_lock held (read).
     */
    private Outcome faultinPage(Vma vma, long address, EnumSet<Foll> foll, boolean unshare) {
        int flags = 0;
        if (foll.contains(Foll.WRITE)) {
            flags |= Fault.WRITE;
        } else if (unshare) {
            flags |= Fault.UNSHARE;
        }
        Outcome outcome = kernel.fault().handleMmFault(vma, address, flags);
        if (outcome == Outcome.SIGBUS || outcome == Outcome.SIGSEGV) {
            return Outcome.EFAULT;
        }
        if (outcome == Outcome.OK
                && foll.contains(Foll.WRITE)
                && !vma.writable()
                && !kernel.fixed(Fix.GUP_FORCE_COW_RECHECK)) {
            foll.remove(Foll.WRITE);
        }
        return outcome;
    }

    /**
     * Release a reference without a transfer (put_page / unpin_user_page), dirtying the page first if {@code dirty}
     * (unpin_user_pages_dirty_lock).
     */
    public void release(GupRef ref, boolean dirty) {
        ref.markReleased();
        Folio folio = ref.folio();
        try {
            if (dirty && !folio.dirty()) {
                kernel.filemap().markDirtyLocked(folio);
            }
        } finally {
            if (ref.pin()) {
                folio.unpin();
            } else {
                folio.gupPut();
            }
        }
    }

    /**
     * access_remote_vm() for a write (/proc/pid/mem): GUP with FOLL_FORCE|FOLL_WRITE, then step {@code mem_write.copy}:
     * the kernel writes through its own mapping of the page, dirties it (set_page_dirty_lock) and drops the reference.
     */
    public Outcome accessRemoteWrite(Mm mm, long address, int offset, byte value) {
        GupResult r = get(mm, address, EnumSet.of(Foll.WRITE, Foll.FORCE));
        if (!r.ok()) {
            return r.outcome();
        }
        kernel.point(Labels.MEM_WRITE_COPY);
        r.ref().folio().write(offset, value);
        release(r.ref(), true);
        return Outcome.OK;
    }
}
