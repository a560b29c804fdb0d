package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreakEvenTest {
    private final Scenario seed = Scenario.load("seed-2017");
    private final BreakEven breakEven = new BreakEven(new CostModel(PriceBook.load("seed-2017")));

    @Test
    void bisectFindsTheRootOfALinearFunction() {
        Optional<BigDecimal> x = BreakEven.bisect(
                v -> v.multiply(new BigDecimal("3")).subtract(BigDecimal.ONE),
                BigDecimal.ZERO,
                BigDecimal.ONE,
                new BigDecimal("1E-12"));

        assertThat(x).as("root of 3x - 1").isPresent();
        assertThat(x.get().subtract(new BigDecimal("0.333333333333")).abs())
                .as("distance to 1/3")
                .isLessThan(new BigDecimal("1E-11"));
    }

    @Test
    void bisectReportsNoRootWhenTheSignNeverChanges() {
        assertThat(BreakEven.bisect(
                        v -> v.add(BigDecimal.ONE), BigDecimal.ZERO, BigDecimal.TEN, new BigDecimal("1E-6")))
                .as("x + 1 on [0, 10]")
                .isEmpty();
    }

    @Test
    void seedRunsPerDayBreakEvenIsWhereLambdaReachesEightFifty() {
        BreakEvenResult r = breakEven.runsPerDay(seed, CostModel.LAMBDA, CostModel.EC2_ALWAYS_ON);

        // Lambda per run = 3000 x 0.000001667 + 0.0000002 = 0.0050012; 30 days: 8.50 / (30 x 0.0050012) = 56.6531...
        assertThat(r.status()).as("status").isEqualTo(BreakEvenResult.FOUND);
        assertThat(r.value())
                .as("runs/day break-even vs 8.50 / (30 x 0.0050012), rounded up to 3 decimals")
                .isEqualByComparingTo("56.654");
        assertThat(r.value().scale()).as("3 decimals, as report.json documents").isLessThanOrEqualTo(3);
        assertThat(r.cheaperBelow()).as("cheaper below").isEqualTo("lambda-1024mb-x86_64");
        assertThat(r.cheaperAbove()).as("cheaper above").isEqualTo("ec2-t2.micro-always-on");
    }

    @Test
    void seedDurationBreakEvenFallsOnABillingStep() {
        BreakEvenResult r = breakEven.durationMs(seed, CostModel.LAMBDA, CostModel.EC2_ALWAYS_ON);

        // 720 runs x (d/100 ms units) x 0.000001667 + 720 x 0.0000002 = 8.50 -> d = 708,127.6 ms; billing steps of 100
        // ms
        // put the change just above 708,100 ms (the next step, 708,200 ms billed, is the first that costs more).
        assertThat(r.status()).as("status").isEqualTo(BreakEvenResult.FOUND);
        assertThat(r.value()).as("duration break-even").isBetween(new BigDecimal("708100"), new BigDecimal("708101"));
    }

    @Test
    void dataSizeBreakEvenNeedsAThroughput() {
        BreakEvenResult r = breakEven.dataSizeMb(seed, CostModel.LAMBDA, CostModel.EC2_ALWAYS_ON);

        assertThat(r.status()).as("seed has no msPerMb").isEqualTo(BreakEvenResult.NOT_APPLICABLE);
    }

    @Test
    void dataSizeBreakEvenFollowsMsPerMb() {
        Scenario s = Scenario.load("hourly-2026");
        BreakEven be = new BreakEven(new CostModel(PriceBook.load("aws-us-east-1-2026")));

        BreakEvenResult r = be.dataSizeMb(s, CostModel.LAMBDA, CostModel.EC2_ALWAYS_ON);

        assertThat(r.status())
                .as("status (" + r.note() + ")")
                .isIn(BreakEvenResult.FOUND, BreakEvenResult.NONE_IN_RANGE);
        if (r.status().equals(BreakEvenResult.FOUND)) {
            Scenario at = s.withDataSizeMb(r.value());
            CostModel m = new CostModel(PriceBook.load("aws-us-east-1-2026"));
            assertThat(m.lambda(at)
                            .perMonthUsd()
                            .subtract(m.ec2AlwaysOn(at).perMonthUsd())
                            .abs())
                    .as("costs at the break-even size are within a cent")
                    .isLessThan(new BigDecimal("0.01"));
        }
    }
}
