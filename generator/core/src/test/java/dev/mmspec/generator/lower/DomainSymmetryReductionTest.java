package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.ModelReplay;
import dev.mmspec.engine.trace.ViolationKind;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code symmetry Folio} keeps every verdict: with all fixes on and with each fix off, the explorer finds the same
 * invariant violated, by a counterexample just as short that replays on the concrete model, in no more states than
 * without it. Checked on every catalogue spec (with the line added), on a fixture that exercises what a symmetric
 * domain allows, and on the folio-symmetric benchmark spec (at smaller bounds). On the small ones, the reduced search
 * also reaches exactly the classes of states the unreduced one does.
 */
class DomainSymmetryReductionTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/good/symmetric_folios.mmspec");
    private static final Path STALE = Path.of("src/test/resources/fixtures/symmetry/stale_folio.mmspec");
    private static final Path BENCH = Path.of("../../bench/specs/anon_exclusive_bench_folio.mmspec");

    /**
     * Every catalogue spec over folios, with {@code symmetry Folio} added; the fixture; the benchmark spec, smaller.
     * The last argument: whether the spec ships with the line (and must gain by it).
     */
    static Stream<Arguments> specs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("../../spec"))) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".mmspec")).sorted().toList()) {
                String text = Files.readString(p);
                if (text.contains("domain Folio")) {
                    out.add(Arguments.of(p.toString(), text + "\nsymmetry Folio\n", false));
                }
            }
        }
        assertTrue(out.size() >= 6, "expected the catalogue's folio specs, found " + out.size());
        out.add(Arguments.of(FIXTURE.toString(), Files.readString(FIXTURE), true));
        String bench = Files.readString(BENCH)
                .replace("task app[4]", "task app[2]")
                .replace("domain Folio = 0..4", "domain Folio = 0..3");
        assertTrue(
                bench.contains("task app[2]") && bench.contains("domain Folio = 0..3"),
                "the benchmark spec changed shape");
        out.add(Arguments.of(BENCH.toString(), bench, true));
        return out.stream();
    }

    private static LongFunction<Model> compile(String path, String text) {
        CompileResult result = new SpecCompiler().compile(path, text);
        assertTrue(result.spec() != null, () -> path + ": " + result.diagnostics());
        return new ModelLoader().load(result.spec());
    }

    private static String without(String text, String line) {
        String out = text.replaceAll("(?m)^" + line + "$", "");
        assertFalse(out.equals(text), "no '" + line + "' line");
        return out;
    }

    private static ExplorationResult explore(Model model, int workers) {
        return new Explorer(model, ExplorerConfig.defaults().withWorkers(workers)).explore();
    }

    /**
     * With every fix on and with each fix off: the same verdict, a counterexample as short that replays on the concrete
     * model (the same one with two workers), no more states. On the small specs also the soundness claim itself: every
     * class of states the concrete model reaches, the reduced search reaches, and nothing else (up to the first
     * violation on each path, where exploration stops).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void everyVerdictSurvivesFolioSymmetry(String path, String text, boolean shipped) throws Exception {
        LongFunction<Model> reduced = compile(path, text);
        String withoutFolios = without(text, "symmetry Folio");
        LongFunction<Model> full = compile(path, withoutFolios);
        boolean small = !path.equals(BENCH.toString());
        LongFunction<Model> concrete = !small
                ? null
                : withoutFolios.contains("\nsymmetry app")
                        ? compile(path, without(withoutFolios, "symmetry app"))
                        : full;
        ModelInfo info = reduced.apply(0).info();
        assertEquals(1, info.symmetricDomains().size());
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[0]);
        info.fixes().forEach(f -> runs.add(new String[] {f.name()}));
        for (String[] off : runs) {
            Model model = reduced.apply(FixMask.of(info, off));
            ExplorationResult a = explore(model, 1);
            ExplorationResult b = explore(full.apply(FixMask.of(info, off)), 1);
            String label = path + " " + Arrays.toString(off) + ": " + a.summary() + " vs " + b.summary();
            assertEquals(off.length == 0 ? Outcome.HOLDS : Outcome.VIOLATED, a.outcome(), label);
            assertEquals(b.outcome(), a.outcome(), label);
            assertEquals(b.violation(), a.violation(), label);
            assertEquals(
                    b.counterexample().map(t -> t.steps().size()),
                    a.counterexample().map(t -> t.steps().size()),
                    label);
            assertTrue(a.distinctStates() <= b.distinctStates(), label);
            if (shipped && off.length == 0) {
                assertTrue(a.distinctStates() < b.distinctStates(), label);
            }
            if (a.counterexample().isPresent()) {
                ModelReplay.replay(model, a.counterexample().get());
                ExplorationResult two = explore(model, 2);
                assertEquals(a.distinctStates(), two.distinctStates(), "two workers, " + label);
                assertArrayEquals(
                        a.counterexample().get().actions(),
                        two.counterexample().orElseThrow().actions(),
                        "two workers, " + label);
            }
            if (small) {
                Set<List<Long>> expected = classes(concrete.apply(FixMask.of(info, off)), model, false);
                assertEquals(expected, classes(model, model, true), "reachable classes, " + label);
            }
        }
    }

    /**
     * Breadth-first over every state reachable without violating an invariant (canonicalized if
     * {@code reduce}); @return their exact classes per {@code classifier}.
     */
    private static Set<List<Long>> classes(Model model, Model classifier, boolean reduce) {
        int words = model.info().stateWords();
        long[] initial = new long[words];
        model.initialState(initial);
        if (reduce) {
            model.canonicalize(initial);
        }
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        seen.add(key(initial));
        queue.add(initial);
        Set<List<Long>> classes = new HashSet<>();
        while (!queue.isEmpty()) {
            long[] s = queue.poll();
            long[] exact = s.clone();
            classifier.canonicalizeExactly(exact);
            classes.add(key(exact));
            if (model.violatedInvariant(s) >= 0) {
                continue; // where the explorer stops: beyond it, a spec promises nothing
            }
            for (int a = 0; a < model.info().actions().size(); a++) {
                long[] next = new long[words];
                int result = model.apply(s, a, next);
                assertTrue(result >= Model.DISABLED, () -> model.info().spec() + ": model error " + result);
                if (result < 0) {
                    continue;
                }
                if (reduce) {
                    model.canonicalize(next);
                }
                if (seen.add(key(next))) {
                    queue.add(next);
                }
            }
        }
        return classes;
    }

    private static List<Long> key(long[] state) {
        return Arrays.stream(state).boxed().toList();
    }

    @Test
    void aFreedFolioThatKeepsItsDataIsAModelErrorNamingBothFolios() throws Exception {
        String text = Files.readString(STALE);
        LongFunction<Model> models = compile(STALE.toString(), text);
        Model model = models.apply(0);
        ExplorationResult result = explore(model, 1);
        assertEquals(Outcome.VIOLATED, result.outcome(), result.summary());
        assertEquals(ViolationKind.MODEL_ERROR, result.violation().orElseThrow().kind());
        String message = result.violation().orElseThrow().name();
        assertTrue(message.startsWith("alloc n in Folio: Folio 0 and 1 both fit but differ"), message);
        assertTrue(message.contains("drop 'symmetry Folio'"), message);
        assertEquals(3, result.counterexample().orElseThrow().steps().size(), result.summary());
        ModelReplay.replay(model, result.counterexample().get());

        ExplorationResult unreduced = explore(
                compile(STALE.toString(), without(text, "symmetry Folio")).apply(0), 1);
        assertEquals(Outcome.HOLDS, unreduced.outcome(), "only the symmetry claim is wrong: " + unreduced.summary());
        String repaired = text.replace("folio[f].ref := 0;", "folio[f] := { ref: 0 };");
        assertFalse(repaired.equals(text));
        ExplorationResult clean = explore(compile(STALE.toString(), repaired).apply(0), 1);
        assertEquals(
                Outcome.HOLDS,
                clean.outcome(),
                "a free folio that holds nothing is like any other: " + clean.summary());
    }
}
