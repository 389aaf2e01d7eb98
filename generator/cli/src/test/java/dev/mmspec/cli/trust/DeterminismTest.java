package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceFormat;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same spec, fixes and options give byte-identical output: the generated sources, and for every fix off the trace
 * file and the race diagram, over 20 runs alternating 1 and 2 workers (a shared visited set filled in a different order
 * must not change which shortest trace is reported).
 */
class DeterminismTest {
    static final int RUNS = 20;

    /** One spec by default (each spec compiles its model); every shipped spec under {@code -Ptrust-long}. */
    static Stream<Path> specs() throws IOException {
        if (!"all".equals(System.getProperty("mmspec.trust.shipped"))) {
            return Stream.of(Path.of("../../spec/anon_exclusive.mmspec"));
        }
        try (Stream<Path> s = Files.walk(Path.of("../../spec"))) {
            return s.filter(p -> p.toString().endsWith(".mmspec")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void sameSpecSameOptionsSameBytes(Path file) throws IOException {
        List<String> why = new ArrayList<>();
        Spec spec = Oracle.compile(
                file.getFileName().toString().replace(".mmspec", ""),
                Files.readString(file, StandardCharsets.UTF_8),
                why);
        assertNotNull(spec, String.join("\n", why));
        String sources = sources(spec);
        for (int run = 1; run < RUNS; run++) {
            assertEquals(sources, sources(spec), "generated sources, run " + run);
        }
        LongFunction<Model> models = new ModelLoader().load(spec);
        ModelInfo info = models.apply(0L).info();
        for (ModelInfo.Fix fix : info.fixes()) {
            Model model = models.apply(FixMask.of(info, List.of(fix.name())));
            String first = null;
            for (int run = 0; run < RUNS; run++) {
                String out = traceAndDiagram(model, info, 1 + run % 2);
                if (first == null) {
                    first = out;
                }
                assertEquals(first, out, fix.name() + " off, run " + run + " (" + (1 + run % 2) + " workers)");
            }
        }
    }

    private static String sources(Spec spec) {
        StringBuilder all = new StringBuilder();
        for (GeneratedFile f : new SpecGenerator().generate(spec)) {
            all.append("== ").append(f.relativePath()).append('\n').append(f.content());
        }
        return all.toString();
    }

    private static String traceAndDiagram(Model model, ModelInfo info, int workers) throws IOException {
        ExplorationResult r = new Explorer(model, ExplorerConfig.defaults().withWorkers(workers)).explore();
        if (r.counterexample().isEmpty()) {
            return r.outcome() + " " + r.distinctStates();
        }
        Trace t = r.counterexample().get();
        StringWriter w = new StringWriter();
        TraceFormat.write(t, info, w);
        return w + "\n" + RaceDiagram.render(t, info, "replay");
    }
}
