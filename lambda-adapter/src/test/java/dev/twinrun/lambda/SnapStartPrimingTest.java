package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.job.HourJob;
import java.util.Map;
import org.crac.Core;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void onlyASnapStartInitializationRegistersTheHooks() {
        assertThat(SnapStartPriming.snapshotting(Map.of(SnapStartPriming.INIT_TYPE, "snap-start")))
                .as("snap-start")
                .isTrue();
        assertThat(SnapStartPriming.snapshotting(Map.of(SnapStartPriming.INIT_TYPE, "on-demand")))
                .as("on-demand")
                .isFalse();
        assertThat(SnapStartPriming.snapshotting(Map.of())).as("not on Lambda").isFalse();
    }

    @Test
    void beforeCheckpointPrimesOnATinyLocalHourAndLeavesTheBucketAlone() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            HourRunner runner = HourRunner.fromEnvironment(bucket.env());
            SnapStartPriming hooks = new SnapStartPriming(runner.config(), bucket.incoming);

            assertThat(hooks.primedRows())
                    .as("not primed before the checkpoint")
                    .isEqualTo(-1);
            hooks.beforeCheckpoint(Core.getGlobalContext());
            hooks.afterRestore(Core.getGlobalContext());

            assertThat(hooks.primedRows()).as("rows of the tiny hour").isGreaterThan(100);
            assertThat(hooks.restores()).as("restores seen").isEqualTo(1);
            assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                    .as("nothing published in the bucket")
                    .isFalse();
        }
    }

    @Test
    void aFailedPrimingNeverFailsTheCheckpoint() {
        SnapStartPriming hooks = new SnapStartPriming(null, null);

        hooks.beforeCheckpoint(Core.getGlobalContext());

        assertThat(hooks.primedRows()).as("nothing primed").isEqualTo(-1);
    }

    @Test
    void registeringKeepsTheHooksReachable() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            HourRunner runner = HourRunner.fromEnvironment(bucket.env());

            SnapStartPriming hooks = SnapStartPriming.register(runner.config(), bucket.incoming);

            assertThat(SnapStartPriming.registered())
                    .as("held strongly: CRaC keeps registered resources by weak reference")
                    .isSameAs(hooks);
        }
    }
}
