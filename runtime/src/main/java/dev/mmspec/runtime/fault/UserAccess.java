package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * User-level loads and stores: what an application thread does to its memory. One attempt ({@link #writeOnce},
 * {@link #readOnce}) is the spec's operation: a fault stage and a finishing stage, each starting at its scheduling
 * point. The looping forms retry as a CPU would when the PTE changed under the attempt.
 */
public final class UserAccess {

    /** @param stored whether the byte landed in the page the PTE maps (else the CPU would fault again) */
    public record WriteResult(Outcome outcome, boolean stored) {}

    /** @param loaded whether the load went through a PTE; {@code value} is valid only then */
    public record ReadResult(Outcome outcome, boolean loaded, byte value) {}

    private final Kernel kernel;

    public UserAccess(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * A store of {@code value} at byte {@code offset} of page {@code address}: steps {@code write.fault}
     * (handle_mm_fault: do_anonymous_page, do_swap_page or __do_fault) and {@code write.wp} (do_wp_page, or the rest of
     * a file fault, then the store under the PT lock). Both points are always passed unless the fault stage ends the
     * operation with an outcome.
     *
     * <p>Context: takes mmap_lock (read) for both steps.
     */
    public WriteResult writeOnce(Mm mm, long address, int offset, byte value) {
        kernel.countOperation();
        kernel.point(Labels.WRITE_FAULT);
        mm.mmapLock().downRead();
        try {
            Vma vma = findVmaExpandingStack(mm, address);
            // The CPU stores through a writable PTE without asking the VMA: only a fault checks
            // VM_WRITE (access_error). A writable PTE in a read-only VMA (the mkdirty.c bugs) lets
            // the store through, as the hardware would.
            boolean permitted = vma != null && vma.writable();
            if (vma == null || (!permitted && !(mm.pte(address) instanceof Pte.Present p && p.writable()))) {
                return new WriteResult(Outcome.SIGSEGV, false);
            }
            Fault.Pending pending = kernel.fault().begin(vma, address, permitted ? Fault.WRITE : 0);
            if (pending.outcome() != Outcome.OK) {
                return new WriteResult(pending.outcome(), false);
            }
            kernel.point(Labels.WRITE_WP);
            boolean[] stored = new boolean[1];
            Outcome outcome = kernel.fault()
                    .finish(
                            pending,
                            (table, a) -> {
                                if (table.get(a) instanceof Pte.Present p && p.writable()) {
                                    p.folio().write(offset, value);
                                    if (!p.dirty()) {
                                        table.set(a, new Pte.Present(p.folio(), true, true));
                                    }
                                    return true;
                                }
                                return false;
                            },
                            stored);
            if (!permitted && !stored[0]) {
                return new WriteResult(Outcome.SIGSEGV, false); // the PTE lost its write bit: the refault is refused
            }
            return new WriteResult(outcome, stored[0]);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * A load from byte {@code offset} of page {@code address}: steps {@code read.fault} and {@code read.map}
     * (finish_fault, then the load under the PT lock).
     *
     * <p>Context: takes mmap_lock (read) for both steps.
     */
    public ReadResult readOnce(Mm mm, long address, int offset) {
        kernel.countOperation();
        kernel.point(Labels.READ_FAULT);
        mm.mmapLock().downRead();
        try {
            Vma vma = findVmaExpandingStack(mm, address);
            if (vma == null) {
                return new ReadResult(Outcome.SIGSEGV, false, (byte) 0);
            }
            Fault.Pending pending = kernel.fault().begin(vma, address, 0);
            if (pending.outcome() != Outcome.OK) {
                return new ReadResult(pending.outcome(), false, (byte) 0);
            }
            kernel.point(Labels.READ_MAP);
            byte[] value = new byte[1];
            boolean[] loaded = new boolean[1];
            Outcome outcome = kernel.fault()
                    .finish(
                            pending,
                            (table, a) -> {
                                if (table.get(a) instanceof Pte.Present p) {
                                    value[0] = p.folio().read(offset);
                                    return true;
                                }
                                return false;
                            },
                            loaded);
            return new ReadResult(outcome, loaded[0], value[0]);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * lock_mm_and_find_vma(): the VMA of {@code address}; if there is none but a stack VMA starts just above, the
     * mmap_lock is dropped and taken for write to grow the stack down to the address (expand_stack_locked), then taken
     * for read again.
     *
     * <p>Context: mmap_lock held (read) on entry and on return; released in between to grow a stack.
     */
    private Vma findVmaExpandingStack(Mm mm, long address) {
        Vma vma = mm.findVma(address);
        Vma above = vma == null ? mm.vmaAbove(address) : null;
        if (above == null || !above.growsDown()) {
            return vma;
        }
        if (kernel.injected(Injection.STACK_GROWS_UNDER_READ_LOCK)) {
            kernel.mmap().expandDownwardsUnderReadLock(mm, address);
            return mm.findVma(address);
        }
        mm.mmapLock().upRead();
        mm.mmapLock().downWrite();
        try {
            kernel.mmap().expandDownwards(mm, address);
        } finally {
            mm.mmapLock().upWrite();
            mm.mmapLock().downRead();
        }
        return mm.findVma(address);
    }

    /**
     * A store that retries until it lands or fails with an outcome, as the CPU re-executes a faulting instruction:
     * there is no limit on attempts, because a fault that finds the entry changed under it (pte_same failed, a
     * migration entry, a page locked by reclaim) is contention, not an error. A livelock would show as a hang, which
     * the stress runner reports with stacks.
     */
    public Outcome write(Mm mm, long address, int offset, byte value) {
        while (true) {
            WriteResult r = writeOnce(mm, address, offset, value);
            if (r.outcome() != Outcome.OK || r.stored()) {
                return r.outcome();
            }
        }
    }

    /** A load that retries until it goes through or fails with an outcome; unbounded, as {@link #write}. */
    public ReadResult read(Mm mm, long address, int offset) {
        while (true) {
            ReadResult r = readOnce(mm, address, offset);
            if (r.outcome() != Outcome.OK || r.loaded()) {
                return r;
            }
        }
    }
}
