package dev.mmspec.cli;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.property.PropertyConfig;
import dev.mmspec.engine.property.PropertyEngine;
import dev.mmspec.engine.property.PropertyResult;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A property campaign over a range of seeds, the same for every engine: each seed is one property campaign of the model
 * ({@link PropertyEngine#check(Model)}, {@code tries} runs); an engine runs the seeds where it likes ({@link #runSeed}:
 * on an executor, or in this JVM), and {@link #finish} merges what they found. The failure reported is the lowest
 * failing seed's, shrunk again here from that seed alone: what is printed is what a local rerun of the seed gives,
 * wherever the seed first ran.
 */
public final class Campaigns {
    private Campaigns() {}

    /** What one seed's campaign found: whether it failed, and how often each step ran. */
    public record SeedOutcome(long seed, boolean failed, long[] stepCounts) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public static PropertyConfig config(long seed, int tries, int steps, Path traceDirectory) {
        return PropertyConfig.defaults(seed)
                .withTries(tries)
                .withMaxSteps(steps)
                .withTraceDirectory(traceDirectory);
    }

    /**
     * Runs one seed's campaign; its failing trace, if any, goes to a temporary directory (the driver writes the one
     * kept).
     */
    public static SeedOutcome runSeed(Model model, long seed, int tries, int steps) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("mmspec-campaign-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for failing traces", e);
        }
        try {
            PropertyResult result = new PropertyEngine(config(seed, tries, steps, scratch)).check(model);
            long[] counts = new long[model.info().steps().size()];
            for (int s = 0; s < counts.length; s++) {
                counts[s] = result.coverage().count(s);
            }
            return new SeedOutcome(seed, !result.passed(), counts);
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * Merges the seeds' outcomes; reruns the lowest failing seed here to shrink it and write its trace under
     * {@code traceDirectory}.
     */
    public static SearchEngine.CampaignSummary finish(
            Model model, List<SeedOutcome> outcomes, int tries, int steps, Path traceDirectory) {
        long[] counts = new long[model.info().steps().size()];
        long failing = -1;
        boolean anyFailed = false;
        for (SeedOutcome o : outcomes) {
            for (int s = 0; s < counts.length; s++) {
                counts[s] += o.stepCounts()[s];
            }
            if (o.failed() && (!anyFailed || Long.compareUnsigned(o.seed(), failing) < 0)) {
                failing = o.seed();
                anyFailed = true;
            }
        }
        TreeSet<String> covered = new TreeSet<>();
        for (int s = 0; s < counts.length; s++) {
            if (counts[s] > 0) {
                covered.add(model.info().steps().get(s).label());
            }
        }
        if (!anyFailed) {
            return new SearchEngine.CampaignSummary(outcomes.size(), -1, "", "", covered, counts.length);
        }
        PropertyResult again = new PropertyEngine(config(failing, tries, steps, traceDirectory)).check(model);
        String report = again.failure()
                .map(f -> f.report())
                .orElse("seed " + failing
                        + " failed where it first ran but passes here: the run depends on something besides its seed");
        String test = again.failure().map(f -> f.regressionTest()).orElse("");
        return new SearchEngine.CampaignSummary(outcomes.size(), failing, report, test, covered, counts.length);
    }

    /** {@code --engine local}: every seed in this JVM, one after the other. */
    public static SearchEngine.CampaignSummary local(Model model, SearchEngine.CampaignRange range) {
        List<SeedOutcome> outcomes = new ArrayList<>();
        for (long seed = range.firstSeed(); seed <= range.lastSeed(); seed++) {
            outcomes.add(runSeed(model, seed, range.tries(), range.steps()));
        }
        return finish(model, outcomes, range.tries(), range.steps(), range.traceDirectory());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A scratch directory left behind in the temporary directory is harmless.
        }
    }
}
