package dev.mmspec.runtime.migrate;

import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.vma.Vma;

/**
 * Page migration of one folio (mm/migrate.c migrate_folio_unmap / migrate_folio_move): the source stays locked from
 * before its mappings are replaced by migration entries until after every entry is replaced again, because a fault that
 * meets a migration entry relies on that lock.
 */
public final class Migration {

    /** What one migration did, for tests and invariant checks. */
    public record Result(Outcome outcome, Folio source, Folio destination, int installed, int removed) {}

    private final Kernel kernel;

    public Migration(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Migrate the folio mapped at {@code address}, in steps {@code migrate.lock} (look it up with an isolation
     * reference, folio_lock), {@code migrate.unmap} (try_to_migrate), {@code migrate.move} (allocate and lock the
     * destination, freeze the source's references, copy), {@code migrate.remove} (remove_migration_ptes, to the
     * destination or back to the source) and {@code migrate.unlock}.
     *
     * <p>Context: takes the folio locks, then the rmap lock (read) and PT locks in each walk.
     */
    public Result migrate(Mm mm, long address) {
        kernel.countOperation();
        kernel.point(Labels.MIGRATE_LOCK);
        Folio src = mm.tryGetMappedFolio(address);
        if (src == null) {
            return new Result(Outcome.EAGAIN, null, null, 0, 0);
        }
        src.lock().lock();
        if (src.mapping() == null) {
            src.lock().unlock();
            src.put();
            return new Result(Outcome.EAGAIN, src, null, 0, 0);
        }
        kernel.point(Labels.MIGRATE_UNMAP);
        int installed = tryToMigrate(src);
        kernel.point(Labels.MIGRATE_MOVE);
        Folio dst = src.mapped() ? null : move(src);
        kernel.point(Labels.MIGRATE_REMOVE);
        // On failure the entries go back to the source: nothing may outlive the folio lock.
        boolean restore = dst != null || !kernel.injected(Injection.MIGRATION_FAILURE_KEEPS_ENTRIES);
        int removed = installed > 0 && restore ? removeMigrationPtes(src, dst != null ? dst : src) : 0;
        kernel.point(Labels.MIGRATE_UNLOCK);
        if (dst != null) {
            dst.lock().unlock();
            dst.put();
        }
        src.lock().unlock();
        src.put(); // the isolation reference: frees the source after a successful move
        return new Result(dst != null ? Outcome.OK : Outcome.EAGAIN, src, dst, installed, removed);
    }

    /**
     * try_to_migrate(): replace each mapping by a migration entry that remembers writability and PG_anon_exclusive; a
     * maybe-pinned exclusive page stays mapped (folio_try_share_anon_rmap).
     *
     * <p>Context: folio lock held; takes the rmap lock (read), then each PT lock.
     *
     * @return how many entries were installed
     */
    private int tryToMigrate(Folio folio) {
        int[] installed = {0};
        kernel.rmap().walkMapped(folio, (vma, table, address, present) -> {
            table.clear(address);
            boolean anonExclusive = folio.isAnon() && folio.anonExclusive();
            if (anonExclusive && !kernel.rmap().tryShareAnonRmap(folio)) {
                table.set(address, present);
                return false;
            }
            if (present.dirty()) {
                folio.setDirty(true);
            }
            table.set(address, new Pte.Migration(folio, present.writable(), anonExclusive));
            kernel.rmap().removeRmap(folio);
            folio.put();
            installed[0]++;
            return true;
        });
        return installed[0];
    }

    /**
     * migrate_folio(): only if the source's references are exactly what the caches and we hold (folio_ref_freeze): an
     * extra GUP reference makes migration fail rather than move a page under a DMA.
     *
     * <p>Context: source folio lock held. @return the locked destination, or null
     */
    private Folio move(Folio src) {
        int expected = 1 + (src.swapcache() || src.isFile() ? 1 : 0);
        Folio dst = kernel.folios().alloc();
        if (dst == null) {
            return null;
        }
        if (!dst.lock().tryLock() || !src.refFreeze(expected)) {
            if (dst.lock().heldByCurrentThread()) {
                dst.lock().unlock();
            }
            dst.put();
            return null;
        }
        dst.copyFrom(src);
        dst.setDirty(src.dirty());
        dst.setFsNotified(src.fsNotified());
        dst.setLazyfree(src.lazyfree());
        if (src.ksm()) {
            kernel.ksm().migrate(src, dst);
        }
        if (src.swapcache()) {
            // One step: between a drop and a re-add the slot would look free to add_to_swap.
            int slot = src.swapSlot();
            dst.setMapping(src.mapping(), src.index());
            dst.get();
            dst.setSwapcache(slot);
            kernel.swap().replaceCache(slot, src, dst);
            src.setSwapcache(-1);
        } else if (src.mapping() instanceof AddressSpace file) {
            dst.get();
            file.replace(src, dst);
        } else {
            dst.setMapping(src.mapping(), src.index());
        }
        // folio_ref_unfreeze(src, 1): the caches' references moved to the destination; ours stays.
        src.refUnfreeze(1);
        return dst;
    }

    /**
     * remove_migration_ptes(): walk the rmap again and turn every migration entry for {@code src} into a mapping of
     * {@code dst}. The walk computes addresses from each VMA's start and pgoff: if they are caught mid-update, the
     * entry is not found and stays behind.
     *
     * <p>Context: folio lock of {@code src} (and {@code dst}) held. @return how many were replaced
     */
    private int removeMigrationPtes(Folio src, Folio dst) {
        int[] removed = {0};
        kernel.rmap().walk(dst, (vma, address) -> {
            removed[0] += removeMigrationPte(src, dst, vma, address) ? 1 : 0;
            return true;
        });
        return removed[0];
    }

    private boolean removeMigrationPte(Folio src, Folio dst, Vma vma, long address) {
        PageTable table = vma.mm().pageTableIfPresent(address);
        if (table == null) {
            return false;
        }
        table.ptl().lock();
        try {
            if (!(table.get(address) instanceof Pte.Migration entry) || entry.folio() != src) {
                return false;
            }
            dst.get();
            if (dst.isAnon()) {
                kernel.rmap().addAnonRmap(dst, entry.exclusive() || entry.writable());
            } else {
                kernel.rmap().addFileRmap(dst);
            }
            table.set(address, new Pte.Present(dst, entry.writable() && vma.writable(), false));
            return true;
        } finally {
            table.ptl().unlock();
        }
    }
}
