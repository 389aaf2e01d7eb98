package dev.mmspec.runtime.selftests;

import static dev.mmspec.runtime.selftests.Proc.memset;
import static dev.mmspec.runtime.selftests.Proc.read;
import static dev.mmspec.runtime.selftests.Proc.same;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * tools/testing/selftests/mm/cow.c, the base-page cases: anon_test_cases[] "with base page" and "with swapped out base
 * page" (do_run_with_base_page), and non_anon_test_cases[] "with shared zeropage", "with memfd" and "with tmpfile"
 * (run_with_zeropage, run_with_memfd, run_with_tmpfile). A fork()ed child is a forked mm, the pipes that order parent
 * and child are the order of the statements; the page is at page 0, the second mapping (smem) at page 8. The THP and
 * hugetlb variants are listed in runtime/README.md.
 */
class CowTest {
    private static final long MEM = 0;
    private static final long SMEM = 8;

    /** An anon_test_cases[] function: test_fn(mem, size, is_hugetlb) on a populated page of {@code mm}. */
    @FunctionalInterface
    private interface AnonTest {
        boolean run(Kernel kernel, Mm mm);
    }

    /** A non_anon_test_cases[] function: non_anon_test_fn(mem, smem, size). */
    @FunctionalInterface
    private interface NonAnonTest {
        boolean run(Kernel kernel, Mm mm);
    }

    @TestFactory
    Stream<DynamicTest> anonymousMemoryInPrivateMappings() {
        List<SelftestCase> cases = new ArrayList<>();
        anon(cases, "Basic COW after fork()", "test_cow_in_parent", null, null, (k, mm) -> cowInParent(k, mm, false));
        anon(
                cases,
                "Basic COW after fork() with mprotect() optimization",
                "test_cow_in_parent_mprotect",
                null,
                null,
                (k, mm) -> cowInParent(k, mm, true));
        anon(
                cases,
                "vmsplice() + unmap in child",
                "test_vmsplice_in_child",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> vmspliceInChild(k, mm, false));
        anon(
                cases,
                "vmsplice() + unmap in child with mprotect() optimization",
                "test_vmsplice_in_child_mprotect",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> vmspliceInChild(k, mm, true));
        anon(
                cases,
                "vmsplice() before fork(), unmap in parent after fork()",
                "test_vmsplice_before_fork",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> vmspliceInParent(k, mm, true));
        anon(
                cases,
                "vmsplice() + unmap in parent after fork()",
                "test_vmsplice_after_fork",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> vmspliceInParent(k, mm, false));
        anon(
                cases,
                "R/O-mapping a page registered as iouring fixed buffer",
                "test_iouring_ro",
                null,
                null,
                (k, mm) -> iouring(k, mm, false));
        anon(
                cases,
                "fork() with an iouring fixed buffer",
                "test_iouring_fork",
                Fix.FORK_COPY_PINNED,
                Fix.FORK_COPY_PINNED,
                (k, mm) -> iouring(k, mm, true));
        anon(
                cases,
                "R/O GUP pin on R/O-mapped shared page",
                "test_ro_pin_on_shared",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> roPin(k, mm, RoPin.SHARED, false));
        anon(
                cases,
                "R/O GUP-fast pin on R/O-mapped shared page",
                "test_ro_fast_pin_on_shared",
                Fix.COW_REUSE_EXCLUSIVE,
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> roPin(k, mm, RoPin.SHARED, true));
        anon(
                cases,
                "R/O GUP pin on R/O-mapped previously-shared page",
                "test_ro_pin_on_ro_previously_shared",
                null,
                null,
                (k, mm) -> roPin(k, mm, RoPin.PREVIOUSLY_SHARED, false));
        anon(
                cases,
                "R/O GUP-fast pin on R/O-mapped previously-shared page",
                "test_ro_fast_pin_on_ro_previously_shared",
                null,
                null,
                (k, mm) -> roPin(k, mm, RoPin.PREVIOUSLY_SHARED, true));
        anon(
                cases,
                "R/O GUP pin on R/O-mapped exclusive page",
                "test_ro_pin_on_ro_exclusive",
                null,
                null,
                (k, mm) -> roPin(k, mm, RoPin.RO_EXCLUSIVE, false));
        anon(
                cases,
                "R/O GUP-fast pin on R/O-mapped exclusive page",
                "test_ro_fast_pin_on_ro_exclusive",
                null,
                null,
                (k, mm) -> roPin(k, mm, RoPin.RO_EXCLUSIVE, true));
        return SelftestCase.tests(cases);
    }

