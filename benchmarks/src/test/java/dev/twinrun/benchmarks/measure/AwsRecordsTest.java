package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.twinrun.benchmarks.measure.AwsDeployment.AwsVariant;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsRecordsTest {
    private static final Set<String> HOURS = Set.of("2026-12-02T12", "2026-12-02T13");

    @Test
    void snapStartRestoreStandsForInitAndIsBilled() {
        List<InvocationRecord> r = AwsRecords.lambda(
                Recorded.query("get-query-results-lambda-report-snapstart.json").rows(),
                Recorded.query("get-query-results-lambda-emf-snapstart.json").rows(),
                HOURS,
                "arm64",
                true);

        assertThat(r)
                .as("one per hour published; ALREADY_CURRENT and other hours left out")
                .hasSize(2);
        InvocationRecord cold = r.get(0);
        assertThat(cold.phase()).as("a restore is the cold start").isEqualTo(Phase.COLD);
        assertThat(cold.wallMs()).isEqualTo(812.40);
        assertThat(cold.initMs()).as("Restore Duration").isEqualTo(452.24);
        assertThat(cold.billedMs())
                .as("Billed Duration 813 + Billed Restore Duration 205")
                .isEqualTo(1018.0);
        assertThat(cold.memoryMb()).isEqualTo(1024);
        assertThat(cold.maxMemoryUsedMb()).isEqualTo(201);
        assertThat(cold.rowsRead()).isEqualTo(204_800L);
        assertThat(cold.bytesRead()).as("1.2E7-style numbers read").isEqualTo(20_971_520L);
        assertThat(cold.variantId()).isEqualTo("lambda-1024mb-arm64-snapstart");
        InvocationRecord warm = r.get(1);
        assertThat(warm.phase()).isEqualTo(Phase.WARM);
        assertThat(warm.initMs()).isNull();
        assertThat(warm.billedMs()).isEqualTo(96.0);
        assertThat(warm.failed()).isFalse();
    }

    @Test
    void initDurationAndATimedOutInvocation() {
        List<InvocationRecord> r = AwsRecords.lambda(
                Recorded.query("get-query-results-lambda-report.json").rows(),
                Recorded.query("get-query-results-lambda-emf.json").rows(),
                HOURS,
                "arm64",
                false);

        assertThat(r).hasSize(3);
        assertThat(r.get(0).initMs()).as("@initDuration").isEqualTo(1840.52);
        assertThat(r.get(0).billedMs())
                .as("Billed Duration includes INIT for managed runtimes")
                .isEqualTo(3543.0);
        assertThat(r.get(0).variantId()).isEqualTo("lambda-1024mb-arm64");
        assertThat(r.get(1).phase()).isEqualTo(Phase.WARM);
        InvocationRecord timeout = r.get(2);
        assertThat(timeout.failed()).as("Status: timeout, no hour published").isTrue();
        assertThat(timeout.wallMs()).isEqualTo(300_000.0);
    }

    @Test
    void aRunnerTickSharesItsJvmTimeOverItsHours() {
        for (AwsVariant v : List.of(AwsVariant.EC2, AwsVariant.EC2_PER_RUN, AwsVariant.FARGATE)) {
            List<InvocationRecord> r = AwsRecords.runner(
                    Recorded.query("get-query-results-runner-ticks.json").rows(),
                    Recorded.query("get-query-results-runner-emf.json").rows(),
                    HOURS,
                    v,
                    "t4g.micro");

            assertThat(r).as(v + ": the second tick found both hours current").hasSize(2);
            // wallMs 5400 - (1200 + 1000) = 3200 of JVM start and exit, 1600 per hour.
            assertThat(r.get(0).wallMs()).isCloseTo(2800.0, within(1e-9));
            assertThat(r.get(1).wallMs()).isCloseTo(2600.0, within(1e-9));
            assertThat(r.get(0).maxMemoryUsedMb()).as("peakRssKb 262144").isEqualTo(256);
            assertThat(r.get(0).platform()).isEqualTo(Platform.EC2);
            assertThat(r.get(0).runId()).isEqualTo("ec2-20261202T1405-7f3a");
            assertThat(r.get(0).rowsRead()).isEqualTo(204_800L);
        }
        assertThat(AwsRecords.runner(
                                Recorded.query("get-query-results-runner-ticks.json")
                                        .rows(),
                                Recorded.query("get-query-results-runner-emf.json")
                                        .rows(),
                                HOURS,
                                AwsVariant.EC2_PER_RUN,
                                "t4g.micro")
                        .get(0)
                        .variantId())
                .isEqualTo("ec2-per-run-t4g.micro");
    }

    @Test
    void rowsOfOtherHoursGiveNothing() {
        assertThat(AwsRecords.runner(
                        Recorded.query("get-query-results-runner-ticks.json").rows(),
                        Recorded.query("get-query-results-runner-emf.json").rows(),
                        Set.of("2026-12-01T00"),
                        AwsVariant.EC2,
                        "t4g.micro"))
                .isEmpty();
    }
}
