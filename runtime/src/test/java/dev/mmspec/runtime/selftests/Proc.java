package dev.mmspec.runtime.selftests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.fault.UserAccess.ReadResult;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import java.util.Arrays;

/**
 * What a selftest does with its memory, byte by byte through the runtime's loads and stores: memset, memcpy, memcmp.
 */
final class Proc {
    private Proc() {}

    /** memset() of one page; the stores must go through. */
    static void memset(Kernel kernel, Mm mm, long page, int value) {
        for (int i = 0; i < Folio.PAGE_SIZE; i++) {
            assertEquals(Outcome.OK, kernel.user().write(mm, page, i, (byte) value), "store to " + mm + ":" + page);
        }
    }

    /** memcpy() out of one page; the loads must go through. */
    static byte[] read(Kernel kernel, Mm mm, long page) {
        byte[] bytes = new byte[Folio.PAGE_SIZE];
        for (int i = 0; i < Folio.PAGE_SIZE; i++) {
            ReadResult r = kernel.user().read(mm, page, i);
            assertEquals(Outcome.OK, r.outcome(), "load from " + mm + ":" + page);
            bytes[i] = r.value();
        }
        return bytes;
    }

    /** memcmp() == 0 of a page against {@code expected}. */
    static boolean same(Kernel kernel, Mm mm, long page, byte[] expected) {
        return Arrays.equals(read(kernel, mm, page), expected);
    }
}
