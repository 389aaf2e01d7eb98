package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * What two ways of writing one spec must agree on: each fix setting's verdict, distinct states, transitions and depth.
 */
final class Verdicts {
    private Verdicts() {}

    /** @param fixesOff one exploration per mask of fixes switched off (0: all on) */
    static List<String> explore(String file, String text, long... fixesOff) {
        CompileResult result = new SpecCompiler().compile(file, text);
        assertEquals(List.of(), result.diagnostics());
        LongFunction<Model> models = new ModelLoader().load(result.spec());
        return LongStream.of(fixesOff)
                .mapToObj(models)
                .map(Explorer::explore)
                .map(Verdicts::summary)
                .toList();
    }

    static String summary(ExplorationResult r) {
        return r.outcome() + " " + r.violation().map(Object::toString).orElse("-") + " distinct=" + r.distinctStates()
                + " transitions=" + r.transitions() + " depth=" + r.depthCompleted();
    }
}
