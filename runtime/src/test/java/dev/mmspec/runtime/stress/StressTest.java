package dev.mmspec.runtime.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.StressRunner;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.UserAccess.ReadResult;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runtime under real, uncontrolled threads with every fix on: applications write, read, DMA into, fork (fork trees
 * three deep whose middle exits, so that anon_vmas are reused), vmsplice (the zero page too), MADV_FREE, MADV_PAGEOUT
 * (shmem pages to swap slots) and mremap their memory, pin it long-term read-only (private shmem pages must be unshared
 * so the pin sees later writes) and as io_uring buffers (shared shmem), and write to read-only memory through
 * /proc/pid/mem, while reclaim, migration (KSM pages included), KSM, writeback and truncate run against it. Every
 * application checks that it reads back what it (or its DMA) wrote; at quiescent points every kernel-wide invariant is
 * checked; lockdep must see no inversion.
 *
 * <p>Runs {@code mmspec.stress.seconds} seconds (3 by default; the {@code stress} profile runs 600).
 */
class StressTest {
    private static final int APPS = 4;
    private static final int PAGES = 8;
    private static final long FILE_BASE = 32;
    private static final long PRIVATE_BASE = 48;
    private static final int FILE_PAGES = 4;
    private static final long SHMEM_BASE = 64;
    private static final long SHMEM_PRIVATE_BASE = 80;
    private static final long READ_ONLY = 96;
    private static final long SCRATCH = 112;
    /** One private anonymous page per app that is only ever read: it maps the shared zero page. */
    private static final long ZERO_BASE = 128;

    /**
     * {@code -Dmmspec.stress.fixesOff=id,id} switches fixes off for a manual run. Uncontrolled threads rarely hit a
     * race window of a few instructions: in 10 s runs only {@code cow_reuse_exclusive} off made this test fail. Each
     * fix's race is shown reliably by {@code FixTest} (the report's interleaving, forced) and by the generated lockstep
     * suites, not by this test. {@code -Dmmspec.stress.inject=id,id} switches hand-written bugs ({@link Injection}) on,
     * to measure how fast this test finds each (the README's Etna table).
     */
    private final Kernel kernel = new Kernel(injected(
            KernelConfig.defaults().withMaxFolios(4096).withSwapSlots(256).withoutIds(ids("mmspec.stress.fixesOff"))));

    private final AddressSpace file = kernel.createFile(FILE_PAGES * 8);
    private final Mm[] mms = new Mm[APPS];
    private final AddressSpace shmem = kernel.createShmemFile(FILE_PAGES * 8);
    private final byte[][] expected = new byte[APPS][PAGES];
    /** Pages after MADV_FREE and before the next store: reclaim may have discarded them (they read 0). */
    private final boolean[][] lazy = new boolean[APPS][PAGES];

    private final byte[] expectedReadOnly = new byte[APPS];
    /** What each app last stored at its own offset (3 + app) of each shared shmem page. */
    private final byte[][] expectedShmem = new byte[APPS][FILE_PAGES];

    private final AtomicLong checks = new AtomicLong();

    private static List<String> ids(String property) {
        return List.of(System.getProperty(property, "").split(",")).stream()
                .filter(id -> !id.isBlank())
                .toList();
    }

    private static KernelConfig injected(KernelConfig config) {
        KernelConfig out = config;
        for (String id : ids("mmspec.stress.inject")) {
            out = out.injecting(Injection.byId(id));
        }
        return out;
    }

