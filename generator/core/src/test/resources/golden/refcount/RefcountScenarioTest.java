// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scenarios of spec {@code refcount} (golden/refcount.mmspec), replayed on the model and the implementation. */
@DisplayName("refcount: scenarios")
class RefcountScenarioTest {

    @ParameterizedTest(name = "scenario {0}")
    @ValueSource(strings = {
        "lost_update"
    })
    void scenarioHasItsExpectedOutcome(String name) {
        ModelInfo.Scenario scenario = new RefcountModel().info().scenarios().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        RefcountModel model = new RefcountModel(FixMask.of(new RefcountModel().info(), scenario.fixesOff()));
        Supplier<SystemUnderTest> implementation = RefcountConformance.supplier(scenario.fixesOff());
        SpecChecks.scenario(model, implementation, name);
        Assumptions.assumeTrue(implementation != null, "as the spec says on the model; on the implementation skipped: "
                + RefcountConformance.NO_BINDING);
    }
}
