package dev.twinrun.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCalculatorTest {
    @TempDir
    Path tmp;

    private static Path fixture() throws URISyntaxException {
        return Path.of(StatsCalculatorTest.class.getResource("raw-sample.jsonl").toURI());
    }

    @Test
    void percentilesInterpolateBetweenClosestRanks() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(StatsCalculator.percentile(v, 0.5)).as("p50 of 1..10").isEqualTo(5.5);
        assertThat(StatsCalculator.percentile(v, 0.9)).as("p90 of 1..10").isEqualTo(9.1);
        assertThat(StatsCalculator.percentile(v, 0.99)).as("p99 of 1..10").isCloseTo(9.91, offset(1e-9));
    }

    @Test
    void trimmedMeanDropsTenPercentFromEachEnd() {
        double[] v = {1, 2, 2, 2, 2, 2, 2, 2, 2, 1000};

        assertThat(StatsCalculator.trimmedMean(v))
                .as("trimmed mean ignores the outliers")
                .isEqualTo(2.0);
    }

    @Test
    void coldAndWarmRunsAreNeverMixedAndFailuresAreLeftOut() throws Exception {
        List<VariantStats> stats = StatsCalculator.summarize(RawRecords.read(fixture()));

        assertThat(stats)
                .as("variants, sorted")
                .extracting(VariantStats::variantId)
                .containsExactly("ec2-t3.micro", "lambda-1024mb-x86_64");
        VariantStats lambda = stats.get(1);
        assertThat(lambda.coldRuns()).as("cold runs").isEqualTo(1);
        assertThat(lambda.warmRuns()).as("warm runs").isEqualTo(10);
        assertThat(lambda.failedRuns()).as("failed runs").isEqualTo(1);
        PhaseStats cold = lambda.phase(Phase.COLD).orElseThrow();
        PhaseStats warm = lambda.phase(Phase.WARM).orElseThrow();
        assertThat(cold.wallMs().p50()).as("cold p50 is the one cold run").isEqualByComparingTo("2400");
        assertThat(cold.initMs().p50()).as("cold init").isEqualByComparingTo("900");
        assertThat(warm.wallMs().n())
                .as("warm wall samples exclude the failed run")
                .isEqualTo(9);
        assertThat(warm.wallMs().max())
                .as("max warm wall, failed 1900 ms run excluded")
                .isEqualByComparingTo("1800");
        assertThat(warm.wallMs().p50()).as("p50 of 1000..1800").isEqualByComparingTo("1400");
        assertThat(warm.initMs()).as("warm runs have no init").isNull();
        assertThat(warm.wallMs().provenance()).as("provenance").isEqualTo(Provenance.MEASURED);
    }

    @Test
    void statisticsCanBeRecomputedFromSavedRawData() throws Exception {
        List<InvocationRecord> records = RawRecords.read(fixture());
        Path copy = tmp.resolve("raw.jsonl");

        RawRecords.append(copy, records);

        assertThat(StatsCalculator.summarize(RawRecords.read(copy)))
                .as("statistics from the rewritten raw file")
                .isEqualTo(StatsCalculator.summarize(records));
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(
                bad,
                "{\"platform\":\"lambda\",\"phase\":\"cold\",\"wallMs\":1}\n{\"platform\":\"lambda\",\"phase\":\"lukewarm\",\"wallMs\":1}\n");

        assertThatThrownBy(() -> RawRecords.read(bad)).as("bad phase on line 2").hasMessageContaining(":2:");
    }

    @Test
    void memoryModelScalesTheCpuPartOfWallTime() throws Exception {
        VariantStats lambda =
                StatsCalculator.summarize(RawRecords.read(fixture())).get(1);

        VariantStats at512 = LambdaMemoryModel.at(lambda, 512, LambdaMemoryModel.FULL_VCPU_AT_MB)
                .orElseThrow();
        VariantStats at3008 = LambdaMemoryModel.at(lambda, 3008, LambdaMemoryModel.FULL_VCPU_AT_MB)
                .orElseThrow();

        PhaseStats warm = lambda.phase(Phase.WARM).orElseThrow();
        assertThat(at512.provenance()).as("provenance").isEqualTo(Provenance.MODELLED);
        assertThat(at512.variantId()).as("id").isEqualTo("lambda-512mb-x86_64");
        assertThat(at512.phase(Phase.WARM).orElseThrow().wallMs().p50())
                .as("half the memory, about twice the CPU wall time")
                .isGreaterThan(warm.wallMs().p50().add(warm.cpuMs().p50().multiply(new BigDecimal("0.9"))));
        assertThat(at3008.phase(Phase.WARM).orElseThrow().wallMs().p50())
                .as("more memory, less wall time")
                .isLessThan(warm.wallMs().p50());
        VariantStats at1769 = LambdaMemoryModel.at(lambda, 1769, LambdaMemoryModel.FULL_VCPU_AT_MB)
                .orElseThrow();
        // beyond 1,769 MB the job's thread per core still gains: cpu / 1 becomes cpu / (3008 / 1769)
        BigDecimal cpu = warm.cpuMs().p50();
        BigDecimal gain = cpu.subtract(
                cpu.multiply(new BigDecimal("1769")).divide(new BigDecimal("3008"), 10, RoundingMode.HALF_UP));
        assertThat(at1769.phase(Phase.WARM)
                        .orElseThrow()
                        .wallMs()
                        .p50()
                        .subtract(
                                at3008.phase(Phase.WARM).orElseThrow().wallMs().p50()))
                .as("3,008 MB = 1.70 vCPU: the CPU part divided by 1.70")
                .isCloseTo(gain, within(new BigDecimal("0.01")));
    }
}
