package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkFitTest {

    private static WorkFit.Sample run(String mb, String cpuMs) {
        return new WorkFit.Sample(new BigDecimal(mb), new BigDecimal(cpuMs));
    }

    @Test
    void runsOnALineGiveItsFixedPartAndSlopeWithNoSpread() {
        WorkFit fit = WorkFit.fit(
                List.of(run("10", "1500"), run("10", "1500"), run("100", "6000"), run("100", "6000")), "test");

        assertThat(fit.fixedCpuMs()).as("1,000 ms fixed").isEqualByComparingTo("1000");
        assertThat(fit.cpuMsPerMb()).as("50 ms per MB").isEqualByComparingTo("50");
        assertThat(fit.spreadCpuMsPerMb()).isEqualByComparingTo("0");
        assertThat(fit.sizes()).isEqualTo(2);
        assertThat(fit.source()).contains("1000 ms fixed + 50 +- 0 ms per MB");
    }

    @Test
    void medianAndSpreadIgnoreOneSlowRunButReportIt() {
        WorkFit fit = WorkFit.fit(
                List.of(
                        run("10", "1400"),
                        run("10", "1500"),
                        run("10", "1600"),
                        run("100", "5900"),
                        run("100", "6000"),
                        run("100", "9000")),
                "test");

        assertThat(fit.cpuMsPerMb())
                .as("through the medians (10, 1500), (100, 6000)")
                .isEqualByComparingTo("50");
        assertThat(fit.spreadCpuMsPerMb())
                .as("slopes from (9000-1400)/90 = 84.44 down to (5900-1600)/90 = 47.78: half the range")
                .isEqualByComparingTo(new BigDecimal("18.33333333333333"));
    }

    @Test
    void summariesOfTheRunsGiveTheSameFitAsTheRuns() {
        WorkFit fromRuns = WorkFit.fit(
                List.of(
                        run("10", "1400"),
                        run("10", "1500"),
                        run("10", "1600"),
                        run("100", "5900"),
                        run("100", "6000"),
                        run("100", "9000")),
                "test");
        WorkFit fromStats = WorkFit.fromSummaries(
                List.of(
                        new WorkFit.SizeSummary(
                                new BigDecimal("100"),
                                3,
                                new BigDecimal("6000"),
                                new BigDecimal("5900"),
                                new BigDecimal("9000")),
                        new WorkFit.SizeSummary(
                                BigDecimal.TEN,
                                3,
                                new BigDecimal("1500"),
                                new BigDecimal("1400"),
                                new BigDecimal("1600"))),
                "test");

        assertThat(fromStats).isEqualTo(fromRuns);
        assertThat(fromStats.runs()).isEqualTo(6);
    }

    @Test
    void aNegativeInterceptIsTakenAsZeroAndSaid() {
        WorkFit fit = WorkFit.fit(List.of(run("10", "100"), run("20", "400")), "test");

        assertThat(fit.fixedCpuMs()).isEqualByComparingTo("0");
        assertThat(fit.source()).contains("negative, taken as 0");
        assertThat(fit.workload(new BigDecimal("300"), BigDecimal.TEN).msPerMbPerVcpu())
                .isEqualByComparingTo("30");
    }

    @Test
    void oneSizeIsNotEnough() {
        assertThatThrownBy(() -> WorkFit.fit(List.of(run("10", "100"), run("10", "120")), "compare"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two or more sizes");
    }
}