    @Test
    void noInvariantViolationOrLockInversionWithAllFixesOn() {
        for (int i = 0; i < APPS; i++) {
            mms[i] = kernel.createMm();
            mms[i].mmapAnonymous(0, PAGES, true);
            mms[i].mmapFile(file, FILE_BASE, FILE_PAGES, 0, true, true);
            mms[i].mmapFile(file, PRIVATE_BASE, FILE_PAGES, 0, true, false);
            mms[i].mmapFile(shmem, SHMEM_BASE, FILE_PAGES, 0, true, true);
            mms[i].mmapFile(shmem, SHMEM_PRIVATE_BASE, FILE_PAGES, 0, true, false);
            mms[i].mmapAnonymous(READ_ONLY, 1, false);
            mms[i].mmapAnonymous(ZERO_BASE, 1, true);
        }
        long seconds = Long.getLong("mmspec.stress.seconds", 3);
        StressRunner.Result result = StressRunner.run(
                APPS + 5, Duration.ofSeconds(seconds), Duration.ofMillis(100), this::operation, this::quiescentCheck);
        System.out.printf(
                "stress: %d s, %d operations (%d kernel operations), %d quiescent checks, %d invariants checked,"
                        + " %d lock acquisitions, %d folio allocations; learned lock order %s%n",
                seconds,
                result.operations(),
                kernel.operations(),
                result.checks(),
                checks.get(),
                kernel.lockdep().acquisitions(),
                kernel.folios().allocations(),
                kernel.lockdep().learnedOrder());
        assertNull(result.failure(), () -> String.valueOf(result.failure()));
        assertTrue(result.checks() > 0);
        assertEquals(List.of(), kernel.lockdep().inversions());
        assertEquals(List.of(), kernel.bugs());
    }

    private void quiescentCheck() {
        var invariants = kernel.invariants();
        List<String> violations = invariants.check();
        checks.addAndGet(invariants.checked());
        if (!violations.isEmpty()) {
            throw new AssertionError("invariants violated: " + violations);
        }
    }

