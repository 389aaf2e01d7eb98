package dev.mmspec.runtime.selftests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.KernelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One ported case of a kernel mm selftest: its name as the selftest prints it ({@code "Basic COW after fork() ... with
 * base page"}), the selftest function it ports, the catalogue fix that, switched off, must make it fail (null: none
 * does), and its body, which returns what the selftest's ksft_test_result() would report.
 *
 * <p>Each case becomes two tests: the case with every fix on, which must pass and leave the kernel's invariants intact;
 * and, if it has a guard, the case with that one fix off, which must fail (a false result, a kernel BUG, or a broken
 * invariant), or else the case with each single fix off in turn, which must still pass, so that "none" is checked as
 * well.
 */
record SelftestCase(String name, String ports, Fix guard, Body body) {

    /** A selftest case against a fresh kernel. */
    @FunctionalInterface
    interface Body {
        /** @return whether the selftest would report the case as passed */
        boolean run(Kernel kernel);
    }

    /** @return the case's tests, for a {@code @TestFactory}. */
    static Stream<DynamicTest> tests(List<SelftestCase> cases) {
        List<DynamicTest> tests = new ArrayList<>();
        for (SelftestCase c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> c.passesWithEveryFixOn()));
            if (c.guard() != null) {
                tests.add(DynamicTest.dynamicTest(
                        c.name() + " [fails without " + c.guard().id() + "]", () -> c.failsWithoutGuard()));
            } else {
                tests.add(DynamicTest.dynamicTest(
                        c.name() + " [no single fix guards it]", () -> c.passesWithAnyOneFixOff()));
            }
        }
        return tests.stream();
    }

    void passesWithEveryFixOn() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        assertTrue(body.run(kernel), () -> name + " (" + ports + ") failed with every fix on");
        assertEquals(List.of(), kernel.invariants().check(), name);
    }

    void failsWithoutGuard() {
        assertFalse(
                passes(KernelConfig.defaults().without(guard)),
                () -> name + " (" + ports + ") still passes without " + guard.id());
    }

    /** "Guard: none" is a claim too: with any one fix off the case still passes. */
    void passesWithAnyOneFixOff() {
        for (Fix fix : Fix.values()) {
            assertTrue(
                    passes(KernelConfig.defaults().without(fix)),
                    () -> name + " (" + ports + ") fails without " + fix.id() + ": that is its guard");
        }
    }

    /** @return whether the case passes, its kernel BUG-free and consistent, on a kernel with {@code config}. */
    boolean passes(KernelConfig config) {
        Kernel kernel = new Kernel(config);
        try {
            return body.run(kernel) && kernel.invariants().check().isEmpty();
        } catch (KernelBug bug) {
            return false;
        }
    }
}
