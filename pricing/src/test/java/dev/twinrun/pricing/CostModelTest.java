package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private final Scenario seed = Scenario.load("seed-2017");
    private final CostModel seedModel = new CostModel(PriceBook.load("seed-2017"));
    private final CostModel model2026 = new CostModel(PriceBook.load("aws-us-east-1-2026"));

    @Test
    void seedScenarioReproducesThreeSixtyForLambda() {
        VariantCost lambda = seedModel.lambda(seed);

        assertThat(Money.cents(lambda.perMonthUsd()))
                .as("seed Lambda month rounded to cents")
                .isEqualByComparingTo("3.60");
        CostLine duration = lambda.monthlyLines().get(0);
        assertThat(duration.quantity())
                .as("GB-seconds: 720 runs x 300 s x 1 GB")
                .isEqualByComparingTo("216000");
        assertThat(duration.costUsd())
                .as("duration cost: 216000 GB-s x 0.000001667 / 0.1")
                .isEqualByComparingTo("3.60072");
        assertThat(lambda.perMonthUsd())
                .as("exact month with 720 requests at 0.20 per 1 M")
                .isEqualByComparingTo("3.600864");
    }

    @Test
    void seedScenarioReproducesEightFiftyForEc2AsAMonthlyPrice() {
        VariantCost ec2 = seedModel.ec2AlwaysOn(seed);

        assertThat(ec2.perMonthUsd()).as("seed EC2 month").isEqualByComparingTo("8.50");
        assertThat(ec2.monthlyLines())
                .as("the EC2 cost comes from the book's monthly line only (no EBS, no hidden costs)")
                .extracting(CostLine::priceLineId)
                .containsExactly("ec2.t2.micro.month");
    }

    @Test
    void t2MicroHourlyTimes730RoundsToEightFortySevenNotEightFifty() {
        Scenario month730 = seed.withPriceBook("aws-us-east-1-2026").withDaysPerMonth(null);

        VariantCost ec2 = model2026.ec2AlwaysOn(month730);

        assertThat(ec2.perMonthUsd()).as("0.0116 x 730 h").isEqualByComparingTo("8.468");
        assertThat(Money.cents(ec2.perMonthUsd())).as("rounded").isEqualByComparingTo("8.47");
    }

    @Test
    void oneRunADayCostsCents() {
        VariantCost lambda = seedModel.lambda(seed.withRunsPerDay(BigDecimal.ONE));

        assertThat(Money.cents(lambda.perMonthUsd()))
                .as("30 runs of 5 min at 1 GB")
                .isEqualByComparingTo("0.15");
        assertThat(lambda.perRunUsd())
                .as("one run: 3000 x 0.000001667 + one request")
                .isEqualByComparingTo("0.0050012");
    }

    @Test
    void billingGranularityRoundsEachRunUp() {
        Scenario shortRun = seed.withDurationMs(new BigDecimal("101")).withRunsPerDay(BigDecimal.ONE);

        CostLine seedDuration = seedModel.lambda(shortRun).monthlyLines().get(0);
        CostLine nowDuration = model2026
                .lambda(shortRun.withPriceBook("aws-us-east-1-2026"))
                .monthlyLines()
                .get(0);

        assertThat(seedDuration.quantity())
                .as("101 ms billed as 200 ms in 2017, x 30 runs x 1 GB")
                .isEqualByComparingTo("6");
        assertThat(nowDuration.quantity())
                .as("101 ms billed as 101 ms at 1 ms granularity")
                .isEqualByComparingTo("3.03");
    }

    @Test
    void initIsBilledFromTheBooksDateUnlessSwitchedOff() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026")
                .withRun(new Scenario.Run(
                        new BigDecimal("1000"), null, new BigDecimal("500"), BigDecimal.ONE, null, null))
                .withRunsPerDay(BigDecimal.ONE);

        assertThat(model2026.initBilled(s)).as("2026 book is after 2025-08-01").isTrue();
        assertThat(model2026.lambda(s).monthlyLines().get(0).quantity())
                .as("30 runs x 1.5 s x 1 GB with INIT billed")
                .isEqualByComparingTo("45");
        assertThat(model2026
                        .lambda(s.withInitBilled(false))
                        .monthlyLines()
                        .get(0)
                        .quantity())
                .as("30 runs x 1 s x 1 GB with INIT switched off")
                .isEqualByComparingTo("30");
        assertThat(seedModel.initBilled(s.withPriceBook("seed-2017")))
                .as("2017 book: INIT free")
                .isFalse();
    }

    @Test
    void arm64UsesItsOwnPriceLine() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026").withArch("arm64");

        VariantCost lambda = model2026.lambda(s);

        assertThat(lambda.monthlyLines().get(0).priceLineId())
                .as("duration line")
                .isEqualTo("lambda.duration.arm64");
        assertThat(lambda.monthlyLines().get(0).costUsd())
                .as("216000 GB-s x 0.0000133334")
                .isEqualByComparingTo("2.88001440");
    }

    @Test
    void freeTierIsOffByDefaultAndDeductsWhenOn() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026");

        VariantCost paid = model2026.lambda(s);
        VariantCost free = model2026.lambda(s.withFreeTier(true));

        assertThat(s.lambda().freeTier()).as("free tier default").isFalse();
        assertThat(paid.perMonthUsd()).as("paid month").isPositive();
        assertThat(free.perMonthUsd())
                .as("216000 GB-s and 720 requests fit in the free tier")
                .isEqualByComparingTo("0");
        assertThat(free.monthlyLines())
                .as("free tier credits are lines of their own")
                .extracting(CostLine::component)
                .contains("lambda.freeTier.gbSeconds", "lambda.freeTier.requests");
    }

    @Test
    void ephemeralStorageAbove512MbIsCharged() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026")
                .withLambda(new Scenario.LambdaSettings(1024, "x86_64", 1536, false, false));

        CostLine eph = model2026.lambda(s).monthlyLines().stream()
                .filter(l -> l.component().equals("lambda.ephemeralStorage"))
                .findFirst()
                .orElseThrow();

        assertThat(eph.quantity()).as("1 GB extra x 216000 s").isEqualByComparingTo("216000");
        assertThat(eph.costUsd()).as("216000 x 0.0000000309").isEqualByComparingTo("0.0066744");
    }

    @Test
    void ec2PerRunBillsPerSecondWithSixtySecondMinimumAndEbs() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026")
                .withInstanceType("t3.micro")
                .withEbsGb(new BigDecimal("8"))
                .withDurationMs(new BigDecimal("5000"))
                .withEc2(new Scenario.Ec2Settings(
                        "t3.micro", new BigDecimal("8"), new BigDecimal("10"), BigDecimal.ZERO, null));

        VariantCost perRun = model2026.ec2PerRun(s);

        CostLine instance = perRun.monthlyLines().get(0);
        assertThat(instance.quantity())
                .as("720 runs x 60 s minimum (15 s up) in hours")
                .isEqualByComparingTo("12");
        assertThat(instance.costUsd()).as("12 h x 0.0104").isEqualByComparingTo("0.1248");
        assertThat(perRun.perMonthUsd()).as("instance + 8 GB x 0.08").isEqualByComparingTo("0.7648");
    }

    @Test
    void hiddenCostsArePricedPerRun() {
        Scenario s = Scenario.load("hourly-2026");

        VariantCost lambda = model2026.lambda(s);

        assertThat(lambda.monthlyLines())
                .as("hidden cost lines")
                .extracting(CostLine::priceLineId)
                .contains("cloudwatch.logs.ingestion", "s3.requests.get", "s3.requests.put", "s3.requests.list");
        CostLine get = lambda.monthlyLines().stream()
                .filter(l -> l.component().equals("hidden.s3.get"))
                .findFirst()
                .orElseThrow();
        assertThat(get.quantity()).as("3 GETs x 24 x 730/24 runs").isEqualByComparingTo("2190");
    }

    @Test
    void unknownInstanceTypeNamesWhatTheBookPrices() {
        assertThatThrownBy(() -> seedModel.ec2AlwaysOn(seed.withInstanceType("m5.large")))
                .as("error for an unpriced instance type")
                .hasMessageContaining("m5.large")
                .hasMessageContaining("t2.micro");
    }

    @Test
    void lambdaOverFifteenMinutesIsInfeasible() {
        Scenario s = seed.withPriceBook("aws-us-east-1-2026").withDurationMs(new BigDecimal("900001"));

        assertThat(model2026.lambda(s).feasible())
                .as("a run longer than 15 min")
                .isFalse();
    }

    @Test
    void fanoutBillsTheFirstInvocationsWithTheirInitAndTwoTransitionsPerShard() {
        Scenario hourly = Scenario.load("hourly-2026").withDeployment(null);
        CostModel.FanoutRun run = new CostModel.FanoutRun(
                2, 1024, new BigDecimal("1000"), new BigDecimal("10000"), new BigDecimal("2000"), 512, 512);

        VariantCost fan = model2026.lambdaFanout(hourly, run);

        // per run, INIT 1,500 ms on each cold invocation (Plan, both shards at once, Merge), PlanNext warm:
        // (1,000 + 1,500) + 2 x (10,000 + 1,500) + (2,000 + 1,500) + 1,000 = 30 s at 1 GB
        CostLine duration = fan.monthlyLines().get(0);
        assertThat(duration.priceLineId()).isEqualTo("lambda.duration.arm64");
        assertThat(duration.quantity()).as("30 GB-s x 730 runs").isEqualByComparingTo("21900");
        assertThat(fan.monthlyLines())
                .filteredOn(l -> l.component().equals("lambda.requests"))
                .singleElement()
                .satisfies(
                        l -> assertThat(l.quantity()).as("5 invocations x 730").isEqualByComparingTo("3650"));
        assertThat(fan.monthlyLines())
                .filteredOn(l -> l.component().equals("stepfunctions.transitions"))
                .singleElement()
                .satisfies(l -> assertThat(l.quantity()).as("(7 + 2 x 2) x 730").isEqualByComparingTo("8030"));
        assertThat(fan.monthlyLines()).noneMatch(l -> l.component().equals("lambda.ephemeralStorage"));
        assertThat(fan.perMonthUsd()).isEqualByComparingTo(fan.perRunUsd().multiply(new BigDecimal("730")));
    }
}
