package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The footprints a generated {@code apply} records are what sleep sets trust to decide that two steps commute. On
 * random walks of every shipped spec (catalogue and benchmark), every fix off in turn, each enabled step's recorded
 * writes cover every bit it changed, and every pair of steps of different tasks that the footprints call commuting
 * really does: both orders are enabled, give the same results and end in the same state.
 */
class FootprintTest {

    static Stream<Path> specs() throws Exception {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("../../spec", "../../bench/specs")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".mmspec")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void stepsWhoseFootprintsAreDisjointCommute(Path spec) throws Exception {
        commutingPairsChecked(spec);
    }

    /**
     * Not vacuous: where tasks work on different pages, the footprints do call steps commuting (fork and dirty_cow have
     * none: every step of theirs takes the one mmap_lock or page the other needs).
     */
    @Test
    void footprintsFindCommutingStepsWhereThereAreAny() throws Exception {
        assertTrue(commutingPairsChecked(Path.of("../../spec/file/truncate_fault.mmspec")) > 100);
        assertTrue(commutingPairsChecked(Path.of("../../bench/specs/anon_exclusive_bench.mmspec")) > 1000);
    }

    /** @return how many footprint-commuting pairs the random walks met, each checked to be a diamond */
    private static int commutingPairsChecked(Path spec) throws Exception {
        LongFunction<Model> models = load(spec);
        int fixes = models.apply(0).info().fixes().size();
        int commuting = 0;
        int checked = 0;
        for (long off = 0; off <= fixes; off++) {
            Model model = models.apply(off == 0 ? 0 : 1L << (off - 1));
            assertTrue(model.recordsFootprints(), spec + ": a generated model records footprints");
            int words = model.info().stateWords();
            int actions = model.info().actions().size();
            SplittableRandom random = new SplittableRandom(7 + off);
            for (int walk = 0; walk < 40; walk++) {
                long[] state = new long[words];
                model.initialState(state);
                for (int step = 0; step < 30; step++) {
                    List<long[]> footprints = new ArrayList<>();
                    List<Integer> enabled = new ArrayList<>();
                    List<Integer> outcomes = new ArrayList<>();
                    for (int a = 0; a < actions; a++) {
                        long[] tracked = new long[3 * words];
                        int result = model.apply(state, a, tracked);
                        if (result < 0) {
                            continue;
                        }
                        for (int w = 0; w < words; w++) {
                            long changed = tracked[w] ^ state[w];
                            assertEquals(
                                    0,
                                    changed & ~tracked[2 * words + w],
                                    spec + ": action " + a + " changed word " + w
                                            + " bits it did not record as written");
                        }
                        enabled.add(a);
                        outcomes.add(result);
                        footprints.add(tracked);
                    }
                    for (int i = 0; i < enabled.size(); i++) {
                        for (int j = i + 1; j < enabled.size(); j++) {
                            int a = enabled.get(i);
                            int b = enabled.get(j);
                            if (model.taskOf(a) == model.taskOf(b)
                                    || !commute(state, footprints.get(i), footprints.get(j), words)) {
                                continue;
                            }
                            commuting++;
                            long[] ab = new long[words];
                            long[] ba = new long[words];
                            int afterA = model.apply(Arrays.copyOf(footprints.get(i), words), b, ab);
                            int afterB = model.apply(Arrays.copyOf(footprints.get(j), words), a, ba);
                            String what = spec + " off=" + off + ": actions " + a + " and " + b + " in "
                                    + Arrays.toString(state);
                            assertEquals(outcomes.get(j), afterA, what + ": " + b + " behaves differently after " + a);
                            assertEquals(outcomes.get(i), afterB, what + ": " + a + " behaves differently after " + b);
                            assertArrayEquals(ab, ba, what + ": the two orders end in different states");
                            checked++;
                        }
                    }
                    if (enabled.isEmpty()) {
                        break;
                    }
                    state = Arrays.copyOf(footprints.get(random.nextInt(enabled.size())), words);
                }
            }
        }
        assertEquals(commuting, checked);
        return commuting;
    }

    /** The explorer's rule ({@code LevelWorker#commute}): neither step changed a bit the other read or wrote. */
    static boolean commute(long[] state, long[] a, long[] b, int words) {
        for (int w = 0; w < words; w++) {
            long changedA = a[w] ^ state[w];
            long changedB = b[w] ^ state[w];
            long touchedA = a[words + w] | a[2 * words + w];
            long touchedB = b[words + w] | b[2 * words + w];
            if ((changedA & touchedB) != 0 || (changedB & touchedA) != 0) {
                return false;
            }
        }
        return true;
    }

    static LongFunction<Model> load(Path spec) throws Exception {
        CompileResult result = new SpecCompiler().compile(spec.toString(), Files.readString(spec));
        assertTrue(result.spec() != null, () -> result.diagnostics().toString());
        return new ModelLoader().load(result.spec());
    }
}
