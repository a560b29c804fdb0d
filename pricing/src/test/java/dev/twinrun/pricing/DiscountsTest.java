package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscountsTest {
    private final CostModel model = new CostModel(PriceBook.load("aws-us-east-1-2026"));
    private final Scenario base =
            Scenario.load("hourly-2026").withPriceBook("aws-us-east-1-2026").withInstanceType("t3.micro");

    private static Optional<CostLine> line(VariantCost c, String component) {
        return c.monthlyLines().stream()
                .filter(l -> l.component().equals(component))
                .findFirst();
    }

    private Scenario committed(String lambda, String ec2) {
        return base.withDiscounts(base.discounts().withCommitments(new BigDecimal(lambda), new BigDecimal(ec2)));
    }

    @Test
    void lambdaCommitmentDiscountsOnlyDuration() {
        VariantCost plain = model.lambda(base);
        VariantCost disc = model.lambda(committed("17", "0"));
        CostLine duration = line(plain, "lambda.duration").orElseThrow();
        CostLine credit = line(disc, "lambda.duration.commitment").orElseThrow();
        assertThat(credit.costUsd()).isEqualByComparingTo(duration.costUsd().multiply(new BigDecimal("-0.17")));
        assertThat(credit.note()).contains("17 %").contains("savingsPlans.compute.lambda.maxPercent");
        assertThat(disc.perMonthUsd()).isEqualByComparingTo(plain.perMonthUsd().add(credit.costUsd()));
        assertThat(disc.perMonthUsd()).isEqualByComparingTo(Billing.sum(disc.monthlyLines()));
        assertThat(line(disc, "lambda.requests.commitment")).isEmpty();
        assertThat(disc.monthlyLines().stream().filter(l -> l.component().endsWith(".commitment")))
                .hasSize(1);
    }

    @Test
    void ec2CommitmentDiscountsTheInstanceNotEbs() {
        VariantCost plain = model.ec2AlwaysOn(base);
        VariantCost disc = model.ec2AlwaysOn(committed("0", "30"));
        CostLine instance = line(plain, "ec2.instance").orElseThrow();
        CostLine credit = line(disc, "ec2.instance.commitment").orElseThrow();
        assertThat(credit.costUsd()).isEqualByComparingTo(instance.costUsd().multiply(new BigDecimal("-0.30")));
        assertThat(line(disc, "ebs.gp3.commitment")).isEmpty();
        assertThat(disc.perMonthUsd()).isEqualByComparingTo(plain.perMonthUsd().add(credit.costUsd()));
        assertThat(model.lambda(committed("0", "30")).perMonthUsd())
                .as("the EC2 side's percentage leaves Lambda alone")
                .isEqualByComparingTo(model.lambda(base).perMonthUsd());
    }

    @Test
    void commitmentAboveTheBooksMaximumIsAnError() {
        assertThatThrownBy(() -> model.lambda(committed("18", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambdaCommitmentPercent")
                .hasMessageContaining("17");
        assertThatThrownBy(() -> new Scenario.Discounts(null, new BigDecimal("-1"), null))
                .hasMessageContaining("discounts.lambdaCommitmentPercent");
    }

    @Test
    void ec2FreeTierCreditsEligibleTypesOnly() {
        Scenario on = base.withDiscounts(base.discounts().withEc2FreeTier(true));
        VariantCost t3 = model.ec2AlwaysOn(on);
        assertThat(line(t3, "ec2.freeTier.hours"))
                .as("t3.micro is not eligible where t2.micro exists")
                .isEmpty();
        assertThat(t3.notes()).anyMatch(n -> n.contains("not free-tier eligible"));

        Scenario t2 = on.withInstanceType("t2.micro");
        VariantCost free = model.ec2AlwaysOn(t2);
        CostLine instance = line(free, "ec2.instance").orElseThrow();
        CostLine credit = line(free, "ec2.freeTier.hours").orElseThrow();
        assertThat(credit.quantity())
                .isEqualByComparingTo(
                        instance.quantity().min(new BigDecimal("750")).negate());
        assertThat(free.perMonthUsd())
                .isEqualByComparingTo(model.ec2AlwaysOn(t2.withDiscounts(Scenario.Discounts.NONE))
                        .perMonthUsd()
                        .add(credit.costUsd()));
    }

    @Test
    void commitmentAppliesAfterTheFreeTier() {
        Scenario s = committed("0", "50").withInstanceType("t2.micro");
        s = s.withDiscounts(s.discounts().withEc2FreeTier(true));
        VariantCost c = model.ec2AlwaysOn(s);
        // 730 h less 750 free: nothing left to discount.
        assertThat(line(c, "ec2.instance.commitment").orElseThrow().costUsd()).isEqualByComparingTo("0");
    }
}
