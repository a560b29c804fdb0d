package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.job.HourJob;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void offUnlessAskedFor() {
        assertThat(Priming.enabled(Map.of())).as("no setting").isFalse();
        assertThat(Priming.enabled(Map.of(Priming.ENV, "true")))
                .as("TWINRUN_PRIME=true")
                .isTrue();
        assertThat(Priming.enabled(Map.of(Priming.ENV, "no")))
                .as("TWINRUN_PRIME=no")
                .isFalse();
    }

    @Test
    void primingRunsTheJobLocallyAndLeavesTheBucketAlone() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            HourRunner runner = HourRunner.fromEnvironment(bucket.env());

            long rows = Priming.run(runner.config(), bucket.incoming);

            assertThat(rows).as("rows of the tiny hour").isGreaterThan(100);
            assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                    .as("nothing published in the bucket")
                    .isFalse();
        }
    }
}
