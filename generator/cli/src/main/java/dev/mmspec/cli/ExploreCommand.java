package dev.mmspec.cli;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.check.SpecChecks;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Reproduction;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.itf.ItfFormat;
import dev.mmspec.generator.build.ModelCache;
import dev.mmspec.generator.build.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "explore",
        description = {
            "Explores every interleaving of each spec within its bounds: once with all fixes on, then once with each "
                    + "fix off.",
            "Prints one line per run, a race diagram per violation, and 'N runs, M as expected'.",
            "Exit 0 iff every run met the spec's expectation.",
            "--engine spark runs the same search on Apache Spark (--master local[2], spark://HOST:7077, k8s://...),"
                    + " level by level, with the same counts and counterexamples; see the README's 'Beyond one "
                    + "machine'."
        })
final class ExploreCommand implements Callable<Integer> {
    /**
     * Where counterexample files go unless {@code --trace-dir} says: also picocli's default, so the same either way.
     */
    static final String DEFAULT_TRACE_DIR = "target/mmspec";

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "spec files, or directories searched for *.mmspec")
    List<Path> paths;

    @Option(names = "--stats", description = "also print states/s and bytes/state per run")
    boolean stats;

    @Option(names = "--workers", paramLabel = "N", description = "explorer threads (default: all cores)")
    Integer workers;

    @Option(
            names = "--max-states",
            paramLabel = "N",
            description = "stop a run after N distinct states (default: no limit;"
                    + " --engine spark stops inside the level that could pass N, with at most N)")
    Long maxStates;

    @Option(
            names = "--time-limit",
            paramLabel = "SECONDS",
            description = "stop a run after this long (default: no limit;"
                    + " --engine spark stops inside a level, by the executors' clocks)")
    Long timeLimit;

    @Option(
            names = "--trace-dir",
            paramLabel = "DIR",
            defaultValue = DEFAULT_TRACE_DIR,
            description = "where counterexample files are written: <spec>[-<fix>].trace and .itf.json (default: "
                    + "${DEFAULT-VALUE})")
    Path traceDir = Path.of(DEFAULT_TRACE_DIR);

    @Option(
            names = "--html",
            description = "also write each counterexample's race viewer (<trace>.html) beside its trace files")
    boolean html;

    @Option(names = "--no-diagrams", description = "do not print race diagrams")
    boolean noDiagrams;

    @Option(
            names = "--no-partial-order",
            description = "expand every enabled step, even where a spec's step is independent")
    boolean noPartialOrder;

    @Option(
            names = "--sleep-sets",
            description = "do not look up a step's successor where it commutes with a step already taken"
                    + " (sleep sets: the same states, fewer transitions; slower on the benchmark spec)")
    boolean sleepSets;

    @Option(
            names = "--partitioned",
            description = "give each worker its own part of the visited set, by fingerprint, instead of"
                    + " sharing one table: the same results (README, Performance)")
    boolean partitioned;

    @Option(
            names = "--off",
            paramLabel = "FIX",
            description = "run only with this fix off (repeatable: one run per fix named),"
                    + " not the all-fixes run nor the other fixes")
    List<String> only = new ArrayList<>();

    @Option(names = "--all-fixes-only", description = "run only with every fix on, not once per fix off")
    boolean allFixesOnly;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "where compiled models are kept between runs (default: $XDG_CACHE_HOME/mmspec/models or "
                    + "~/.cache/mmspec/models)")
    Path cacheDir;

    @Option(names = "--no-cache", description = "compile every spec, neither reading nor writing the model cache")
    boolean noCache;

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(
            names = "--checkpoint",
            paramLabel = "DIR",
            description =
                    "--engine spark: keep every complete level under DIR/<spec>[-<fix>] (a path or a Hadoop URI every"
                            + " executor can write) so that a stopped search can --resume (default: a temporary "
                            + "directory, removed)")
    void checkpoint(String dir) {
        engine.checkpoint = dir;
    }

    @Option(names = "--resume", description = "--engine spark: go on from the last complete level under --checkpoint")
    void resume(boolean resume) {
        engine.resume = resume;
    }

    /** Milliseconds spent searching, over all runs: what --stats sets against the whole process. */
    private long searchMillis;
    /** When the first search started (currentTimeMillis): what a warm model cache is for. */
    private long firstSearchAt = -1;
    /**
     * Wall-clock milliseconds (currentTimeMillis) when this command began, after the JVM started and its arguments were
     * parsed, and when the first counterexample was in hand; made relative to the JVM's start only at the end, so that
     * the runtime MXBean is loaded once, after everything measured.
     */
    private long commandBegan;

    private long firstCounterexampleFound = -1;
    /** Milliseconds spent writing trace files and printing diagrams and rerun lines, over all runs. */
    private long outputMillis;

    /** Set by picocli when it parsed the command line; null when {@link ExploreArguments} did. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return explore(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs the command on the options set, by picocli or {@link ExploreArguments}.
     *
     * @throws UsageError for options that exclude each other, a fix no spec has, or no spec files
     */
    int explore(PrintWriter out, PrintWriter err) throws IOException {
        commandBegan = System.currentTimeMillis();
        validate();
        LoadedModels loaded;
        try {
            loaded = LoadedModels.load(paths, modelCache(), err);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (loaded.files == 0) {
            throw new UsageError("no *.mmspec files under " + paths);
        }
        if (loaded.errors > 0) {
            err.println(
                    "mmspec: " + loaded.errors + " error(s); nothing explored (run 'bin/mmspec check' for the list)");
            return Main.FAILED;
        }
        List<Run> runs = new ArrayList<>();
        int scenarioFailures = 0;
        try (SearchEngine distributed = engine.open()) {
            for (int m = 0; m < loaded.models.size(); m++) {
                LongFunction<Model> models = loaded.models.get(m);
                ModelLoader.CompiledModel classes = loaded.classes.get(m);
                ModelInfo info = models.apply(0L).info();
                for (String name : only) {
                    if (info.fixes().stream().noneMatch(f -> f.name().equals(name))) {
                        throw new UsageError("--off " + name + ": spec " + info.spec() + " has no such fix; its fixes: "
                                + info.fixes().stream().map(ModelInfo.Fix::name).toList());
                    }
                }
                if (only.isEmpty()) {
                    runs.add(explore(models, classes, distributed, info, List.of(), "", out, err));
                }
                for (ModelInfo.Fix fix : info.fixes()) {
                    if (allFixesOnly || !only.isEmpty() && !only.contains(fix.name())) {
                        continue;
                    }
                    String expected = info.expectations().stream()
                            .filter(e -> e.fix().equals(fix.name()))
                            .map(ModelInfo.Expectation::invariant)
                            .findFirst()
                            .orElse("*");
                    runs.add(explore(models, classes, distributed, info, List.of(fix.name()), expected, out, err));
                }
                scenarioFailures += scenarios(models, info, out);
            }
        }
        if (stats) {
            long now = System.currentTimeMillis();
            long jvmStart = jvmStartMillis();
            out.println(String.format(
                    java.util.Locale.ROOT,
                    "process: wall=%dms since JVM start, cpu=%dms, command at %dms, first search at %dms, first"
                            + " counterexample at %s, models=%dms (%d from cache, %d compiled), search=%dms,"
                            + " output=%dms",
                    now - jvmStart,
                    processCpuMillis(),
                    commandBegan - jvmStart,
                    firstSearchAt - jvmStart,
                    firstCounterexampleFound < 0 ? "none" : firstCounterexampleFound - jvmStart + "ms",
                    loaded.loadMillis,
                    loaded.fromCache,
                    loaded.compiled,
                    searchMillis,
                    outputMillis));
        }
        long matched = runs.stream().filter(Run::asExpected).count();
        if (scenarioFailures > 0) {
            out.println(scenarioFailures + " scenario" + (scenarioFailures == 1 ? "" : "s")
                    + " did not end as the spec says");
        }
        out.println(runs.size() + " runs, " + matched + " as expected");
        return matched == runs.size() && scenarioFailures == 0 ? Main.OK : Main.FAILED;
    }

    /** Scenarios the build's ScenarioTest also plays, on the model alone: @return how many did not end as written. */
    private int scenarios(LongFunction<Model> models, ModelInfo info, PrintWriter out) {
        int failures = 0;
        for (ModelInfo.Scenario scenario : info.scenarios()) {
            Optional<String> mismatch =
                    SpecChecks.scenarioMismatchOnModel(models.apply(FixMask.of(info, scenario.fixesOff())), scenario);
            out.println(String.format(
                    java.util.Locale.ROOT,
                    "%-22s %-30s %s",
                    info.spec(),
                    "scenario " + scenario.name(),
                    mismatch.map(m -> "[UNEXPECTED: " + info.sourcePath() + ":" + scenario.line() + ": " + m + "]")
                            .orElse("[as expected]")));
            mismatch.ifPresent(m -> out.print(
                    indent(Reproduction.lines(info, scenario.fixesOff(), OptionalLong.empty(), "ScenarioTest", null))));
            failures += mismatch.isPresent() ? 1 : 0;
        }
        return failures;
    }

    private void validate() {
        if (allFixesOnly && !only.isEmpty()) {
            throw new UsageError("--all-fixes-only and --off exclude each other");
        }
        if (workers != null && workers < 1) {
            throw new UsageError("--workers must be at least 1, was " + workers);
        }
        if (maxStates != null && maxStates < 1) {
            throw new UsageError("--max-states must be at least 1, was " + maxStates);
        }
        if (!engine.name.equals(Engines.LOCAL) && (sleepSets || partitioned || workers != null)) {
            throw new UsageError("--workers, --partitioned and --sleep-sets are options of"
                    + " the local explorer; --engine " + engine.name + " splits the search by --partitions");
        }
        if (timeLimit != null && timeLimit < 1) {
            throw new UsageError("--time-limit must be at least 1 second, was " + timeLimit);
        }
    }

    private Run explore(
            LongFunction<Model> models,
            ModelLoader.CompiledModel classes,
            SearchEngine distributed,
            ModelInfo info,
            List<String> fixesOff,
            String expected,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        Model model = models.apply(FixMask.of(info, fixesOff));
        ExplorerConfig config = ExplorerConfig.defaults()
                .withProgress(
                        Duration.ofSeconds(5),
                        p -> err.println("  " + info.spec() + " "
                                + (fixesOff.isEmpty() ? "all fixes" : "off: " + String.join(",", fixesOff)) + ": "
                                + p));
        if (workers != null) {
            config = config.withWorkers(workers);
        }
        if (noPartialOrder) {
            config = config.withPartialOrder(false);
        }
        if (sleepSets) {
            config = config.withSleepSets(true);
        }
        if (partitioned) {
            config = config.withPartitioned(true);
        }
        if (maxStates != null) {
            config = config.withMaxStates(maxStates);
        }
        if (timeLimit != null) {
            config = config.withTimeBudget(Duration.ofSeconds(timeLimit));
        }
        if (firstSearchAt < 0) {
            firstSearchAt = System.currentTimeMillis();
        }
        ExplorationResult result;
        Explorer.Phases phases = null;
        if (distributed == null) {
            Explorer explorer = new Explorer(model, config);
            result = explorer.explore();
            phases = explorer.phases();
        } else {
            String label = info.spec() + (fixesOff.isEmpty() ? "" : "-" + String.join("-", fixesOff));
            result = engine.explore(
                    distributed,
                    classes,
                    model.fixesOff(),
                    !noPartialOrder,
                    maxStates,
                    timeLimit,
                    label,
                    line -> err.println("  " + label + ": " + line));
        }
        searchMillis += result.elapsedMillis();
        long outputBegan = System.currentTimeMillis();
        if (firstCounterexampleFound < 0 && result.counterexample().isPresent()) {
            firstCounterexampleFound = outputBegan;
        }
        Run run = new Run(info, fixesOff, expected, result);
        out.println(run.line(stats));
        if (stats && phases != null) {
            out.println("    phases: " + phases.line());
        }
        if (result.counterexample().isPresent()) {
            Trace trace = result.counterexample().get();
            Path file = writeTrace(trace, info, fixesOff);
            if (!noDiagrams) {
                out.print(indent(RaceDiagram.render(trace, info, "", Terminal.style())));
            }
            out.println(indent(Reproduction.lines(info, fixesOff, OptionalLong.empty(), "ExplorationTest", file)
                    + "itf: " + ItfFormat.besides(file).toString().replace('\\', '/')
                    + (html
                            ? "\nviewer: "
                                    + CounterexampleFiles.htmlBesides(file)
                                            .toString()
                                            .replace('\\', '/')
                            : "")));
        } else if (!run.asExpected()) {
            // No counterexample to replay (an expected violation that never came): still the commands that rerun it.
            out.print(indent(Reproduction.lines(info, fixesOff, OptionalLong.empty(), "ExplorationTest", null)));
        }
        out.flush();
        outputMillis += System.currentTimeMillis() - outputBegan;
        return run;
    }

    /**
     * Only under {@code --stats}, at the end: the runtime MXBean costs about 10 ms of a short run. ProcessHandle's
     * start instant would not, but on Linux it adds the boot time in whole seconds, so it is up to a second off.
     */
    private static long jvmStartMillis() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** @return the CPU time of this process so far (all threads, JIT and GC included), or -1 where the OS says none */
    private static long processCpuMillis() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
    }

    private ModelCache modelCache() {
        if (noCache) {
            return null;
        }
        // Code of unknown provenance gets no cache: an entry it wrote could not be told from a stale one.
        return ModelCache.generatorVersion()
                .map(version -> new ModelCache(cacheDir != null ? cacheDir : ModelCache.defaultDirectory(), version))
                .orElse(null);
    }

    private Path writeTrace(Trace trace, ModelInfo info, List<String> fixesOff) throws IOException {
        String name = info.spec() + (fixesOff.isEmpty() ? "" : "-" + String.join("-", fixesOff)) + ".trace";
        return CounterexampleFiles.write(trace, info, traceDir.resolve(name), html);
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : "    " + line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}
