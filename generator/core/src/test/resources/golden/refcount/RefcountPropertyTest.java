// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences and interleavings of spec {@code refcount} (golden/refcount.mmspec), on the model alone
 * and on the model and the implementation in lockstep. Seed: -120316401510081L (override with -Dmmspec.seed=0x..., as
 * the failure report prints it).
 */
@DisplayName("refcount: properties")
class RefcountPropertyTest {
    private static final long SEED = dev.mmspec.engine.property.Seeds.fromProperty("mmspec.seed", -120316401510081L);

    @Test
    @DisplayName("random runs of the model keep every invariant")
    void modelKeepsInvariants() {
        SpecChecks.modelPropertyHolds(new RefcountModel(), SEED);
    }

    @Test
    @DisplayName("the implementation conforms to the model step by step")
    void implementationConforms() {
        Supplier<SystemUnderTest> implementation = RefcountConformance.supplier(List.of());
        Assumptions.assumeTrue(implementation != null, RefcountConformance.NO_BINDING);
        SpecChecks.conformance(new RefcountModel(), implementation, SEED);
    }

    @Test
    @DisplayName("every distinct transition of the model is replayed on the implementation")
    void everyTransitionReplaysOnTheImplementation() {
        Supplier<SystemUnderTest> implementation = RefcountConformance.supplier(List.of());
        Assumptions.assumeTrue(implementation != null, RefcountConformance.NO_BINDING);
        SpecChecks.transitionsReplayed(new RefcountModel(), implementation);
    }
}
