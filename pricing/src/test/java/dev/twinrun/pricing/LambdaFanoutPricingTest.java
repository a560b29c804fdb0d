package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's components against hand-computed lines: 720 runs (30 days) of a Plan (1 s), 2 Shards (10 s each, /tmp
 * 1,024 MB), a Merge (2 s, /tmp 2,048 MB) and the PlanNext step after it (1 s, the Plan function) at 1,024 MB, INIT not
 * billed; then the cold/warm split and the catch-up loop with INIT billed.
 */
class LambdaFanoutPricingTest {
    private final LambdaFanoutPricing pricing = new LambdaFanoutPricing(PriceBook.load("aws-us-east-1-2026"));

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null) // compute and hidden lines only; DeploymentCostsTest prices the rest
            .withDaysPerMonth(new BigDecimal("30"))
            .withInitBilled(false)
            .withHidden(new Scenario.Hidden(new BigDecimal("1000"), 3L, 6L, 2L));

    private final CostModel.FanoutRun run = new CostModel.FanoutRun(
            2, 1024, new BigDecimal("1000"), new BigDecimal("10000"), new BigDecimal("2000"), 1024, 2048);

    @Test
    void everyComponentHasItsHandComputedQuantity() {
        List<CostLine> lines = pricing.price(scenario, run).monthlyLines();

        assertThat(line(lines, "lambda.duration").quantity())
                .as("(Plan 1 + 2 x 10 + Merge 2 + PlanNext 1 s) x 1 GB x 720 runs")
                .isEqualByComparingTo("17280");
        assertThat(line(lines, "lambda.requests").quantity())
                .as("5 invocations (Plan, 2 shards, Merge, PlanNext) x 720")
                .isEqualByComparingTo("3600");
        assertThat(line(lines, "lambda.ephemeralStorage").quantity())
                .as("(2 x 10 s x 512 MB + 2 s x 1,536 MB) = 13 GB-s a run x 720")
                .isEqualByComparingTo("9360");
        assertThat(line(lines, "lambda.ephemeralStorage").costUsd())
                .as("9,360 GB-s x 0.0000000309")
                .isEqualByComparingTo("0.000289224");
        assertThat(line(lines, "stepfunctions.transitions").quantity())
                .as("(7 parent states for one hour + 2 shards x 2) x 720")
                .isEqualByComparingTo("7920");
        assertThat(line(lines, "stepfunctions.transitions").unit()).as("unit").isEqualTo("state-transition");
    }

    @Test
    void hiddenCostsGrowWithTheShards() {
        List<CostLine> lines = pricing.price(scenario, run).monthlyLines();

        assertThat(line(lines, "hidden.logs").quantity())
                .as("1,000 bytes x 5 invocations x 720 runs / 2^30")
                .isEqualByComparingTo("0.00335276126861572265625");
        assertThat(line(lines, "hidden.s3.get").quantity())
                .as("(3 + 2 x 2) x 720")
                .isEqualByComparingTo("5040");
        assertThat(line(lines, "hidden.s3.put").quantity()).as("(6 + 2) x 720").isEqualByComparingTo("5760");
        assertThat(line(lines, "hidden.s3.list").quantity()).as("(2 + 1) x 720").isEqualByComparingTo("2160");
    }

    @Test
    void onlyPlanTheFirstWaveOfShardsAndMergeStartColdAndPlanNextAndLaterShardsAreWarm() {
        // 10 shards, 4 at once; INIT 1.5 s billed, every first invocation cold (hourly: cold share 1)
        CostModel.FanoutRun wide = new CostModel.FanoutRun(
                10, 1024, new BigDecimal("1000"), new BigDecimal("10000"), new BigDecimal("2000"), 512, 512, 4);
        VariantCost cost = pricing.price(scenario.withInitBilled(true), wide);

        assertThat(line(cost.monthlyLines(), "lambda.duration").quantity())
                .as("(Plan 2.5 + PlanNext 1 + 4 x 11.5 + 6 x 10 + Merge 3.5 s) x 1 GB x 720")
                .isEqualByComparingTo("81360");
        assertThat(cost.notes())
                .as("the split is labelled modelled")
                .anyMatch(n -> n.startsWith("modelled cold/warm: 6 of 13 invocations"));
        VariantCost allAtOnce = pricing.price(
                scenario.withInitBilled(true),
                new CostModel.FanoutRun(
                        10, 1024, new BigDecimal("1000"), new BigDecimal("10000"), new BigDecimal("2000"), 512, 512));
        assertThat(line(allAtOnce.monthlyLines(), "lambda.duration").quantity())
                .as("all 10 shards at once: all cold, (2.5 + 1 + 10 x 11.5 + 3.5 s) x 720")
                .isEqualByComparingTo("87840");
    }

    @Test
    void furtherHoursOfACatchUpLoopCostFourParentTransitionsAndStartWarm() {
        CostModel.FanoutRun wide = new CostModel.FanoutRun(
                10, 1024, new BigDecimal("1000"), new BigDecimal("10000"), new BigDecimal("2000"), 512, 512, 4);
        Scenario threeHours = scenario.withInitBilled(true)
                .withScale(new Scenario.Scale(null, null, null, null, null, null, null, null, null, 3));
        List<CostLine> lines = pricing.price(threeHours, wide).monthlyLines();

        assertThat(line(lines, "stepfunctions.transitions").quantity())
                .as("((7 + 2 x 4) / 3 + 10 shards x 2) x 720")
                .isEqualByComparingTo("18000");
        assertThat(line(lines, "lambda.duration").quantity())
                .as("(Plan 2.5 + 3 x PlanNext 1 + 4 x 11.5 + 26 x 10 + Merge 3.5 + 2 x 2 s) / 3 hours x 720")
                .isEqualByComparingTo("76560");
        assertThat(line(lines, "lambda.requests").quantity())
                .as("(1 + 3 x 12) / 3 x 720")
                .isCloseTo(new BigDecimal("8880"), within(new BigDecimal("1e-20")));
        assertThat(FanoutStateMachine.parentTransitions(1)).as("one hour").isEqualTo(7);
        assertThat(FanoutStateMachine.parentTransitions(3)).as("three hours").isEqualTo(15);
    }

    @Test
    void aRunIsTheMonthOverItsRuns() {
        VariantCost cost = pricing.price(scenario, run);

        assertThat(cost.perMonthUsd())
                .as("month")
                .isEqualByComparingTo(cost.perRunUsd().multiply(new BigDecimal("720")));
        assertThat(cost.variantId()).as("variant id").isEqualTo("lambda-fanout-1024mb-arm64");
        assertThat(cost.model()).as("model").isEqualTo(CostModel.LAMBDA_FANOUT);
    }

    @Test
    void aMeasuredFanoutIsBilledItsMeasuredTimeInvocationsAndTransitions() {
        // 4 hours measured: 4 executions, each Plan, 2 shards, Merge, PlanNext; 10,250 ms billed an hour (INIT in)
        CostModel.MeasuredFanout m = new CostModel.MeasuredFanout(
                1024,
                new BigDecimal("5"),
                new BigDecimal("10250"),
                new BigDecimal("7"),
                new BigDecimal("2"),
                "4 executions over 4 hours");
        VariantCost vc =
                new CostModel(PriceBook.load("aws-us-east-1-2026")).lambdaFanout(scenario.withArch("x86_64"), m);
        List<CostLine> lines = vc.monthlyLines();

        assertThat(line(lines, "lambda.duration").quantity())
                .as("10.25 s x 1 GB x 720 hours, no INIT added to a measured billed time")
                .isEqualByComparingTo("7380");
        assertThat(line(lines, "lambda.duration").costUsd())
                .as("7,380 GB-s x 0.0000166667 (x86_64)")
                .isEqualByComparingTo("0.12300024600");
        assertThat(line(lines, "lambda.requests").quantity()).as("5 x 720").isEqualByComparingTo("3600");
        assertThat(line(lines, "stepfunctions.transitions").quantity())
                .as("(7 parent + 2 items x (1 child start + 1 Shard task)) x 720, as the model counts one hour")
                .isEqualByComparingTo("7920")
                .isEqualByComparingTo(line(pricing.price(scenario, run).monthlyLines(), "stepfunctions.transitions")
                        .quantity());
        assertThat(line(lines, "hidden.logs").quantity())
                .as("1,000 bytes x 5 invocations x 720 / 2^30")
                .isEqualByComparingTo("0.00335276126861572265625");
        assertThat(line(lines, "hidden.s3.get").quantity())
                .as("the scenario's per-run S3 assumption only (the caller zeroes it when it counted them)")
                .isEqualByComparingTo("2160");
        assertThat(vc.label()).contains("measured");
        assertThat(vc.notes()).anyMatch(n -> n.contains("4 executions over 4 hours"));
    }

    private static CostLine line(List<CostLine> lines, String component) {
        return lines.stream()
                .filter(l -> l.component().equals(component))
                .findFirst()
                .orElseThrow();
    }
}