    @TestFactory
    Stream<DynamicTest> nonAnonymousMemoryInPrivateMappings() {
        List<SelftestCase> cases = new ArrayList<>();
        nonAnon(cases, "Basic COW", "test_cow", null, CowTest::basicCow);
        nonAnon(
                cases,
                "R/O longterm GUP pin",
                "test_ro_pin",
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> roPin(k, mm, RoPin.PLAIN, false));
        nonAnon(
                cases,
                "R/O longterm GUP-fast pin",
                "test_ro_fast_pin",
                Fix.COW_REUSE_EXCLUSIVE,
                (k, mm) -> roPin(k, mm, RoPin.PLAIN, true));
        return SelftestCase.tests(cases);
    }

    /** Adds the case "with base page" and "with swapped out base page", each with its own guard. */
    private static void anon(
            List<SelftestCase> cases, String desc, String fn, Fix guard, Fix swappedGuard, AnonTest test) {
        cases.add(new SelftestCase(
                desc + " ... with base page",
                "cow.c " + fn + ", run_with_base_page",
                guard,
                k -> test.run(k, basePage(k, false))));
        cases.add(new SelftestCase(
                desc + " ... with swapped out base page",
                "cow.c " + fn + ", run_with_base_page_swap",
                swappedGuard,
                k -> test.run(k, basePage(k, true))));
    }

    /** Adds the case with the shared zeropage, with memfd and with tmpfile. */
    private static void nonAnon(List<SelftestCase> cases, String desc, String fn, Fix guard, NonAnonTest test) {
        List<Function<Kernel, Mm>> setups = List.of(
                CowTest::withZeropage,
                k -> withFile(k, k.createShmemFile(Folio.PAGE_SIZE)),
                k -> withFile(k, k.createFile(Folio.PAGE_SIZE)));
        List<String> where = List.of("with shared zeropage", "with memfd", "with tmpfile");
        List<String> runner = List.of("run_with_zeropage", "run_with_memfd", "run_with_tmpfile");
        for (int i = 0; i < setups.size(); i++) {
            Function<Kernel, Mm> setup = setups.get(i);
            cases.add(new SelftestCase(
                    desc + " ... " + where.get(i),
                    "cow.c " + fn + ", " + runner.get(i),
                    guard,
                    k -> test.run(k, setup.apply(k))));
        }
    }

    /** do_run_with_base_page(): a populated private anonymous page, swapped out with MADV_PAGEOUT if asked. */
    private static Mm basePage(Kernel kernel, boolean swapout) {
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(MEM, 1, true);
        memset(kernel, mm, MEM, 1);
        if (swapout) {
            kernel.reclaim().madvisePageout(mm, MEM, MEM + 1);
            assertInstanceOf(Pte.Swap.class, mm.pte(MEM), "MADV_PAGEOUT did not work");
        }
        return mm;
    }

    /** run_with_zeropage(): mem a writable, smem a read-only private anonymous page, both read (the zero page). */
    private static Mm withZeropage(Kernel kernel) {
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(MEM, 1, true);
        mm.mmapAnonymous(SMEM, 1, false);
        read(kernel, mm, MEM);
        read(kernel, mm, SMEM);
        assertTrue(mm.pte(MEM).presentFolio().isZero(), "the read fault maps the shared zero page");
        return mm;
    }

    /**
     * run_with_memfd() / run_with_tmpfile(): mem a private writable, smem a shared read-only mapping of one page, both
     * read.
     */
    private static Mm withFile(Kernel kernel, AddressSpace file) {
        Mm mm = kernel.createMm();
        mm.mmapFile(file, MEM, 1, 0, true, false);
        mm.mmapFile(file, SMEM, 1, 0, false, true);
        read(kernel, mm, MEM);
        read(kernel, mm, SMEM);
        return mm;
    }

    /**
     * do_test_cow_in_parent() with child_memcmp_fn(): the child must keep reading what it read before the parent's
     * write.
     */
    private static boolean cowInParent(Kernel kernel, Mm mm, boolean mprotect) {
        Mm child = kernel.fork().fork(mm);
        byte[] old = read(kernel, child, MEM);
        mprotectOptimization(kernel, mm, mprotect);
        memset(kernel, mm, MEM, 0xff);
        boolean same = same(kernel, child, MEM, old);
        kernel.mmap().exit(child);
        return same;
    }

