package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lambda's components against hand-computed lines: 300 runs (10 a day, 30 days), half of them cold; a cold run is
 * 1,000.4 ms + 200 ms INIT, billed 1,201 ms at 1 ms granularity, a warm one 800 ms; 2,048 MB = 2 GB, /tmp 1,536 MB.
 */
class LambdaPricingTest {
    private final PriceBook book = PriceBook.load("aws-us-east-1-2026");
    private final LambdaPricing pricing = new LambdaPricing(book);

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null) // compute and hidden lines only; DeploymentCostsTest prices the rest
            .withRunsPerDay(BigDecimal.TEN)
            .withDaysPerMonth(new BigDecimal("30"))
            .withRun(new Scenario.Run(
                    new BigDecimal("1000.4"),
                    new BigDecimal("800"),
                    new BigDecimal("200"),
                    new BigDecimal("0.5"),
                    null,
                    null))
            .withLambda(new Scenario.LambdaSettings(2048, "x86_64", 1536, false, true))
            .withHidden(new Scenario.Hidden(null, null, null, null));

    @Test
    void monthIsDurationRequestsAndEphemeralStorage() {
        VariantCost cost = pricing.price(scenario);

        assertThat(cost.monthlyLines())
                .as("components of the month")
                .extracting(CostLine::component, CostLine::unit, CostLine::priceLineId)
                .containsExactly(
                        tuple("lambda.duration", "GB-second", "lambda.duration.x86_64"),
                        tuple("lambda.requests", "request", "lambda.requests"),
                        tuple("lambda.ephemeralStorage", "GB-second", "lambda.ephemeralStorage"));
        CostLine duration = line(cost.monthlyLines(), "lambda.duration");
        assertThat(duration.quantity())
                .as("(150 x 1,201 ms + 150 x 800 ms) = 300.15 s x 2 GB")
                .isEqualByComparingTo("600.3");
        assertThat(duration.costUsd()).as("600.3 GB-s x 0.0000166667").isEqualByComparingTo("0.01000502001");
        assertThat(line(cost.monthlyLines(), "lambda.requests").costUsd())
                .as("300 requests x 0.20 / 1,000,000")
                .isEqualByComparingTo("0.00006");
        CostLine eph = line(cost.monthlyLines(), "lambda.ephemeralStorage");
        assertThat(eph.quantity()).as("1 GB above 512 MB x 300.15 s").isEqualByComparingTo("300.15");
        assertThat(eph.costUsd()).as("300.15 GB-s x 0.0000000309").isEqualByComparingTo("0.000009274635");
        assertThat(cost.perMonthUsd()).as("sum of the three lines").isEqualByComparingTo("0.010074294645");
    }

    @Test
    void runIsTheAverageOfColdAndWarm() {
        VariantCost cost = pricing.price(scenario);

        assertThat(cost.perRunUsd())
                .as("1,000.5 ms average x 2 GB x 0.0000166667 + one request + 1.0005 GB-s of /tmp x 0.0000000309")
                .isEqualByComparingTo("0.00003358098215");
        assertThat(cost.variantId()).as("variant id").isEqualTo("lambda-2048mb-x86_64");
        assertThat(cost.model()).as("model").isEqualTo(CostModel.LAMBDA);
    }

    @Test
    void freeTierCreditsAreLinesOfTheirOwnAndLeaveTheRunAlone() {
        VariantCost paid = pricing.price(scenario);
        VariantCost free = pricing.price(scenario.withFreeTier(true));

        assertThat(line(free.monthlyLines(), "lambda.freeTier.gbSeconds").quantity())
                .as("all 600.3 GB-s fit in the 400,000 GB-s allowance")
                .isEqualByComparingTo("-600.3");
        assertThat(line(free.monthlyLines(), "lambda.freeTier.requests").quantity())
                .as("all 300 requests fit in the 1 M allowance")
                .isEqualByComparingTo("-300");
        assertThat(free.perMonthUsd()).as("only /tmp is left to pay").isEqualByComparingTo("0.000009274635");
        assertThat(free.perRunUsd()).as("a run's cost is without the free tier").isEqualByComparingTo(paid.perRunUsd());
    }

    @Test
    void aBookWithoutRequestPricesSaysSo() {
        PriceBook noRequests = new PriceBook(
                "no-requests",
                null,
                book.date(),
                book.region(),
                null,
                null,
                book.lines().stream()
                        .filter(l -> !l.id().equals("lambda.requests"))
                        .toList(),
                null);

        VariantCost cost = new LambdaPricing(noRequests).price(scenario);

        assertThat(cost.monthlyLines())
                .as("no request line")
                .noneMatch(l -> l.component().equals("lambda.requests"));
        assertThat(cost.notes()).as("notes").anyMatch(n -> n.contains("has no lambda.requests line"));
    }

    private static CostLine line(List<CostLine> lines, String component) {
        return lines.stream()
                .filter(l -> l.component().equals(component))
                .findFirst()
                .orElseThrow();
    }
}
