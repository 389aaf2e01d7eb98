package dev.mmspec.runtime.selftests;

import static dev.mmspec.runtime.selftests.Proc.memset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * tools/testing/selftests/mm/mkdirty.c, the base-page cases: code that sets a PTE dirty in a read-only VMA (a
 * FOLL_FORCE write through /proc/self/mem, page migration remapping the page) must not set it writable, so that a later
 * store still raises SIGSEGV and leaves the page alone. The runtime's user store goes through a writable PTE without
 * consulting the VMA, as the CPU does, so a wrongly writable PTE would show here. The THP and UFFDIO_COPY cases are
 * listed in runtime/README.md.
 */
class MkdirtyTest {

    @TestFactory
    Stream<DynamicTest> settingPteDirtyNeverMakesItWritable() {
        return SelftestCase.tests(List.of(
                new SelftestCase("PTRACE write access", "mkdirty.c test_ptrace_write", null, MkdirtyTest::ptraceWrite),
                new SelftestCase("Page migration", "mkdirty.c test_page_migration", null, MkdirtyTest::pageMigration)));
    }

    /** test_ptrace_write(): the zero page in a read-only private VMA, unshared by a FOLL_FORCE write. */
    private static boolean ptraceWrite(Kernel kernel) {
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, false);
        assertEquals(0, kernel.user().read(mm, 0, 0).value(), "Memory not zero");
        assertEquals(Outcome.OK, kernel.gup().accessRemoteWrite(mm, 0, 0, (byte) 1), "write() failed");
        assertEquals(1, kernel.user().read(mm, 0, 0).value(), "write() failed");
        return writeSigsegv(kernel, mm);
    }

    /** test_page_migration(): a dirty page, made read-only, migrated (mbind MPOL_MF_MOVE). */
    private static boolean pageMigration(Kernel kernel) {
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 1, true);
        memset(kernel, mm, 0, 1);
        assertEquals(Outcome.OK, kernel.mmap().mprotect(mm, 0, 1, false));
        assertEquals(Outcome.OK, kernel.migration().migrate(mm, 0).outcome(), "mbind() failed");
        return writeSigsegv(kernel, mm);
    }

    /** do_test_write_sigsegv(): "SIGSEGV generated, page not modified". */
    private static boolean writeSigsegv(Kernel kernel, Mm mm) {
        byte orig = kernel.user().read(mm, 0, 0).value();
        Outcome store = kernel.user().write(mm, 0, 0, (byte) (orig + 1));
        return store == Outcome.SIGSEGV && kernel.user().read(mm, 0, 0).value() == orig;
    }
}
