// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.check.SpecChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exhaustive exploration of spec {@code refcount} (golden/refcount.mmspec) within its bounds. */
@DisplayName("refcount: exhaustive exploration")
class RefcountExplorationTest {

    @Test
    @DisplayName("with all fixes, every invariant holds in every reachable state")
    void allFixesHold() {
        SpecChecks.explorationHolds(new RefcountModel());
    }

    @ParameterizedTest(name = "without {0}, {1} is violated")
    @MethodSource("missingFixes")
    void eachMissingFixIsFound(String fix, String invariant) {
        SpecChecks.explorationViolates(RefcountModel.withFixesOff(fix), invariant);
    }

    /** The fixes the spec expects to be found missing, each with the invariant that then fails, at its expect line. */
    static List<Arguments> missingFixes() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("put_locked", "initial_reference_kept")); // golden/refcount.mmspec:61
        return out;
    }
}
