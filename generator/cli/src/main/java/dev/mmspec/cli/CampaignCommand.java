package dev.mmspec.cli;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.property.Seeds;
import dev.mmspec.generator.build.ModelCache;
import dev.mmspec.generator.build.ModelLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "campaign",
        description = {
            "Runs property campaigns of each spec's model over a range of seeds (one campaign of --tries runs per "
                    + "seed),"
                    + " in this JVM or spread over a Spark cluster (--engine spark).",
            "Prints the steps the runs covered and the first failure (lowest seed) with its shrunk trace and "
                    + "regression test;"
                    + " the same seed reruns it anywhere. Exit 0 if no seed failed, 1 if one did."
        })
final class CampaignCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "spec files, or directories searched for *.mmspec")
    List<Path> paths;

    @Option(
            names = "--seeds",
            paramLabel = "FIRST..LAST",
            required = true,
            description = "the seeds to run, both ends included (e.g. 0..99)")
    String seeds;

    @Option(
            names = "--tries",
            paramLabel = "N",
            defaultValue = "20",
            description = "runs per seed (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "200",
            description = "steps per run at most (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--off", paramLabel = "FIX", description = "switch this fix off (repeatable)")
    List<String> fixesOff = new ArrayList<>();

    @Option(
            names = "--trace-dir",
            paramLabel = "DIR",
            defaultValue = "target/mmspec",
            description = "where the failing seed's shrunk trace is written (default: ${DEFAULT-VALUE})")
    Path traceDir;

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    /** Taken only to say why a campaign has none: not in {@code --help}, which lists what a campaign can use. */
    @Option(names = "--checkpoint", paramLabel = "DIR", hidden = true)
    String checkpoint;

    @Option(names = "--resume", hidden = true)
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long[] range = range();
        if (checkpoint != null || resume) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--checkpoint and --resume are options of explore:"
                            + " a campaign keeps no state between seeds, so a stopped one is run again with the seeds "
                            + "it had left");
        }
        if (tries < 1 || steps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tries and --steps must be at least 1");
        }
        LoadedModels loaded;
        try {
            loaded = LoadedModels.load(
                    paths,
                    ModelCache.generatorVersion()
                            .map(v -> new ModelCache(ModelCache.defaultDirectory(), v))
                            .orElse(null),
                    err);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (loaded.files == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no *.mmspec files under " + paths);
        }
        if (loaded.errors > 0) {
            err.println(
                    "mmspec: " + loaded.errors + " error(s); no campaign run (run 'bin/mmspec check' for the list)");
            return Main.FAILED;
        }
        int failed = 0;
        SearchEngine.CampaignRange seedRange =
                new SearchEngine.CampaignRange(range[0], range[1], tries, steps, traceDir);
        try (SearchEngine distributed = engine.open()) {
            for (int m = 0; m < loaded.models.size(); m++) {
                ModelInfo info = loaded.models.get(m).apply(0L).info();
                for (String name : fixesOff) {
                    if (info.fixes().stream().noneMatch(f -> f.name().equals(name))) {
                        throw new CommandLine.ParameterException(
                                spec.commandLine(),
                                "--off " + name + ": spec " + info.spec() + " has no such fix; its fixes: "
                                        + info.fixes().stream()
                                                .map(ModelInfo.Fix::name)
                                                .toList());
                    }
                }
                Model model = loaded.models.get(m).apply(FixMask.of(info, fixesOff));
                SearchEngine.CampaignSummary summary = distributed == null
                        ? Campaigns.local(model, seedRange)
                        : campaign(distributed, loaded.classes.get(m), model, seedRange, info, err);
                out.println(String.format(
                        java.util.Locale.ROOT,
                        "%-22s %-30s seeds %s..%s: %d campaigns of %d runs, %d of %d steps covered, %s",
                        info.spec(),
                        fixesOff.isEmpty() ? "all fixes" : "off: " + String.join(",", fixesOff),
                        Seeds.format(range[0]),
                        Seeds.format(range[1]),
                        summary.runs(),
                        tries,
                        summary.coveredSteps().size(),
                        summary.steps(),
                        summary.failingSeed() < 0
                                ? "no failure"
                                : "FAILED first at seed " + Seeds.format(summary.failingSeed())));
                if (summary.failingSeed() >= 0) {
                    failed++;
                    out.println(summary.failure());
                }
            }
        }
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    private SearchEngine.CampaignSummary campaign(
            SearchEngine distributed,
            ModelLoader.CompiledModel classes,
            Model model,
            SearchEngine.CampaignRange range,
            ModelInfo info,
            PrintWriter err) {
        try {
            return distributed.campaign(
                    engine.job(
                            classes,
                            model.fixesOff(),
                            true,
                            null,
                            null,
                            info.spec(),
                            line -> err.println("  " + info.spec() + ": " + line)),
                    range);
        } catch (SearchEngine.EngineException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--engine " + engine.name + ": " + e.getMessage());
        }
    }

    private long[] range() {
        String[] ends = seeds.split("\\.\\.", -1);
        try {
            if (ends.length == 2) {
                long first = Seeds.parse(ends[0]);
                long last = Seeds.parse(ends[1]);
                if (first >= 0 && last >= first) {
                    return new long[] {first, last};
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the form expected
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--seeds " + seeds + ": expected FIRST..LAST, two seeds with FIRST <= LAST (e.g. 0..99)");
    }
}