    private void operation(int worker) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (worker < APPS) {
            app(worker, random);
            return;
        }
        Mm mm = mms[random.nextInt(APPS)];
        long[] bases = {0, FILE_BASE, PRIVATE_BASE, SHMEM_BASE, SHMEM_PRIVATE_BASE};
        long base = bases[random.nextInt(bases.length)];
        long address = random.nextInt(16) == 0 ? READ_ONLY : base + random.nextInt(base == 0 ? PAGES : FILE_PAGES);
        switch (worker - APPS) {
            case 0 -> kernel.reclaim().swapOut(mm, address);
            case 1 -> kernel.migration().migrate(mm, address);
            case 2 -> kernel.ksm().merge(mm, random.nextInt(PAGES));
            case 3 -> kernel.writeback().writeback(file, random.nextInt(FILE_PAGES));
            default -> {
                if (random.nextInt(8) == 0) {
                    kernel.truncate().truncate(file, 8L * (1 + random.nextInt(FILE_PAGES)));
                } else {
                    kernel.truncate().truncate(file, 8L * FILE_PAGES);
                }
            }
        }
    }

    /** One application step on its own memory, checking what it reads. */
    private void app(int me, ThreadLocalRandom random) {
        Mm mm = mms[me];
        int page = random.nextInt(PAGES);
        byte value = (byte) (1 + random.nextInt(120));
        switch (random.nextInt(19)) {
            case 0, 1 -> write(me, page, value);
            case 2 -> expectRead(me, page);
            case 3 -> dma(me, page, value, random.nextBoolean(), random.nextBoolean());
            case 4 -> forkAndCheckChild(me);
            case 5 -> vmspliceAfterFork(me, page);
            case 6 -> {
                kernel.mmap().madviseDontneed(mm, page, page + 1);
                expected[me][page] = 0;
                lazy[me][page] = false;
            }
            case 7 -> {
                kernel.mmap().mprotect(mm, page, page + 1, false);
                kernel.mmap().mprotect(mm, page, page + 1, true);
            }
            case 8 -> {
                // Shared and private file pages, mapped or through read(2)/pwrite(2): any data, but only OK
                // or (after truncate) SIGBUS.
                long a = (random.nextBoolean() ? FILE_BASE : PRIVATE_BASE) + random.nextInt(FILE_PAGES);
                Outcome o = switch (random.nextInt(4)) {
                    case 0 -> kernel.user().write(mm, a, 1, value);
                    case 1 -> kernel.user().read(mm, a, 1).outcome();
                    case 2 -> kernel.fileIo().pwrite(file, 8L * random.nextInt(FILE_PAGES) + 1, value);
                    default ->
                        kernel.fileIo()
                                .read(file, 8L * random.nextInt(FILE_PAGES) + 1)
                                .outcome();
                };
                assertTrue(o == Outcome.OK || o == Outcome.SIGBUS, "file access: " + o);
            }
            case 9 -> {
                assertEquals(Outcome.OK, kernel.madviseFree().free(mm, page, page + 1));
                lazy[me][page] = true;
            }
            case 10 -> {
                assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, page, page + 1));
                expectRead(me, page);
            }
            case 11 -> {
                // mremap() there and back: the data moves with the page tables.
                assertEquals(Outcome.OK, kernel.mremap().mremap(mm, page, 1, SCRATCH + me));
                assertEquals(Outcome.OK, kernel.mremap().mremap(mm, SCRATCH + me, 1, page));
                expectRead(me, page);
            }
            case 12 -> roLongtermPinOfPrivateShmem(me, random.nextInt(FILE_PAGES), value, random.nextBoolean());
            case 13 -> ioUringOnSharedShmem(me, random.nextInt(FILE_PAGES), value);
            case 14 -> {
                // /proc/pid/mem: a FOLL_FORCE write into read-only private memory lands in a private copy.
                assertEquals(Outcome.OK, kernel.gup().accessRemoteWrite(mm, READ_ONLY, 0, value));
                expectedReadOnly[me] = value;
                assertEquals(
                        Outcome.SIGSEGV, kernel.user().write(mm, READ_ONLY, 0, (byte) (value + 1)), "store to R/O");
                assertEquals(
                        expectedReadOnly[me],
                        kernel.user().read(mm, READ_ONLY, 0).value(),
                        "/proc/pid/mem write lost");
            }
            case 15 -> forkTreeWithReuse(me, page, value);
            case 16 -> shmemPageout(me, random.nextInt(FILE_PAGES), value);
            case 17 -> zeroPageFollGet(me);
            default -> expectRead(me, page);
        }
    }

    /**
     * A fork tree three deep whose middle process exits, so that the grandchild's next fork reuses the middle's
     * anon_vma (anon_vma_clone()); reclaim and migration through the youngest process must find the app's own mapping
     * too, and a COW in the youngest must not touch the app's page.
     */
    private void forkTreeWithReuse(int me, int page, byte value) {
        Mm child = kernel.fork().fork(mms[me]);
        Mm grandchild = child == null ? null : kernel.fork().fork(child);
        if (child != null) {
            kernel.mmap().exit(child);
        }
        Mm youngest = grandchild == null ? null : kernel.fork().fork(grandchild);
        if (youngest != null) {
            kernel.reclaim().swapOut(youngest, page);
            kernel.migration().migrate(youngest, (page + 1) % PAGES);
            assertEquals(Outcome.OK, kernel.user().write(youngest, page, 0, value));
            assertEquals(value, kernel.user().read(youngest, page, 0).value(), "the youngest's COW copy");
            kernel.mmap().exit(youngest);
        }
        if (grandchild != null) {
            kernel.mmap().exit(grandchild);
        }
        for (int p = 0; p < PAGES; p++) {
            expectRead(me, p);
        }
    }

    /** A shared shmem page goes to a swap slot (shmem_writeout) and comes back with the app's store. */
    private void shmemPageout(int me, int index, byte value) {
        Mm mm = mms[me];
        long a = SHMEM_BASE + index;
        assertEquals(
                expectedShmem[me][index],
                kernel.user().read(mm, a, 3 + me).value(),
                "a shared shmem page lost the app's store through reclaim or migration");
        assertEquals(Outcome.OK, kernel.user().write(mm, a, 3 + me, value));
        expectedShmem[me][index] = value;
        assertEquals(Outcome.OK, kernel.reclaim().madvisePageout(mm, a, a + 1));
        assertEquals(value, kernel.user().read(mm, a, 3 + me).value(), "shmem swap-in lost the store");
        assertEquals(value, kernel.fileIo().read(shmem, 8L * index + 3 + me).value(), "read(2) of shmem");
    }

    /** vmsplice() of a page that maps the zero page: a FOLL_GET reference to it, which reads zeroes. */
    private void zeroPageFollGet(int me) {
        Mm mm = mms[me];
        assertEquals(0, kernel.user().read(mm, ZERO_BASE, 0).value());
        GupResult pipe = kernel.gupCallers().vmsplice(mm, ZERO_BASE);
        assertTrue(pipe.ok(), "vmsplice of the zero page: " + pipe);
        assertEquals(0, pipe.ref().folio().read(0));
        kernel.gup().release(pipe.ref(), false);
    }

    private void write(int me, int page, byte value) {
        assertEquals(Outcome.OK, kernel.user().write(mms[me], page, 0, value));
        expected[me][page] = value;
        lazy[me][page] = false;
    }

    /** An R/O long-term pin of a private shmem page must be unshared first, so that it sees the app's later store. */
    private void roLongtermPinOfPrivateShmem(int me, int index, byte value, boolean fast) {
        Mm mm = mms[me];
        long a = SHMEM_PRIVATE_BASE + index;
        GupResult pin = kernel.gupCallers().pinLongtermTestStart(mm, a, false, fast);
        assertTrue(pin.ok(), "R/O long-term pin: " + pin);
        assertEquals(Outcome.OK, kernel.user().write(mm, a, 2, value));
        assertEquals(value, pin.ref().folio().read(2), "the R/O long-term pin reads stale data");
        kernel.gup().release(pin.ref(), false);
    }

    /** io_uring fixed buffers on a shared shmem mapping are allowed (not dirty-tracked) and see the app's stores. */
    private void ioUringOnSharedShmem(int me, int index, byte value) {
        Mm mm = mms[me];
        long a = SHMEM_BASE + index;
        GupResult ring = kernel.gupCallers().ioUringRegisterBuffer(mm, a);
        assertTrue(ring.ok(), "io_uring_register_buffers on shmem: " + ring);
        assertEquals(Outcome.OK, kernel.user().write(mm, a, 3 + me, value));
        expectedShmem[me][index] = value;
        assertEquals(value, ring.ref().folio().read(3 + me), "the fixed buffer missed the store");
        kernel.gup().release(ring.ref(), true);
    }

    private void expectRead(int me, int page) {
        ReadResult r = kernel.user().read(mms[me], page, 0);
        assertEquals(Outcome.OK, r.outcome());
        if (lazy[me][page] && r.value() == 0) {
            expected[me][page] = 0; // discarded by reclaim: zeroes from now on
        }
        assertEquals(expected[me][page], r.value(), "app " + me + " page " + page + " lost a write");
    }

    /** An O_DIRECT read (get) or a pinned DMA: the app keeps using the page while it is in flight. */
    private void dma(int me, int page, byte value, boolean pin, boolean fast) {
        Mm mm = mms[me];
        EnumSet<Foll> flags = pin ? EnumSet.of(Foll.PIN, Foll.WRITE) : EnumSet.of(Foll.WRITE);
        GupResult gup =
                fast ? kernel.gup().getFast(mm, page, flags) : kernel.gup().get(mm, page, flags);
        assertTrue(gup.ok(), "gup: " + gup);
        assertEquals(Outcome.OK, kernel.user().write(mm, page, 7, value));
        lazy[me][page] = false;
        kernel.dma().complete(gup.ref(), 0, new byte[] {value});
        expected[me][page] = value;
        expectRead(me, page);
    }

    private void forkAndCheckChild(int me) {
        Mm child = kernel.fork().fork(mms[me]);
        for (int page = 0; page < PAGES; page++) {
            ReadResult r = kernel.user().read(child, page, 0);
            // The outcome first: a load that did not go through has no value to compare.
            assertEquals(Outcome.OK, r.outcome(), "child of app " + me + " page " + page);
            if (!(lazy[me][page] && r.value() == 0)) {
                assertEquals(expected[me][page], r.value(), "child of app " + me + " page " + page);
            }
            kernel.user().write(child, page, 0, (byte) -1);
        }
        kernel.mmap().exit(child);
        for (int page = 0; page < PAGES; page++) {
            expectRead(me, page);
        }
    }

    /** CVE-2020-29374 live: the child's pipe keeps the snapshot whatever the parent writes later. */
    private void vmspliceAfterFork(int me, int page) {
        Mm child = kernel.fork().fork(mms[me]);
        GupResult pipe = kernel.gup().get(child, page);
        assertTrue(pipe.ok(), "vmsplice gup: " + pipe);
        byte snapshot = pipe.ref().folio().read(0);
        kernel.mmap().exit(child);
        write(me, page, (byte) (snapshot + 1));
        assertEquals(snapshot, pipe.ref().folio().read(0), "the parent's write leaked into the child's pipe");
        kernel.gup().release(pipe.ref(), false);
    }
}
