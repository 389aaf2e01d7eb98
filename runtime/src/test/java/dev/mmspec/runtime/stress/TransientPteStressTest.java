package dev.mmspec.runtime.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.UserAccess.ReadResult;
import dev.mmspec.runtime.mm.Mm;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Real threads on one small mm: reclaim and migration keep replacing its PTEs (ptep_clear_flush, then a swap or
 * migration entry, under the PT lock) while the application forks and zaps. Page walkers that looked at a PTE without
 * the PT lock caught the transient none in between: fork left the child without the page (it read 0 where the parent
 * had written), and MADV_DONTNEED skipped an entry that then came back (the parent read its old data after the zap).
 * Each test fails within seconds if copy_pte_range or zap_pte_range skips an entry it saw none without the PT lock.
 */
class TransientPteStressTest {
    private static final int PAGES = 4;
    private final Kernel kernel =
            new Kernel(KernelConfig.defaults().withMaxFolios(1024).withSwapSlots(64));
    private final Mm mm = kernel.createMm();
    private final byte[] expected = new byte[PAGES];

    @Test
    void forkCopiesEveryPageWhileReclaimAndMigrationReplaceItsPtes() {
        mm.mmapAnonymous(0, PAGES, true);
        run(random -> {
            int page = random.nextInt(PAGES);
            byte value = (byte) (1 + random.nextInt(120));
            assertEquals(Outcome.OK, kernel.user().write(mm, page, 0, value));
            expected[page] = value;
            Mm child = kernel.fork().fork(mm);
            assertNotNull(child);
            for (int p = 0; p < PAGES; p++) {
                ReadResult r = kernel.user().read(child, p, 0);
                assertEquals(Outcome.OK, r.outcome(), "child page " + p);
                assertEquals(expected[p], r.value(), "child page " + p);
            }
            kernel.mmap().exit(child);
        });
    }

    @Test
    void zappedPageStaysZappedWhileReclaimAndMigrationReplaceItsPte() {
        mm.mmapAnonymous(0, PAGES, true);
        run(random -> {
            int page = random.nextInt(PAGES);
            assertEquals(Outcome.OK, kernel.user().write(mm, page, 0, (byte) (1 + random.nextInt(120))));
            kernel.mmap().madviseDontneed(mm, page, page + 1);
            ReadResult r = kernel.user().read(mm, page, 0);
            assertEquals(Outcome.OK, r.outcome());
            assertEquals(0, r.value(), "page " + page + " came back after MADV_DONTNEED");
        });
    }

    /** Worker 0 runs {@code app}; worker 1 reclaims and worker 2 migrates random pages of the mm. */
    private void run(Consumer<ThreadLocalRandom> app) {
        StressRuns.runClean(kernel, 3, worker -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            switch (worker) {
                case 0 -> app.accept(random);
                case 1 -> kernel.reclaim().swapOut(mm, random.nextInt(PAGES));
                default -> kernel.migration().migrate(mm, random.nextInt(PAGES));
            }
        });
    }
}
