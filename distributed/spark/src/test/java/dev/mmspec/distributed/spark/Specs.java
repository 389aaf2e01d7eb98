package dev.mmspec.distributed.spark;

import dev.mmspec.cli.SearchEngine;
import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The shipped specs compiled for the tests: each with its class files, as the CLI hands them to an engine. */
final class Specs {
    static final Path ROOT = Path.of("../..");

    /** A spec with a set of fixes off: what one explore run searches. */
    record Case(String label, ModelLoader.CompiledModel classes, Model model) {
        SearchEngine.Job job(String checkpoint, boolean resume, int partitions, long maxStates, Consumer<String> log) {
            return job(checkpoint, resume, partitions, maxStates, 0, log);
        }

        SearchEngine.Job job(
                String checkpoint,
                boolean resume,
                int partitions,
                long maxStates,
                long timeLimitMillis,
                Consumer<String> log) {
            return new SearchEngine.Job(
                    classes.className(),
                    classes.classes(),
                    model.fixesOff(),
                    "local[2]",
                    partitions,
                    checkpoint,
                    resume,
                    true,
                    maxStates,
                    timeLimitMillis,
                    log);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Specs() {}

    /** One Spark context for every test class of this module: starting one takes seconds, more under load. */
    private static SparkEngine shared;

    static synchronized SparkEngine engine() {
        if (shared == null) {
            shared = new SparkEngine();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Spark allows one context per JVM: a test that must start its own closes the shared one first. */
    static synchronized void closeEngine() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /**
     * The bench spec of 18 million states, which {@code local[2]} would search for hours: the only shipped spec left
     * out of {@link #shipped}.
     */
    static final Path TOO_LARGE = ROOT.resolve("bench/specs/anon_exclusive_bench.mmspec");

    /** @return every spec of {@code spec/} and {@code bench/specs/} but {@link #TOO_LARGE} */
    static List<Path> shipped() {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("spec", "bench/specs")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".mmspec"))
                        .filter(p -> !p.equals(TOO_LARGE))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static ModelLoader.CompiledModel compile(Path file) {
        CompileResult result = new SpecCompiler().compile(file, file.toString());
        if (result.spec() == null) {
            throw new IllegalStateException(file + " does not compile: " + result.diagnostics());
        }
        return new ModelLoader().compile(result.spec());
    }

    /** @return the all-fixes run and one run per fix off, as {@code explore} makes them */
    static List<Case> cases(Path file) {
        ModelLoader.CompiledModel classes = compile(file);
        var models = new ModelLoader().define(classes);
        ModelInfo info = models.apply(0L).info();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(info.spec(), classes, models.apply(0L)));
        for (ModelInfo.Fix fix : info.fixes()) {
            cases.add(new Case(
                    info.spec() + " off " + fix.name(), classes, models.apply(FixMask.of(info, List.of(fix.name())))));
        }
        return cases;
    }

    static Case one(String spec, String fixOff) {
        return cases(ROOT.resolve(spec)).stream()
                .filter(c -> fixOff == null
                        ? !c.label().contains(" off ")
                        : c.label().endsWith(" off " + fixOff))
                .findFirst()
                .orElseThrow();
    }
}
