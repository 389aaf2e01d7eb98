package dev.mmspec.bench;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Compiles a benchmark spec into a model, and draws reachable states from it. */
final class BenchModels {
    private BenchModels() {}

    /**
     * @param spec a spec file; relative paths are tried from the working directory and from its parent, so the
     *     benchmarks run from the repository root or from {@code bench/}
     * @return the model of {@code spec} with every fix on
     */
    static Model load(String spec) {
        return load(spec, List.of());
    }

    /**
     * @param spec as for {@link #load(String)}
     * @param fixesOff the fixes to switch off, by name
     * @return the model of {@code spec} with those fixes off and the others on
     */
    static Model load(String spec, List<String> fixesOff) {
        Path file = Path.of(spec);
        if (!Files.exists(file) && Files.exists(Path.of("..").resolve(spec))) {
            file = Path.of("..").resolve(spec);
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no benchmark spec " + spec + " (run from the repository root)");
        }
        CompileResult result = new SpecCompiler().compile(file, spec);
        if (result.spec() == null) {
            List<String> errors = new ArrayList<>();
            for (Diagnostic d : result.diagnostics()) {
                errors.add(d.render());
            }
            throw new IllegalArgumentException(spec + " does not compile:\n" + String.join("\n", errors));
        }
        var models = new ModelLoader().load(result.spec());
        return models.apply(FixMask.of(models.apply(0L).info(), fixesOff));
    }

    /**
     * @return {@code count} states reached by random walks of up to {@code maxDepth} enabled steps from the initial
     *     state, packed one after the other (same seed, same states)
     */
    static long[] reachableStates(Model model, int count, int maxDepth, long seed) {
        int words = model.info().stateWords();
        int actions = model.info().actions().size();
        SplittableRandom random = new SplittableRandom(seed);
        long[] states = new long[count * words];
        long[] current = new long[words];
        long[] next = new long[words];
        for (int n = 0; n < count; n++) {
            model.initialState(current);
            int depth = random.nextInt(maxDepth + 1);
            for (int d = 0; d < depth; d++) {
                int start = random.nextInt(actions);
                boolean moved = false;
                for (int i = 0; i < actions && !moved; i++) {
                    int action = (start + i) % actions;
                    if (model.apply(current, action, next) >= 0) {
                        System.arraycopy(next, 0, current, 0, words);
                        moved = true;
                    }
                }
                if (!moved) {
                    break;
                }
            }
            System.arraycopy(current, 0, states, n * words, words);
        }
        return states;
    }
}
