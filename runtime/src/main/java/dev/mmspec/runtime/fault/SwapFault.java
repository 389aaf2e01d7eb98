package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapCache;
import dev.mmspec.runtime.vma.Vma;

/** Faults on non-present entries: do_swap_page() and migration_entry_wait() (mm/memory.c, mm/migrate.c). */
final class SwapFault {
    private final Kernel kernel;

    SwapFault(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * migration_entry_wait() / migration_entry_wait_on_locked() (mm/migrate.c, mm/filemap.c): under the PT lock, if the
     * entry is still there, its folio must be locked for as long as the entry exists (pfn_swap_entry_folio's BUG_ON);
     * wait for that lock to be released, then the access retries. The recheck under the PT lock matters: the fault read
     * the entry without it, and the migration may have finished since.
     *
     * <p>No reference is taken on the folio: the migration keeps it (its isolation reference) until it has removed
     * every entry under the PT locks, so it stays valid while we look at it under this one. The older
     * __migration_entry_wait() took a temporary reference (get_page_unless_zero) and just returned to fault again when
     * that failed; a waiter then spins for as long as migration keeps the source frozen (folio_ref_freeze in the move
     * step), and its reference makes the freeze of a migration that has not reached it yet fail.
     *
     * <p>Context: mmap_lock held (read); takes the PT lock.
     */
    void migrationEntryWait(Vma vma, long address) {
        PageTable table = vma.mm().pageTable(address);
        Folio folio;
        table.ptl().lock();
        try {
            if (!(table.get(address) instanceof Pte.Migration entry)) {
                return;
            }
            folio = entry.folio();
            if (!folio.locked()) {
                throw kernel.bug(
                        "migration entry for an unlocked folio",
                        vma.mm() + ":" + address + " in " + vma + ": " + entry + " -> " + folio);
            }
        } finally {
            table.ptl().unlock();
        }
        // The kernel queues the waiter before it drops the PT lock; waitUntilFree looks at the lock
        // itself, so an unlock in between is not missed either.
        folio.lock().waitUntilFree();
    }

    /**
     * do_swap_page(): bring the page back from the swap cache, or read a fresh copy from its slot when nobody else has
     * it cached (the SWP_SYNCHRONOUS_IO path). The page is exclusive if the swap PTE says so (1493a1913e34) or if it is
     * a fresh copy; it is then mapped writable on a write fault. A folio locked by someone else (reclaim) makes the
     * fault drop everything and retry once it is unlocked (folio_lock_or_retry), so nothing is half-done while it
     * waits.
     *
     * <p>The fresh copy bypasses the swap cache, so nothing but pte_same() would tie it to the slot, and pte_same()
     * cannot tell a reused slot from the same one: another thread of the process may swap the page in, write to it, and
     * reclaim may put it back in the very slot, so that the PTE holds the same swap entry again while our copy holds
     * the old data. As 13ddaf26be32 ("mm/swap: fix race when skipping swapcache") does, swapcache_prepare() holds
     * SWAP_HAS_CACHE on the slot from before the read until after the PTE is updated, so the slot cannot be reused
     * meanwhile and a concurrent swap-in of it waits.
     *
     * <p>Context: mmap_lock held (read); takes the folio lock, then the PT lock.
     */
    Outcome doSwapPage(Vma vma, long address, Pte.Swap orig, int flags) {
        SwapCache swapCache = kernel.swapCache();
        int slot = orig.slot();
        boolean write = (flags & Fault.WRITE) != 0;
        while (true) {
            Folio folio = kernel.swap().lookup(slot);
            boolean fresh = false;
            if (folio == null && kernel.swap().hasCache(slot)) {
                // swapcache_prepare() fails: the cached folio is frozen (migration, pageout) or on its
                // way in; its data may be newer than the slot's. Try again.
                Thread.onSpinWait();
                continue;
            }
            if (folio == null) {
                folio = kernel.folios().alloc();
                if (folio == null) {
                    return vma.mm().pte(address).equals(orig) ? Outcome.ENOMEM : Outcome.OK;
                }
                if (kernel.swap().count(slot) <= 1) {
                    // Skip the swap cache, but hold SWAP_HAS_CACHE from the read to the PTE update.
                    if (!kernel.swap().prepareCache(slot)) {
                        folio.put();
                        if (kernel.swap().count(slot) == 0) {
                            return Outcome.OK; // no swap PTE refers to it any more: ours changed; retry
                        }
                        Thread.onSpinWait(); // another swap-in of it is under way
                        continue;
                    }
                    folio.copyFrom(kernel.swap().read(slot));
                    fresh = true;
                } else {
                    // Shared with a forked child: read it into the swap cache so both find it.
                    if (!folio.lock().tryLock()) {
                        throw new IllegalStateException("fresh folio locked: " + folio);
                    }
                    folio.copyFrom(kernel.swap().read(slot));
                    boolean added = swapCache.addExisting(folio, slot);
                    folio.setMapping(kernel.rmap().anonVmaFor(vma, false), vma.linearIndex(address));
                    folio.lock().unlock();
                    if (!added) {
                        folio.put();
                        continue;
                    }
                }
            }
            if (!folio.lock().tryLock()) {
                // folio_lock_or_retry(): drop our reference and wait, then start over.
                folio.put();
                folio.lock().waitUntilFree();
                continue;
            }
            if (!fresh && (!folio.swapcache() || folio.swapSlot() != slot)) {
                // Reclaimed or reused between the lookup and the lock.
                folio.lock().unlock();
                folio.put();
                continue;
            }
            return mapSwapped(vma, address, orig, folio, fresh, write);
        }
    }

    /** The part of do_swap_page() under the PT lock. Context: folio lock held; releases it. */
    private Outcome mapSwapped(Vma vma, long address, Pte.Swap orig, Folio folio, boolean fresh, boolean write) {
        PageTable table = vma.mm().pageTable(address);
        table.ptl().lock();
        try {
            if (!table.get(address).equals(orig)) {
                // Someone else handled it (pte_same failed): the access retries.
                folio.lock().unlock();
                folio.put();
                return Outcome.OK;
            }
            if (folio.anonExclusive()) {
                throw kernel.bug("swap PTE points at a PG_anon_exclusive folio in the swap cache", folio);
            }
            boolean exclusive = !folio.ksm() && (orig.exclusive() || fresh);
            kernel.swap().free(orig.slot());
            if (!fresh && write && !folio.ksm() && folio.refcount() == 2) {
                // should_try_to_free_swap(): only the swap cache and this fault hold the page.
                kernel.swapCache().freeSwap(folio);
            }
            boolean makeExclusive = !folio.ksm() && (exclusive || folio.refcount() == 1);
            boolean writable = makeExclusive && write && vma.writable();
            if (fresh) {
                kernel.rmap().addNewAnonRmap(folio, vma, address);
            } else {
                kernel.rmap().addAnonRmap(folio, makeExclusive);
            }
            table.set(address, new Pte.Present(folio, writable, writable));
            return Outcome.OK;
        } finally {
            if (table.ptl().heldByCurrentThread()) {
                table.ptl().unlock();
            }
            if (folio.lock().heldByCurrentThread()) {
                folio.lock().unlock();
            }
            if (fresh) {
                // swapcache_clear(): only now, with the PTE updated (or found changed), may the slot be reused.
                kernel.swap().clearPrepared(orig.slot());
            }
        }
    }
}
