package dev.mmspec.runtime.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.WatchedHooks;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.rmap.AnonVma;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a binding relies on: every operation counts as one kernel operation and passes its spec step labels in order,
 * starting with its first; and vma_adjust()'s second step runs under the rmap locks for write exactly when
 * migration_rmap_lock is on.
 */
class OperationStepsTest {

    /** Records every step label passed; at {@code vma_adjust.pgoff}, whether the probe holds. */
    private static final class Recording {
        final List<String> points = new ArrayList<>();
        final List<Boolean> atPgoff = new ArrayList<>();
        Supplier<Boolean> probe = () -> true;
        final WatchedHooks hooks = new WatchedHooks(label -> {
            if (!label.startsWith("lock:")) {
                points.add(label);
            }
            if (label.equals(Labels.VMA_ADJUST_PGOFF)) {
                atPgoff.add(probe.get());
            }
        });
    }

    private final Recording hooks = new Recording();
    private final Kernel kernel = new Kernel(KernelConfig.defaults(), hooks.hooks);
    private final Mm mm = kernel.createMm();

    /** Runs {@code op}; it must count once and pass exactly {@code labels}. */
    private void steps(Runnable op, String... labels) {
        long before = kernel.operations();
        hooks.points.clear();
        op.run();
        assertEquals(before + 1, kernel.operations(), "counted once: " + List.of(labels));
        assertEquals(List.of(labels), hooks.points);
    }

    @Test
    void eachVmaOperationCountsOnceAndPassesItsSteps() {
        mm.mmapAnonymous(0, 8, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 1, 0, (byte) 1);
        steps(() -> kernel.mmap().madviseDontneed(mm, 1, 2), Labels.MADVISE_DONTNEED_ZAP);
        steps(() -> kernel.madviseFree().free(mm, 0, 1), Labels.MADVISE_FREE_LAZYFREE);
        steps(() -> kernel.mmap().mprotect(mm, 0, 8, false), Labels.MPROTECT_BEGIN, Labels.MPROTECT_APPLY);
        steps(
                () -> kernel.mremap().mremap(mm, 6, 2, 20),
                Labels.MREMAP_MOVE,
                Labels.VMA_ADJUST_START,
                Labels.VMA_ADJUST_PGOFF);
        steps(() -> kernel.fork().fork(mm), Labels.FORK_COPY);
        steps(() -> kernel.mmap().munmap(mm, 20, 22), Labels.MUNMAP_UNMAP);
    }

    @Test
    void eachReclaimOperationCountsOnceAndPassesItsSteps() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 1);
        kernel.user().write(mm, 1, 0, (byte) 1);
        steps(
                () -> kernel.reclaim().swapOut(mm, 0),
                Labels.SWAP_OUT_ADD_TO_SWAPCACHE,
                Labels.SWAP_OUT_UNMAP,
                Labels.SWAP_OUT_PAGEOUT);
        steps(() -> kernel.reclaim().madvisePageout(mm, 1, 2), Labels.MADVISE_PAGEOUT_RECLAIM);
    }

    @Test
    void vmaAdjustHoldsBothRmapLocksForWriteWithMigrationRmapLock() {
        AddressSpace file = kernel.createFile(4L * Folio.PAGE_SIZE);
        mm.mmapFile(file, 0, 4, 0, true, false);
        kernel.user().write(mm, 0, 0, (byte) 1); // a COWed page: the VMA has an anon_vma
        AnonVma anonVma = mm.findVma(0).anonVma();
        hooks.probe = () -> file.iMmapRwsem().heldForWriteByCurrentThread()
                && anonVma.rwsem().heldForWriteByCurrentThread();
        kernel.mmap().mprotect(mm, 1, 3, false);
        assertEquals(List.of(true, true), hooks.atPgoff, "both splits: vm_start and vm_pgoff change under both locks");
        assertFalse(file.iMmapRwsem().isLocked() || anonVma.rwsem().isLocked(), "released after the adjust");
    }

    @Test
    void vmaAdjustTakesNoRmapLockWithoutMigrationRmapLock() {
        Recording off = new Recording();
        Kernel unfixed = new Kernel(KernelConfig.defaults().without(Fix.MIGRATION_RMAP_LOCK), off.hooks);
        Mm m = unfixed.createMm();
        AddressSpace file = unfixed.createFile(4L * Folio.PAGE_SIZE);
        m.mmapFile(file, 0, 4, 0, true, false);
        unfixed.user().write(m, 0, 0, (byte) 1);
        AnonVma anonVma = m.findVma(0).anonVma();
        off.probe = () -> file.iMmapRwsem().isLocked() || anonVma.rwsem().isLocked();
        unfixed.mmap().mprotect(m, 1, 3, false);
        assertEquals(List.of(false, false), off.atPgoff, "before 012f18004da3: no lock across the two steps");
    }
}
