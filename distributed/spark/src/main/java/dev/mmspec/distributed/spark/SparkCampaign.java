package dev.mmspec.distributed.spark;

import dev.mmspec.cli.Campaigns;
import dev.mmspec.cli.SearchEngine;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code campaign --engine spark}: the seeds of the range spread over the executors, one property campaign per seed
 * ({@link Campaigns#runSeed}); the coverage merged and the lowest failing seed shrunk on the driver
 * ({@link Campaigns#finish}), exactly as {@code --engine local} does in one JVM.
 */
final class SparkCampaign {
    private final JavaSparkContext spark;

    SparkCampaign(JavaSparkContext spark) {
        this.spark = spark;
    }

    SearchEngine.CampaignSummary run(SearchEngine.Job job, SearchEngine.CampaignRange range) {
        ShippedModel shipped = new ShippedModel(job.className(), job.classes(), job.fixesOff());
        List<Long> seeds = LongStream.rangeClosed(range.firstSeed(), range.lastSeed())
                .boxed()
                .collect(Collectors.toList());
        int slices = job.partitions() > 0 ? job.partitions() : spark.defaultParallelism();
        int steps = range.steps();
        int tries = range.tries();
        List<Campaigns.SeedOutcome> outcomes = spark.parallelize(seeds, Math.max(1, Math.min(slices, seeds.size())))
                .map(seed -> Campaigns.runSeed(shipped.instantiate(), seed, tries, steps))
                .collect();
        return Campaigns.finish(shipped.instantiate(), outcomes, tries, steps, range.traceDirectory());
    }
}
