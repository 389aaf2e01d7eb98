package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.mm.Mm;
import java.util.EnumSet;

/**
 * The GUP users the kernel's mm selftests drive, with the flags each one passes: vmsplice() into a pipe, io_uring fixed
 * buffers, and the gup_test module's PIN_LONGTERM_TEST (lib/gup_test.c, used by cow.c and gup_longterm.c).
 * /proc/pid/mem writes are {@link Gup#accessRemoteWrite}.
 */
public final class GupCallers {
    private final Kernel kernel;

    public GupCallers(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * vmsplice() of one page into a pipe: iov_iter_get_pages2(), a FOLL_GET read-only reference through
     * get_user_pages_fast(). The pipe buffer keeps the page; {@link Gup#release} when the pipe is read or closed.
     *
     * <p>Context: as {@link Gup#getFast}.
     */
    public GupResult vmsplice(Mm mm, long address) {
        return kernel.gup().getFast(mm, address, EnumSet.noneOf(Foll.class));
    }

    /**
     * io_uring_register_buffers() of one page: io_pin_pages() pins it FOLL_WRITE | FOLL_LONGTERM
     * (pin_user_pages_fast()), whatever the buffer will be used for. Refused (EFAULT) on a dirty-tracked shared file
     * mapping.
     *
     * <p>Context: as {@link Gup#getFast}.
     */
    public GupResult ioUringRegisterBuffer(Mm mm, long address) {
        return kernel.gup().getFast(mm, address, EnumSet.of(Foll.PIN, Foll.LONGTERM, Foll.WRITE));
    }

    /**
     * gup_test's PIN_LONGTERM_TEST_START for one page: pin_user_pages() or, with {@code fast}, pin_user_pages_fast(),
     * FOLL_LONGTERM and FOLL_WRITE if {@code write}. PIN_LONGTERM_TEST_READ is then {@code ref.folio().contents()},
     * PIN_LONGTERM_TEST_STOP {@link Gup#release}.
     */
    public GupResult pinLongtermTestStart(Mm mm, long address, boolean write, boolean fast) {
        EnumSet<Foll> flags = EnumSet.of(Foll.PIN, Foll.LONGTERM);
        if (write) {
            flags.add(Foll.WRITE);
        }
        return fast ? kernel.gup().getFast(mm, address, flags) : kernel.gup().get(mm, address, flags);
    }
}
