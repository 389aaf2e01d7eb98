package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.ViolationKind;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.export.PromelaExporter;
import dev.mmspec.generator.ir.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random spec that deadlocks (its tasks stuck at {@code require v != K}): the explorer, TLC and SPIN (its invalid end
 * state) agree on the verdict and the depth; with the Promela export's deadlock probe left out SPIN says the spec
 * holds, so the oracle reports that.
 */
class DeadlockAgreementTest {
    /**
     * The first spec of {@link RandomSpecs} that deadlocked with all fixes on (seed 69, written by the generator before
     * it learnt the newer constructs), kept as a file so that the generator can change.
     */
    private static final Path DEADLOCKING = Path.of("src/test/resources/trust/deadlock/r69.mmspec");

    @TempDir
    Path work;

    @Test
    void spinSeesTheDeadlockTheExplorerAndTlcSee() throws Exception {
        Spec spec = deadlockingSpec();
        assertTrue(ReferenceCheckers.spinAvailable(), "SPIN and gcc are needed here: apt-get install -y spin gcc");
        Oracle.Outcome outcome = new Oracle(work, true).compare(spec);
        // SPIN among them: a SPIN that said "holds" (or another depth) would be a disagreement.
        assertEquals(List.of(), outcome.disagreements());
    }

    @Test
    void withoutTheProbeSpinMissesTheDeadlock() throws Exception {
        Spec spec = deadlockingSpec();
        assertTrue(ReferenceCheckers.spinAvailable(), "SPIN and gcc are needed here: apt-get install -y spin gcc");
        String model =
                new PromelaExporter(spec).model().replace("#define DEADLOCK_CHECK 1", "#define DEADLOCK_CHECK 0");
        Verdict spin = new ReferenceCheckers(work).spin(spec.name(), model, Set.of());
        assertTrue(spin.holds(), spin.toString());
        Verdict explorer = new Verdict(
                "mmspec workers=1",
                false,
                -1,
                -1,
                explore(spec).counterexample().orElseThrow().steps().size());
        assertEquals(
                1,
                Oracle.disagreements(spec.name(), explorer, List.of(explorer, spin), false)
                        .size());
    }

    private static Spec deadlockingSpec() throws java.io.IOException {
        List<String> why = new ArrayList<>();
        Spec spec = Oracle.compile(
                "r69", java.nio.file.Files.readString(DEADLOCKING, java.nio.charset.StandardCharsets.UTF_8), why);
        assertNotNull(spec, String.join("\n", why));
        ExplorationResult r = explore(spec);
        assertEquals(ViolationKind.DEADLOCK, r.violation().orElseThrow().kind(), DEADLOCKING + " no longer deadlocks");
        return spec;
    }

    private static ExplorationResult explore(Spec spec) {
        return new Explorer(
                        new ModelLoader().load(spec).apply(0L),
                        ExplorerConfig.defaults().withPartialOrder(false))
                .explore();
    }
}
