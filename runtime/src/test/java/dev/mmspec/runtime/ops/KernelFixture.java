package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.mm.Mm;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * A kernel with every fix on and one empty process, new for each test; after the test the kernel-wide invariants must
 * hold, so every operation test also shows that the operation leaves the kernel consistent.
 */
abstract class KernelFixture {
    final Kernel kernel = new Kernel(KernelConfig.defaults());
    final Mm mm = kernel.createMm();

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), kernel.invariants().check());
    }
}
