package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sleep sets leave transitions out, never states: on every catalogue spec, with every fix on and with each fix off, the
 * search with sleep sets stores exactly the states of the full search, gives the same verdict and the same
 * counterexample (the witness search never sleeps), on 1 and 2 workers.
 */
class SleepSetsTest {
    private static final Path TRUNCATE_FAULT = Path.of("../../spec/file/truncate_fault.mmspec");

    static Stream<Path> specs() throws Exception {
        return InvariantSkipTest.specs();
    }

    private static ExplorationResult explore(Model model, boolean sleep, int workers) {
        return new Explorer(
                        model, ExplorerConfig.defaults().withWorkers(workers).withSleepSets(sleep))
                .explore();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void sleepSetsFindTheSameStatesAndViolations(Path spec) throws Exception {
        LongFunction<Model> models = FootprintTest.load(spec);
        int fixes = models.apply(0).info().fixes().size();
        for (long off = 0; off <= fixes; off++) {
            Model model = models.apply(off == 0 ? 0 : 1L << (off - 1));
            ExplorationResult full = explore(model, false, 1);
            for (int workers : new int[] {1, 2}) {
                ExplorationResult sleeping = explore(model, true, workers);
                String label = spec + " off=" + off + " workers=" + workers + ": " + sleeping.summary() + " vs "
                        + full.summary();
                assertEquals(full.outcome(), sleeping.outcome(), label);
                assertEquals(full.violation(), sleeping.violation(), label);
                assertEquals(full.counterexample(), sleeping.counterexample(), label);
                if (full.outcome() == ExplorationResult.Outcome.HOLDS) {
                    assertEquals(full.distinctStates(), sleeping.distinctStates(), label);
                    assertEquals(
                            full.transitions(),
                            sleeping.transitions(),
                            label + ": every enabled step is still applied");
                }
                assertEquals(0, full.sleptTransitions(), label);
            }
        }
    }

    /** Not vacuous: where steps commute, some are left out (a third of truncate_fault's transitions). */
    @Test
    void commutingStepsAreLeftOut() throws Exception {
        Model model = FootprintTest.load(TRUNCATE_FAULT).apply(0);
        ExplorationResult sleeping = explore(model, true, 1);
        assertTrue(sleeping.sleptTransitions() * 5 > sleeping.transitions(), sleeping.summary());
    }

    /**
     * The comparison above can fail: a model that forgets to record what its steps read makes steps look independent
     * that are not, and the sleep-set search then misses states. (A model that forgets its writes would be caught the
     * same way; reads are the subtler omission.)
     */
    @Test
    void footprintsThatForgetReadsLoseStates() throws Exception {
        Model honest = FootprintTest.load(TRUNCATE_FAULT).apply(0);
        Model forgetful = new ForgetsReads(honest);
        ExplorationResult full = explore(honest, false, 1);
        ExplorationResult fooled = explore(forgetful, true, 1);
        assertTrue(fooled.distinctStates() < full.distinctStates(), fooled.summary() + " vs " + full.summary());
    }

    /** Delegates to a generated model but erases the read half of every footprint it records. */
    private record ForgetsReads(Model model) implements Model {
        @Override
        public ModelInfo info() {
            return model.info();
        }

        @Override
        public long fixesOff() {
            return model.fixesOff();
        }

        @Override
        public void initialState(long[] out) {
            model.initialState(out);
        }

        @Override
        public int apply(long[] src, int action, long[] dst) {
            int result = model.apply(src, action, dst);
            int words = info().stateWords();
            if (dst.length > words) {
                Arrays.fill(dst, words, 2 * words, 0L);
            }
            return result;
        }

        @Override
        public int violatedInvariant(long[] state) {
            return model.violatedInvariant(state);
        }

        @Override
        public boolean violates(long[] state, int invariant) {
            return model.violates(state, invariant);
        }

        @Override
        public boolean idle(long[] state, int task) {
            return model.idle(state, task);
        }

        @Override
        public int nextStep(long[] state, int task) {
            return model.nextStep(state, task);
        }

        @Override
        public boolean recordsFootprints() {
            return true;
        }
    }
}
