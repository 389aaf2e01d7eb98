// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tests have teeth: with each fix of spec {@code refcount} (golden/refcount.mmspec) switched off in the model and
 * in the implementation, the property must fail on the expected invariant, and shrink to an interleaving no longer than
 * the spec's scenario for it.
 */
@DisplayName("refcount: fix detection")
class RefcountFixDetectionTest {
    private static final long SEED = dev.mmspec.engine.property.Seeds.fromProperty("mmspec.seed", -120316401510081L);

    @ParameterizedTest(name = "without {0}, the property fails on {1}")
    @MethodSource("missingFixes")
    void propertyFailsWithoutFix(String fix, String invariant) {
        Supplier<SystemUnderTest> implementation = RefcountConformance.supplier(List.of(fix));
        SpecChecks.fixDetected(RefcountModel.withFixesOff(fix), implementation, invariant, SEED);
        Assumptions.assumeTrue(
                implementation != null,
                "found on the model; on the implementation skipped: " + RefcountConformance.NO_BINDING);
    }

    /** The fixes the spec expects to be found missing, each with the invariant that then fails, at its expect line. */
    static List<Arguments> missingFixes() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("put_locked", "initial_reference_kept")); // golden/refcount.mmspec:61
        return out;
    }
}
