package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

/** EC2 always on against hand-computed lines: a t4g.micro for a 30-day month with 8 GB of gp3 and 2 PUTs a run. */
class Ec2AlwaysOnPricingTest {
    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null) // compute and hidden lines only; DeploymentCostsTest prices the rest
            .withDaysPerMonth(new BigDecimal("30"))
            .withInstanceType("t4g.micro")
            .withEbsGb(new BigDecimal("8"))
            .withHidden(new Scenario.Hidden(null, null, 2L, null));

    @Test
    void monthIsInstanceHoursVolumeAndHiddenCosts() {
        VariantCost cost = new Ec2AlwaysOnPricing(PriceBook.load("aws-us-east-1-2026")).price(scenario);

        assertThat(cost.monthlyLines())
                .as("components with quantity and unit")
                .extracting(CostLine::component, CostLine::quantity, CostLine::unit, CostLine::costUsd)
                .usingRecursiveFieldByFieldElementComparator(RecursiveComparisonConfiguration.builder()
                        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                        .build())
                .containsExactly(
                        tuple("ec2.instance", new BigDecimal("720"), "instance-hour", new BigDecimal("6.048")),
                        tuple("ebs.gp3", new BigDecimal("8"), "GB-month", new BigDecimal("0.64")),
                        tuple("hidden.s3.put", new BigDecimal("1440"), "request", new BigDecimal("0.0072")));
        assertThat(cost.perMonthUsd()).as("6.048 + 0.64 + 0.0072").isEqualByComparingTo("6.6952");
        assertThat(cost.perRunUsd())
                .as("the month over its 720 runs")
                .isEqualByComparingTo("0.009298888888888888888888888888888889");
        assertThat(cost.variantId()).as("variant id").isEqualTo("ec2-t4g.micro-always-on");
    }

    @Test
    void aMonthlyBookPriceIsOneMonthWhateverItsLength() {
        Scenario seed = Scenario.load("seed-2017");

        VariantCost cost = new Ec2AlwaysOnPricing(PriceBook.load("seed-2017")).price(seed);

        CostLine instance = cost.monthlyLines().get(0);
        assertThat(instance.priceLineId()).as("price line").isEqualTo("ec2.t2.micro.month");
        assertThat(instance.quantity()).as("one month").isEqualByComparingTo("1");
        assertThat(cost.notes()).as("notes").anyMatch(n -> n.startsWith("instance priced per month by the book"));
    }

    @Test
    void aMonthWithoutRunsHasNoCostPerRun() {
        VariantCost cost = new Ec2AlwaysOnPricing(PriceBook.load("aws-us-east-1-2026"))
                .price(scenario.withRunsPerDay(BigDecimal.ZERO));

        assertThat(cost.perRunUsd()).as("no runs to spread the month over").isNull();
        assertThat(cost.perMonthUsd()).as("instance and volume still paid").isEqualByComparingTo("6.688");
    }
}
