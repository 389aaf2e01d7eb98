package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --engine}: without the Spark module's jar on the class path, a usage error that says how to get it. */
class EngineOptionsTest {
    private static final String SPEC = "../../spec/file/gup_dirty.mmspec";

    @Test
    void theSparkEngineAbsentFromTheClassPathIsAUsageErrorThatSaysHowToGetIt() {
        CliRun run = CliRun.of("explore", "--engine", "spark", "--master", "local[2]", SPEC);
        assertEquals(Main.USAGE, run.code(), run.err());
        assertTrue(run.err().contains("no such engine on the class path"), run.err());
        assertTrue(run.err().contains("distributed/spark"), run.err());
        assertTrue(run.err().contains("bin/mmspec"), run.err());
    }

    @Test
    void sparkOptionsWithTheLocalEngineAreAUsageError() {
        CliRun run = CliRun.of("explore", "--master", "local[2]", SPEC);
        assertEquals(Main.USAGE, run.code(), run.err());
        assertTrue(run.err().contains("are options of --engine spark"), run.err());
    }

    @Test
    void resumeWithoutACheckpointIsAUsageError() {
        CliRun run = CliRun.of("explore", "--engine", "spark", "--resume", SPEC);
        assertEquals(Main.USAGE, run.code(), run.err());
        assertTrue(run.err().contains("--resume needs --checkpoint"), run.err());
    }

    @Test
    void aCampaignHasNoCheckpointToResume() {
        CliRun run = CliRun.of("campaign", "--seeds", "0..3", "--checkpoint", "target/x", SPEC);
        assertEquals(Main.USAGE, run.code(), run.err());
        assertTrue(run.err().contains("are options of explore"), run.err());
    }

    @Test
    void eachCommandsHelpListsTheEngineOptionsItTakes() {
        CliRun explore = CliRun.of("explore", "--help");
        CliRun campaign = CliRun.of("campaign", "--help");
        for (String option : List.of("--engine=NAME", "--master=URL", "--partitions=N")) {
            assertTrue(explore.out().contains(option), explore.out());
            assertTrue(campaign.out().contains(option), campaign.out());
        }
        for (String option : List.of("--checkpoint=DIR", "--resume")) {
            assertTrue(explore.out().contains(option), explore.out());
            assertFalse(campaign.out().contains(option), "a campaign refuses " + option + ":\n" + campaign.out());
        }
    }

    @Test
    void aSeedRangeTheWrongWayRoundIsAUsageError() {
        CliRun run = CliRun.of("campaign", "--seeds", "9..3", SPEC);
        assertEquals(Main.USAGE, run.code(), run.err());
        assertTrue(run.err().contains("expected FIRST..LAST"), run.err());
    }

    @Test
    void aLocalCampaignFindsTheLowestFailingSeedAndItsRegressionTest() {
        CliRun broken = CliRun.of(
                "campaign",
                "--seeds",
                "0..3",
                "--tries",
                "20",
                "--off",
                "gup_write_notify",
                "--trace-dir",
                "target/campaign-test",
                SPEC);
        assertEquals(Main.FAILED, broken.code(), broken.out() + broken.err());
        assertTrue(broken.out().contains("FAILED first at seed 0"), broken.out());
        assertTrue(broken.out().contains("regression test:"), broken.out());
        CliRun fixed =
                CliRun.of("campaign", "--seeds", "0..3", "--tries", "20", "--trace-dir", "target/campaign-test", SPEC);
        assertEquals(Main.OK, fixed.code(), fixed.out() + fixed.err());
        assertTrue(fixed.out().contains("no failure"), fixed.out());
    }
}
