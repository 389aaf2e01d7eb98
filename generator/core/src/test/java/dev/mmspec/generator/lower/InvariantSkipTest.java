package dev.mmspec.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated {@code violatedInvariant(before, after)} skips invariants whose slots did not change; on random walks
 * of every shipped spec, every fix off in turn, it must give the answer of evaluating every invariant.
 */
class InvariantSkipTest {

    static Stream<Path> specs() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("../../spec"))) {
            return files.filter(p -> p.toString().endsWith(".mmspec")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void skippingUnchangedInvariantsGivesTheFullAnswer(Path spec) throws Exception {
        CompileResult result = new SpecCompiler().compile(spec.toString(), Files.readString(spec));
        assertTrue(result.spec() != null, () -> result.diagnostics().toString());
        LongFunction<Model> models = new ModelLoader().load(result.spec());
        int fixes = models.apply(0).info().fixes().size();
        int compared = 0;
        int violations = 0;
        for (long off = 0; off <= fixes; off++) {
            Model model = models.apply(off == 0 ? 0 : 1L << (off - 1));
            int words = model.info().stateWords();
            int actions = model.info().actions().size();
            SplittableRandom random = new SplittableRandom(42 + off);
            for (int walk = 0; walk < 200; walk++) {
                long[] state = new long[words];
                model.initialState(state);
                long[] next = new long[words];
                for (int step = 0; step < 40 && model.violatedInvariant(state) < 0; step++) {
                    int action = random.nextInt(actions);
                    if (model.apply(state, action, next) < 0) {
                        continue;
                    }
                    int full = model.violatedInvariant(next);
                    assertEquals(full, model.violatedInvariant(state, next), spec + " after action " + action);
                    compared++;
                    violations += full >= 0 ? 1 : 0;
                    long[] swap = state;
                    state = next;
                    next = swap;
                }
            }
        }
        assertTrue(compared > 100, spec + ": only " + compared + " successors compared");
        assertTrue(fixes == 0 || violations > 0, spec + ": no violation reached; the comparison never saw one");
    }
}
