// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scenarios of spec {@code refcount} (golden/refcount.mmspec), replayed on the model and the implementation. */
@DisplayName("refcount: scenarios")
class RefcountScenarioTest {

    @ParameterizedTest(name = "scenario {0}")
    @MethodSource("scenarios")
    void scenarioHasItsExpectedOutcome(String name) {
        ModelInfo.Scenario scenario = scenario(name);
        RefcountModel model = new RefcountModel(FixMask.of(new RefcountModel().info(), scenario.fixesOff()));
        Supplier<SystemUnderTest> implementation = RefcountConformance.supplier(scenario.fixesOff());
        SpecChecks.scenario(model, implementation, name);
        Assumptions.assumeTrue(
                implementation != null,
                "as the spec says on the model; on the implementation skipped: " + RefcountConformance.NO_BINDING);
    }

    /** The spec's scenarios, by name, in file order. */
    static List<String> scenarios() {
        List<String> out = new ArrayList<>();
        out.add("lost_update");
        return out;
    }

    private static ModelInfo.Scenario scenario(String name) {
        for (ModelInfo.Scenario s : new RefcountModel().info().scenarios()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + name);
    }
}
