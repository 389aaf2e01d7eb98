package dev.mmspec.runtime.selftests;

import static dev.mmspec.runtime.selftests.Proc.memset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.GupResult;
import dev.mmspec.runtime.mm.Mm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * tools/testing/selftests/mm/gup_longterm.c: test_cases[] (including the two io_uring cases) "with memfd" (tmpfs),
 * "with tmpfile" and "with local tmpfile" (both a regular, dirty-tracked file: the selftest's ext4/xfs/btrfs case). R/O
 * long-term pins and pins of private mappings must always work; R/W long-term pins of a shared mapping only where the
 * filesystem needs no write notification (fs_supports_writable_longterm_pinning: tmpfs). The hugetlb variant is listed
 * in runtime/README.md.
 */
class GupLongtermTest {

    private enum Type {
        RO,
        RO_FAST,
        RW,
        RW_FAST,
        IOURING
    }

    @TestFactory
    Stream<DynamicTest> longtermPinning() {
        List<SelftestCase> cases = new ArrayList<>();
        add(cases, "R/W longterm GUP pin in MAP_SHARED file mapping", "test_shared_rw_pin", Type.RW, true);
        add(
                cases,
                "R/W longterm GUP-fast pin in MAP_SHARED file mapping",
                "test_shared_rw_fast_pin",
                Type.RW_FAST,
                true);
        add(cases, "R/O longterm GUP pin in MAP_SHARED file mapping", "test_shared_ro_pin", Type.RO, true);
        add(
                cases,
                "R/O longterm GUP-fast pin in MAP_SHARED file mapping",
                "test_shared_ro_fast_pin",
                Type.RO_FAST,
                true);
        add(cases, "R/W longterm GUP pin in MAP_PRIVATE file mapping", "test_private_rw_pin", Type.RW, false);
        add(
                cases,
                "R/W longterm GUP-fast pin in MAP_PRIVATE file mapping",
                "test_private_rw_fast_pin",
                Type.RW_FAST,
                false);
        add(cases, "R/O longterm GUP pin in MAP_PRIVATE file mapping", "test_private_ro_pin", Type.RO, false);
        add(
                cases,
                "R/O longterm GUP-fast pin in MAP_PRIVATE file mapping",
                "test_private_ro_fast_pin",
                Type.RO_FAST,
                false);
        add(cases, "io_uring fixed buffer with MAP_SHARED file mapping", "test_shared_iouring", Type.IOURING, true);
        add(cases, "io_uring fixed buffer with MAP_PRIVATE file mapping", "test_private_iouring", Type.IOURING, false);
        return SelftestCase.tests(cases);
    }

    /**
     * Adds the case with memfd, tmpfile and local tmpfile. The guard: a R/W long-term pin of a shared mapping of a
     * regular file "should have failed"; only gup_write_notify refuses it.
     */
    private static void add(List<SelftestCase> cases, String desc, String fn, Type type, boolean shared) {
        boolean writable = type == Type.RW || type == Type.RW_FAST || type == Type.IOURING;
        List<Function<Kernel, AddressSpace>> files = List.of(
                k -> k.createShmemFile(Folio.PAGE_SIZE),
                k -> k.createFile(Folio.PAGE_SIZE),
                k -> k.createFile(Folio.PAGE_SIZE));
        List<String> where = List.of("with memfd", "with tmpfile", "with local tmpfile");
        List<String> runner = List.of("run_with_memfd", "run_with_tmpfile", "run_with_local_tmpfile");
        for (int i = 0; i < files.size(); i++) {
            Function<Kernel, AddressSpace> file = files.get(i);
            Fix guard = shared && writable && i > 0 ? Fix.GUP_WRITE_NOTIFY : null;
            cases.add(new SelftestCase(
                    desc + " ... " + where.get(i),
                    "gup_longterm.c " + fn + ", " + runner.get(i),
                    guard,
                    k -> doTest(k, file.apply(k), type, shared)));
        }
    }

    /** do_test(): map the one-page file, fault it in with memset(), pin it, and compare with should_work. */
    private static boolean doTest(Kernel kernel, AddressSpace file, Type type, boolean shared) {
        Mm mm = kernel.createMm();
        mm.mmapFile(file, 0, 1, 0, true, shared);
        memset(kernel, mm, 0, 0);
        if (type == Type.RO || type == Type.RO_FAST) {
            assertEquals(Outcome.OK, kernel.mmap().mprotect(mm, 0, 1, false));
        }
        boolean rw = type == Type.RW || type == Type.RW_FAST || type == Type.IOURING;
        boolean shouldWork = !shared || !rw || file.shmem();
        GupResult pin = type == Type.IOURING
                ? kernel.gupCallers().ioUringRegisterBuffer(mm, 0)
                : kernel.gupCallers().pinLongtermTestStart(mm, 0, rw, type == Type.RO_FAST || type == Type.RW_FAST);
        if (!pin.ok()) {
            assertEquals(Outcome.EFAULT, pin.outcome(), "PIN_LONGTERM_TEST_START failed");
            kernel.mmap().exit(mm);
            return !shouldWork;
        }
        kernel.gup().release(pin.ref(), false);
        kernel.mmap().exit(mm);
        return shouldWork;
    }
}
