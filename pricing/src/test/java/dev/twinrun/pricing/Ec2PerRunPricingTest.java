package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * EC2 started per run against hand-computed lines: 720 runs of a t3.micro up 40 s + 60.0005 s + 5 s = 105.0005 s,
 * billed 106 s at 1 s granularity.
 */
class Ec2PerRunPricingTest {
    private final PriceBook book = PriceBook.load("aws-us-east-1-2026");

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null) // compute and hidden lines only; DeploymentCostsTest prices the rest
            .withDaysPerMonth(new BigDecimal("30"))
            .withEc2(new Scenario.Ec2Settings(
                    "t3.micro",
                    new BigDecimal("8"),
                    new BigDecimal("40"),
                    new BigDecimal("5"),
                    new BigDecimal("60000.5")))
            .withHidden(new Scenario.Hidden(null, null, null, null));

    @Test
    void instanceHoursAreBilledSecondsOfEveryRun() {
        VariantCost cost = new Ec2PerRunPricing(book).price(scenario);

        CostLine instance = cost.monthlyLines().get(0);
        assertThat(instance.component()).as("component").isEqualTo("ec2.instance");
        assertThat(instance.unit()).as("unit").isEqualTo("instance-hour");
        assertThat(instance.quantity()).as("720 runs x 106 s / 3,600").isEqualByComparingTo("21.2");
        assertThat(instance.costUsd()).as("21.2 h x 0.0104").isEqualByComparingTo("0.22048");
        assertThat(cost.perMonthUsd()).as("instance + 8 GB x 0.08").isEqualByComparingTo("0.86048");
        assertThat(cost.perRunUsd())
                .as("106 s x 0.0104 / 3,600, plus 8 GB x 0.08 over the 720 runs, as always-on includes EBS")
                .isEqualByComparingTo(new BigDecimal("0.0003062222222222222222222222222222222")
                        .add(new BigDecimal("0.64").divide(new BigDecimal("720"), java.math.MathContext.DECIMAL128)));
        assertThat(cost.variantId()).as("variant id").isEqualTo("ec2-t3.micro-per-run");
    }

    @Test
    void aMonthlyPriceGivesADerivedHourlyRate() {
        Scenario seed = Scenario.load("seed-2017").withDurationMs(new BigDecimal("15000"));

        VariantCost cost = new Ec2PerRunPricing(PriceBook.load("seed-2017")).price(seed);

        CostLine instance = cost.monthlyLines().get(0);
        assertThat(instance.per()).as("8.50 per 730 h").isEqualByComparingTo("730");
        assertThat(instance.quantity())
                .as("720 runs x 60 s (40 + 15 + 5 s) / 3,600")
                .isEqualByComparingTo("12");
        assertThat(instance.costUsd())
                .as("12 h x 8.50 / 730")
                .isEqualByComparingTo("0.1397260273972602739726027397260274");
    }
}
