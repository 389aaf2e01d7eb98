package dev.mmspec.distributed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.cli.Campaigns;
import dev.mmspec.cli.SearchEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code campaign --engine spark} against {@code --engine local}: the same lowest failing seed, shrunk trace, test and
 * coverage.
 */
class SparkCampaignTest {

    @Test
    void sparkAndLocalCampaignsAgreeOnTheFirstFailureAndTheCoverage(@TempDir Path traces) throws Exception {
        Specs.Case broken = Specs.one("spec/file/gup_dirty.mmspec", "gup_write_notify");
        Specs.Case fixed = Specs.one("spec/file/gup_dirty.mmspec", null);
        SearchEngine.CampaignRange range = new SearchEngine.CampaignRange(3, 8, 10, 100, traces);
        SparkEngine engine = Specs.engine();
        SearchEngine.CampaignSummary spark =
                engine.campaign(broken.job(null, false, 3, Long.MAX_VALUE, line -> {}), range);
        SearchEngine.CampaignSummary local = Campaigns.local(broken.model(), range);
        assertEquals(6, spark.runs());
        assertTrue(spark.failingSeed() >= 3, "a seed of the range failed: " + spark.failingSeed());
        assertEquals(local.failingSeed(), spark.failingSeed());
        assertEquals(local.failure(), spark.failure());
        assertEquals(local.regressionTest(), spark.regressionTest());
        assertEquals(local.coveredSteps(), spark.coveredSteps());

        SearchEngine.CampaignSummary holds =
                engine.campaign(fixed.job(null, false, 3, Long.MAX_VALUE, line -> {}), range);
        assertEquals(-1, holds.failingSeed());
        assertEquals(Campaigns.local(fixed.model(), range).coveredSteps(), holds.coveredSteps());
    }
}
