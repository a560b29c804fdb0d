package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Fargate task per run against hand-computed lines: 720 runs (24 a day x 30 days), 1 vCPU and 2 GB arm64, the
 * book's 57 s image pull.
 */
class FargatePricingTest {
    private final CostModel model = new CostModel(PriceBook.load("aws-us-east-1-2026"));

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null)
            .withDaysPerMonth(new BigDecimal("30"))
            .withHidden(new Scenario.Hidden(null, null, null, null));

    private static Map<String, CostLine> byComponent(VariantCost c) {
        return c.monthlyLines().stream().collect(Collectors.toMap(CostLine::component, Function.identity()));
    }

    @Test
    void billedTimeIsTheImagePullPlusTheRunFromTheBookAndItsMinute() {
        VariantCost cost = model.fargate(scenario.withDurationMs(new BigDecimal("60000")), FargateTask.DEFAULT);

        Map<String, CostLine> lines = byComponent(cost);
        assertThat(lines.get("fargate.vcpu").quantity())
                .as("720 runs x (57 s pull + 60 s run) / 3,600 x 0.5 vCPU (the stack's default task)")
                .isEqualByComparingTo("11.7");
        assertThat(lines.get("fargate.vcpu").costUsd()).as("11.7 x 0.03238").isEqualByComparingTo("0.378846");
        assertThat(lines.get("fargate.memory").quantity()).as("23.4 h x 1 GB").isEqualByComparingTo("23.4");
        assertThat(lines.get("fargate.memory").costUsd()).as("23.4 x 0.00356").isEqualByComparingTo("0.083304");
        assertThat(lines.get("fargate.publicIpv4").costUsd())
                .as("23.4 h x 0.005 while the task runs")
                .isEqualByComparingTo("0.117");
        assertThat(lines).as("20 GiB are included").doesNotContainKey("fargate.ephemeralStorage");
        assertThat(lines.get("scheduler.invocations")
                        .costUsd()
                        .add(lines.get("scheduler.freeTier.invocations").costUsd()))
                .as("720 invocations within the 14 M free")
                .isEqualByComparingTo("0");
        assertThat(cost.perMonthUsd()).as("vCPU + memory + IPv4").isEqualByComparingTo("0.57915");
        assertThat(cost.variantId()).as("id").isEqualTo("fargate-0.5vcpu-1gb-arm64");
        assertThat(cost.notes()).as("pull time labelled").anyMatch(n -> n.contains("modelled, not measured"));
    }

    @Test
    void aShortRunIsBilledTheMinuteAndExtraStorageAndX86AreItsOwnRates() {
        FargateTask task = new FargateTask(
                new BigDecimal("0.5"), BigDecimal.ONE, "x86_64", 30, false, BigDecimal.ZERO, new BigDecimal("4000"));
        VariantCost cost = model.fargate(scenario, task);

        Map<String, CostLine> lines = byComponent(cost);
        assertThat(lines.get("fargate.vcpu").quantity())
                .as("720 runs x 60 s minimum / 3,600 x 0.5 vCPU")
                .isEqualByComparingTo("6");
        assertThat(lines.get("fargate.vcpu").costUsd()).as("6 x 0.04048").isEqualByComparingTo("0.24288");
        assertThat(lines.get("fargate.memory").costUsd())
                .as("12 h x 1 GB x 0.004445")
                .isEqualByComparingTo("0.05334");
        assertThat(lines.get("fargate.ephemeralStorage").quantity())
                .as("12 h x 10 GB above 20")
                .isEqualByComparingTo("120");
        assertThat(lines.get("fargate.ephemeralStorage").costUsd())
                .as("120 x 0.000111")
                .isEqualByComparingTo("0.01332");
        assertThat(lines).as("private subnet: no address").doesNotContainKey("fargate.publicIpv4");
        assertThat(cost.perRunUsd().setScale(12, java.math.RoundingMode.HALF_UP))
                .as("60 s x (0.5 x 0.04048 + 0.004445 + 10 x 0.000111) / 3,600 = 0.30954 / 720")
                .isEqualByComparingTo("0.000429916667");
    }

    @Test
    void aSizeFargateDoesNotOfferIsInfeasible() {
        FargateTask task = FargateTask.DEFAULT.withSize(BigDecimal.ONE, new BigDecimal("1"));

        VariantCost cost = model.fargate(scenario, task);

        assertThat(cost.feasible()).as("1 vCPU needs 2-8 GB").isFalse();
        assertThat(cost.notes()).as("says why").anyMatch(n -> n.contains("fargate.limits.taskSizes"));
        assertThat(FargateTask.DEFAULT
                        .withSize(new BigDecimal("0.25"), new BigDecimal("0.5"))
                        .validSize())
                .as("0.25 vCPU with 0.5 GB")
                .isTrue();
    }
}
