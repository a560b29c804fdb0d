package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's components against hand-computed lines: 720 runs (30 days) of a Plan (1 s), 2 Shards (10 s each, /tmp
 * 1,024 MB) and a Merge (2 s, /tmp 2,048 MB) at 1,024 MB, INIT not billed.
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
                .as("(1 + 2 x 10 + 2 s) x 1 GB x 720 runs")
                .isEqualByComparingTo("16560");
        assertThat(line(lines, "lambda.requests").quantity())
                .as("4 invocations x 720")
                .isEqualByComparingTo("2880");
        assertThat(line(lines, "lambda.ephemeralStorage").quantity())
                .as("(2 x 10 s x 512 MB + 2 s x 1,536 MB) = 13 GB-s a run x 720")
                .isEqualByComparingTo("9360");
        assertThat(line(lines, "lambda.ephemeralStorage").costUsd())
                .as("9,360 GB-s x 0.0000000309")
                .isEqualByComparingTo("0.000289224");
        assertThat(line(lines, "stepfunctions.transitions").quantity())
                .as("(3 + 2 x 2) x 720")
                .isEqualByComparingTo("5040");
        assertThat(line(lines, "stepfunctions.transitions").unit()).as("unit").isEqualTo("state-transition");
    }

    @Test
    void hiddenCostsGrowWithTheShards() {
        List<CostLine> lines = pricing.price(scenario, run).monthlyLines();

        assertThat(line(lines, "hidden.logs").quantity())
                .as("1,000 bytes x 4 invocations x 720 runs / 2^30")
                .isEqualByComparingTo("0.002682209014892578125");
        assertThat(line(lines, "hidden.s3.get").quantity())
                .as("(3 + 2 x 2) x 720")
                .isEqualByComparingTo("5040");
        assertThat(line(lines, "hidden.s3.put").quantity()).as("(6 + 2) x 720").isEqualByComparingTo("5760");
        assertThat(line(lines, "hidden.s3.list").quantity()).as("(2 + 1) x 720").isEqualByComparingTo("2160");
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

    private static CostLine line(List<CostLine> lines, String component) {
        return lines.stream()
                .filter(l -> l.component().equals(component))
                .findFirst()
                .orElseThrow();
    }
}