    /** do_test_cow_in_parent() with child_vmsplice_memcmp_fn(): the child's pipe must keep the old data. */
    private static boolean vmspliceInChild(Kernel kernel, Mm mm, boolean mprotect) {
        Mm child = kernel.fork().fork(mm);
        byte[] old = read(kernel, child, MEM);
        GupResult pipe = kernel.gupCallers().vmsplice(child, MEM);
        assertTrue(pipe.ok(), "vmsplice() failed");
        kernel.mmap().munmap(child, MEM, MEM + 1);
        mprotectOptimization(kernel, mm, mprotect);
        memset(kernel, mm, MEM, 0xff);
        boolean same = Arrays.equals(old, pipe.ref().folio().contents());
        kernel.gup().release(pipe.ref(), false);
        kernel.mmap().exit(child);
        return same;
    }

    /** do_test_vmsplice_in_parent(): the parent's pipe must not see the child's write after the parent unmapped. */
    private static boolean vmspliceInParent(Kernel kernel, Mm mm, boolean beforeFork) {
        byte[] old = read(kernel, mm, MEM);
        GupResult pipe = beforeFork ? kernel.gupCallers().vmsplice(mm, MEM) : null;
        Mm child = kernel.fork().fork(mm);
        if (!beforeFork) {
            pipe = kernel.gupCallers().vmsplice(mm, MEM);
        }
        assertTrue(pipe.ok(), "vmsplice() failed");
        kernel.mmap().munmap(mm, MEM, MEM + 1);
        memset(kernel, child, MEM, 0xff);
        kernel.mmap().exit(child);
        boolean same = Arrays.equals(old, pipe.ref().folio().contents());
        kernel.gup().release(pipe.ref(), false);
        return same;
    }

    /** do_test_iouring(): what the fixed buffer writes to the file must be what the process wrote last. */
    private static boolean iouring(Kernel kernel, Mm mm, boolean useFork) {
        GupResult ring = kernel.gupCallers().ioUringRegisterBuffer(mm, MEM);
        assertTrue(ring.ok(), "io_uring_register_buffers() failed: " + ring.outcome());
        Mm child = useFork ? kernel.fork().fork(mm) : null;
        if (!useFork) {
            mprotectOptimization(kernel, mm, true);
        }
        memset(kernel, mm, MEM, 0xff);
        // io_uring_prep_write_fixed() + pread(): the file receives the pinned page's contents.
        boolean reliable = same(kernel, mm, MEM, ring.ref().folio().contents());
        if (child != null) {
            kernel.mmap().exit(child);
        }
        kernel.gup().release(ring.ref(), false);
        return reliable;
    }

    private enum RoPin {
        PLAIN,
        SHARED,
        PREVIOUSLY_SHARED,
        RO_EXCLUSIVE
    }

    /** do_test_ro_pin(): after an R/O long-term pin, the process's write must be visible through the pin. */
    private static boolean roPin(Kernel kernel, Mm mm, RoPin test, boolean fast) {
        Mm child = null;
        switch (test) {
            case PLAIN -> {}
            case SHARED, PREVIOUSLY_SHARED -> {
                child = kernel.fork().fork(mm);
                if (test == RoPin.PREVIOUSLY_SHARED) {
                    kernel.mmap().exit(child);
                    child = null;
                }
            }
            case RO_EXCLUSIVE -> mprotectOptimization(kernel, mm, true);
        }
        GupResult pin = kernel.gupCallers().pinLongtermTestStart(mm, MEM, false, fast);
        assertEquals(Outcome.OK, pin.outcome(), "PIN_LONGTERM_TEST_START failed");
        memset(kernel, mm, MEM, 0xff);
        boolean reliable = same(kernel, mm, MEM, pin.ref().folio().contents());
        kernel.gup().release(pin.ref(), false);
        if (child != null) {
            kernel.mmap().exit(child);
        }
        return reliable;
    }

    /** test_cow(): a write to mem must not show in the other mapping. */
    private static boolean basicCow(Kernel kernel, Mm mm) {
        byte[] old = read(kernel, mm, SMEM);
        memset(kernel, mm, MEM, 0xff);
        return same(kernel, mm, SMEM, old);
    }

    /**
     * mprotect(PROT_READ) then mprotect(PROT_READ|PROT_WRITE): "mprotect() optimizations might try avoiding
     * write-faults".
     */
    private static void mprotectOptimization(Kernel kernel, Mm mm, boolean mprotect) {
        if (mprotect) {
            assertEquals(Outcome.OK, kernel.mmap().mprotect(mm, MEM, MEM + 1, false));
            assertEquals(Outcome.OK, kernel.mmap().mprotect(mm, MEM, MEM + 1, true));
        }
    }
}
