package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Lambda Managed Instances, priced only: 3 x c7g.medium all of a 720-hour month + 15 % + 720 requests. */
class LambdaManagedInstancesTest {
    private final CostModel model = new CostModel(PriceBook.load("aws-us-east-1-2026"));

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null)
            .withDaysPerMonth(new BigDecimal("30"))
            .withHidden(new Scenario.Hidden(null, null, null, null));

    @Test
    void theDefaultInstancesRunAllMonthWithTheManagementFee() {
        VariantCost c = model.lambdaManagedInstances(scenario);

        assertThat(c.monthlyLines().get(0).component()).as("first line").isEqualTo("lmi.instances");
        assertThat(c.monthlyLines().get(0).quantity()).as("3 x 720 h").isEqualByComparingTo("2160");
        assertThat(c.monthlyLines().get(0).costUsd())
                .as("2,160 h x 0.0363 (c7g.medium)")
                .isEqualByComparingTo("78.408");
        assertThat(c.monthlyLines().get(1).costUsd()).as("15 % of 78.408").isEqualByComparingTo("11.7612");
        assertThat(c.perMonthUsd()).as("78.408 + 11.7612 + 720 x 0.20 / 1 M").isEqualByComparingTo("90.169344");
        assertThat(c.variantId()).as("id").isEqualTo("lmi-c7g.medium-x3");
        assertThat(c.notes()).as("priced only and why").anyMatch(n -> n.startsWith("priced only"));
        assertThat(c.notes()).anyMatch(n -> n.startsWith("why it does not pay"));
    }

    @Test
    void thePlainLambdaIsFarCheaperForOneHourlyJob() {
        assertThat(model.lambda(scenario).perMonthUsd())
                .as("Lambda against LMI at 24 runs a day")
                .isLessThan(model.lambdaManagedInstances(scenario).perMonthUsd());
    }
}
