package dev.twinrun.benchmarks.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.LambdaMemoryModel;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.WorkFit;
import dev.twinrun.pricing.Workload;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static InvocationRecord lambda(int mb, String phase, double wall, double cpu) {
        return new InvocationRecord(
                Platform.LAMBDA,
                Phase.parse(phase),
                wall,
                cpu,
                wall,
                phase.equals("cold") ? 500.0 : null,
                mb,
                150,
                10L,
                100L,
                false,
                null,
                "x86_64",
                null,
                null,
                null);
    }

    @Test
    void belowOneVcpuTheWholeCoreRunIsRescaledToLambdasShare() {
        List<String> notes = new ArrayList<>();
        List<VariantStats> stats = StatsCalculator.summarize(List.of(
                lambda(512, "cold", 1000, 700), lambda(512, "warm", 400, 300),
                lambda(1769, "cold", 900, 700), lambda(1769, "warm", 350, 300)));

        List<VariantStats> out = Comparison.cpuShare(stats, LambdaMemoryModel.FULL_VCPU_AT_MB, notes);

        VariantStats at512 =
                out.stream().filter(v -> v.memoryMb() == 512).findFirst().orElseThrow();
        VariantStats at1769 =
                out.stream().filter(v -> v.memoryMb() == 1769).findFirst().orElseThrow();
        assertThat(at512.provenance()).as("512 MB is modelled").isEqualTo(Provenance.MODELLED);
        assertThat(at512.variantId()).as("same variant id").isEqualTo("lambda-512mb-x86_64");
        // share 512/1769 = 0.28943; warm: 400 + 300 x (1/0.28943 - 1) = 400 + 736.5 = 1136.5
        assertThat(at512.phase(Phase.WARM).orElseThrow().wallMs().p50())
                .as("warm p50 rescaled")
                .isEqualByComparingTo(new BigDecimal("1136.523"));
        assertThat(at1769.provenance()).as("a full vCPU stays measured").isEqualTo(Provenance.MEASURED);
        assertThat(notes)
                .as("the note says what changed")
                .singleElement()
                .asString()
                .contains("lambda-512mb-x86_64")
                .contains("0.289 vCPU")
                .contains("warm p50 400 ms measured");
    }

    @Test
    void withASecondSizeTheWorkIsFittedFromCpuTimeAndWaitingForACoreDoesNotCount() {
        // 20 MB: warm CPU 300 ms (wall 900: the machine was busy); 5 MB: warm CPU 150 ms. CPU fit: 100 ms fixed +
        // 10 ms per MB; a cold run's CPU 700 - 300 = 400 ms more is fixed work too.
        List<VariantStats> at20 = StatsCalculator.summarize(List.of(
                lambda(1769, "cold", 2000, 700), lambda(1769, "warm", 900, 300), lambda(1769, "warm", 950, 300)));
        List<VariantStats> at5 =
                StatsCalculator.summarize(List.of(lambda(1769, "cold", 800, 550), lambda(1769, "warm", 160, 150)));
        List<String> notes = new ArrayList<>();

        WorkFit fit = Comparison.cpuFit(at20, BigDecimal.valueOf(20), at5, BigDecimal.valueOf(5), notes)
                .orElseThrow();
        Workload w = Comparison.fitWorkload(at20, BigDecimal.valueOf(20), fit);

        assertThat(notes).isEmpty();
        assertThat(fit.cpuMsPerMb()).isEqualByComparingTo("10");
        assertThat(fit.fixedCpuMs()).isEqualByComparingTo("100");
        assertThat(w.msPerMbPerVcpu()).as("CPU, not the 45 ms/MB of wall time").isEqualByComparingTo("10");
        assertThat(w.fixedMs()).isEqualByComparingTo("500");
        assertThat(w.initMs()).isEqualByComparingTo("500");
        assertThat(w.source()).contains("warm runs at 5 MB and 20 MB").contains("10 +- 0 ms per MB");
    }

    @Test
    void theDataSizeBreakEvenSlopeIsTheScenarioMemorysOwn() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        List<VariantStats> stats =
                StatsCalculator.summarize(List.of(lambda(1769, "cold", 900, 700), lambda(1769, "warm", 400, 300)));
        Scenario at512 = Scenario.load("hourly-2026").withMemoryMb(512);

        Scenario s = Comparison.measuredScenario(
                at512, book, stats, BigDecimal.valueOf(20), Optional.empty(), new ArrayList<>());

        // 400 ms / 20 MB at one vCPU = 20 ms/MB; at 512 MB (0.28943 vCPU): 20 x 1769 / 512 = 69.102
        assertThat(s.run().msPerMb()).isEqualByComparingTo("69.102");
    }

    @Test
    void theSizeModelsWorkComesFromTheMeasuredFullVcpuLambdaElseARescaledOne() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        List<VariantStats> both = Comparison.cpuShare(
                StatsCalculator.summarize(List.of(
                        lambda(512, "cold", 1000, 700), lambda(512, "warm", 400, 300),
                        lambda(1769, "cold", 900, 700), lambda(1769, "warm", 350, 300))),
                LambdaMemoryModel.FULL_VCPU_AT_MB,
                new ArrayList<>());
        List<VariantStats> only512 =
                both.stream().filter(v -> v.memoryMb() == 512).toList();

        Workload measured =
                Comparison.measuredWorkload(book, both, BigDecimal.TEN).orElseThrow();
        Workload rescaled =
                Comparison.measuredWorkload(book, only512, BigDecimal.TEN).orElseThrow();

        assertThat(measured.measured()).isTrue();
        assertThat(measured.msPerMbPerVcpu()).as("350 ms / 10 MB at 1 vCPU").isEqualByComparingTo("35");
        assertThat(measured.fixedMs()).as("cold 900 - warm 350").isEqualByComparingTo("550");
        assertThat(measured.initMs()).isEqualByComparingTo("500");
        assertThat(rescaled.measured()).as("a rescaled variant is a model").isFalse();
        assertThat(rescaled.source()).contains("lambda-512mb-x86_64").contains("modelled");
        assertThat(Comparison.measuredWorkload(book, List.of(), BigDecimal.TEN)).isEmpty();
    }
}
