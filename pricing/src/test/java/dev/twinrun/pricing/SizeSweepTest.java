package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.pricing.SizeSweepResult.Crossover;
import dev.twinrun.pricing.SizeSweepResult.LimitHit;
import dev.twinrun.pricing.SizeSweepResult.Option;
import dev.twinrun.pricing.SizeSweepResult.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cost-vs-data-size model against hand-derived figures. The workload is hourly-2026's: 550 ms per MB at 1,769 MB
 * (one vCPU) and 5,000 ms fixed, so a run of S MB on v vCPUs takes 5,000 + 550 S / v ms (until the network binds:
 * S3's 85 MB/s per connection, Lambda's assumed 60 MB/s, an instance's baseline bandwidth; it does not at this rate).
 * Runs are planned to 80 % of a timeout: Lambda 720,000 ms, EC2 80 % of the runner's 55 minutes, 2,640,000 ms.
 */
class SizeSweepTest {
    private static final BigDecimal GB = BigDecimal.valueOf(1024);

    private final PriceBook book = PriceBook.load("aws-us-east-1-2026");
    private final Scenario hourly = Scenario.load("hourly-2026");
    private final SizeSweep sweep = new SizeSweep(book, hourly, Workload.fromScenario(hourly, book));

    @Test
    void scenarioWorkloadIsTheScenarioSlopeAtItsCpuShare() {
        Workload w = Workload.fromScenario(hourly, book);

        assertThat(w.msPerMbPerVcpu()).as("550 ms/MB at 1 vCPU").isEqualByComparingTo("550");
        assertThat(w.fixedMs()).as("60,000 ms at 100 MB minus 100 x 550").isEqualByComparingTo("5000");
        assertThat(w.measured()).isFalse();
    }

    @Test
    void singleLambdaAtTheScenarioSizeCostsWhatTheCostModelSays() {
        Option single = sweep.singleLambda(BigDecimal.valueOf(100));

        VariantCost direct = new CostModel(book).lambda(hourly);
        assertThat(single.fits()).isTrue();
        assertThat(single.durationMs()).as("5,000 + 100 x 550").isEqualByComparingTo("60000");
        assertThat(single.perMonthUsd()).as("same scenario, same lines").isEqualByComparingTo(direct.perMonthUsd());
    }

    @Test
    void singleLambdaBuysCpuWithMemoryUntilTheTimeout() {
        BigDecimal size = BigDecimal.valueOf(2560);
        Option single = sweep.singleLambda(size);

        // 5,000 + 2,560 x 550 x 1,769 / m <= 80 % of 900,000  =>  m >= 2,560 x 550 x 1,769 / 715,000
        int expected = (int) Math.ceil(2560.0 * 550 * 1769 / 715_000);
        assertThat(single.fits()).isTrue();
        assertThat(single.config()).startsWith(expected + " MB");
        assertThat(single.durationMs()).isLessThanOrEqualTo(BigDecimal.valueOf(720_000));
        assertThat(single.note()).contains("memory raised from 1769 MB");
        assertThat(single.note())
                .as("what a timeout would bill: three attempts")
                .contains("would bill 3 attempts of 15 min");
    }

    @Test
    void singleLambdaFirstHitsTheFifteenMinuteTimeout() {
        LimitHit hit = sweep.firstLimit(SizeSweepResult.LAMBDA);

        // 5,000 + S x 550 / (10,240 / 1,769) > 80 % of 900,000  =>  S > 715,000 x 10,240 / 1,769 / 550
        double boundary = 715_000.0 * 10_240 / 1769 / 550;
        assertThat(hit.limit()).isEqualTo("lambda.limits.timeoutSeconds");
        assertThat(hit.atSizeMb()).isEqualByComparingTo(BigDecimal.valueOf((long) Math.floor(boundary) + 1));
        assertThat(sweep.singleLambda(hit.atSizeMb().subtract(BigDecimal.ONE)).fits())
                .isTrue();
        assertThat(sweep.singleLambda(BigDecimal.valueOf(100 * 1024)).fits()).isFalse();
    }

    @Test
    void theTimeoutShareIsConfigurable() {
        SizeSweep whole = new SizeSweep(
                book,
                hourly,
                Workload.fromScenario(hourly, book),
                SizeSweep.Limits.defaults().withTimeoutShare(BigDecimal.ONE));

        // planned to the whole 900,000 ms: S > 895,000 x 10,240 / 1,769 / 550
        double boundary = 895_000.0 * 10_240 / 1769 / 550;
        assertThat(whole.firstLimit(SizeSweepResult.LAMBDA).atSizeMb())
                .isEqualByComparingTo(BigDecimal.valueOf((long) Math.floor(boundary) + 1));
    }

    @Test
    void fanoutCutsOneShardPer256MbAndPaysTwoTransitionsPerShard() {
        Option fan = sweep.fanout(BigDecimal.valueOf(100 * 1024));

        assertThat(fan.fits()).isTrue();
        assertThat(fan.config())
                .as("400 shards wanted, the deployed maximum is 200")
                .startsWith("200 x 512 MB at 1769 MB");
        assertThat(fan.note()).contains("shards capped at 200");
        CostLine transitions = line(fan, "stepfunctions.transitions");
        BigDecimal runs = hourly.schedule().runsPerMonth();
        assertThat(transitions.quantity())
                .as("(7 parent states + 2 x 200) per run")
                .isEqualByComparingTo(runs.multiply(BigDecimal.valueOf(407)));
        assertThat(transitions.costUsd())
                .isEqualByComparingTo(runs.multiply(BigDecimal.valueOf(407))
                        .multiply(new BigDecimal("0.025"))
                        .divide(BigDecimal.valueOf(1000)));
        assertThat(line(fan, "lambda.requests").quantity())
                .as("200 shards, Plan, Merge, PlanNext")
                .isEqualByComparingTo(runs.multiply(BigDecimal.valueOf(203)));
        assertThat(fan.durationMs()).as("a 512 MB shard: 5,000 + 512 x 550").isEqualByComparingTo("286600");
    }

    @Test
    void fanoutRaisesConcurrencyWhenTenAtOnceMissTheHour() {
        Option fan = sweep.fanout(BigDecimal.valueOf(100 * 1024));

        // 200 shards of 286.6 s (+1.5 s INIT each wave): 20 waves at 10 at once is 96 min > 60 min.
        assertThat(fan.note()).contains("needs fanoutMaxConcurrency=");
        assertThat(fan.wallMs()).isLessThanOrEqualTo(BigDecimal.valueOf(3_600_000));
    }

    @Test
    void fanoutCostsMoreThanOneInvocationWhereBothFit() {
        for (long mb : new long[] {100, 1024, 5120}) {
            Row r = sweep.row(BigDecimal.valueOf(mb));

            assertThat(r.option(SizeSweepResult.FANOUT).perMonthUsd())
                    .as("fan-out at %d MB pays more INITs, requests and transitions", mb)
                    .isGreaterThan(r.option(SizeSweepResult.LAMBDA).perMonthUsd());
        }
    }

    @Test
    void ec2PicksTheCheapestTypeThatFinishesWithinTheHour() {
        Option ec2 = sweep.ec2(BigDecimal.valueOf(100 * 1024));

        // 4,000 + 102,400 x 550 / v <= 80 % of 55 min = 2,640,000  =>  v >= 21.4: 32 vCPU, c7g.8xlarge, whose
        // 15 Gbit/s reads the 100 GB in a minute
        assertThat(ec2.fits()).isTrue();
        assertThat(ec2.config()).startsWith("c7g.8xlarge");
        assertThat(ec2.durationMs()).isLessThanOrEqualTo(BigDecimal.valueOf(2_640_000));
        assertThat(ec2.note())
                .as("the limits that ruled out the cheaper types")
                .contains("cheaper types ruled out: ")
                .contains("t4g.nano (memory: 512 MiB < 300 MB for the OS and agents + 256 MB for the JVM)")
                .contains("c7g.4xlarge (time: ");
        assertThat(ec2.note())
                .as("the chosen type's figures the price book could not check against the docs")
                .contains("unverified in the price book: ")
                .contains("networkBurstGbps");
        Option small = sweep.ec2(BigDecimal.valueOf(100));
        assertThat(small.config())
                .as("a 100 MB hour: the smallest type whose memory holds OS, agents and JVM")
                .startsWith("t4g.micro");
        assertThat(small.note()).contains("t4g.nano (memory").doesNotContain("unverified");
    }

    @Test
    void anInstanceTypesSustainedNetworkRulesItOutWhenTheHourCannotBeReadInTime() {
        // 1 ms of CPU per MB: the network decides. 100 GB at t4g.xlarge's 1.024 Gbit/s (122 MB/s) takes 14 min, at
        // t4g.medium's 0.256 Gbit/s 56 min: over the planned 44 min.
        Workload fast = new Workload(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, false, "test");
        Option ec2 = new SizeSweep(book, hourly, fast).ec2(BigDecimal.valueOf(100 * 1024));

        assertThat(ec2.fits()).isTrue();
        assertThat(ec2.note())
                .contains("t4g.medium (network: reading 100 GB at its sustained 0.256 Gbit/s (bursts up to 5 last"
                        + " minutes) takes 55.9 min, over the planned 44 min (80 % of the 55 min timeout) of the"
                        + " runner (TimeoutStartSec))")
                .contains("t2.micro (network: the price book gives no sustained bandwidth");
        BigDecimal seconds =
                BigDecimal.valueOf(102_400L * (1 << 20) * 8).divide(new BigDecimal("0.256E9"), 1, RoundingMode.HALF_UP);
        assertThat(seconds).as("the same figure by hand, in s").isEqualByComparingTo("3355.4");
    }

    @Test
    void theRunnersUnitTimeoutIsTheOneInTheSystemdUnit() throws Exception {
        String unit =
                Files.readString(Path.of("..", "ec2-adapter", "src", "main", "install", "twinrun-run-due.service"));
        Matcher m = Pattern.compile("(?m)^TimeoutStartSec=(\\d+)min$").matcher(unit);

        assertThat(m.find()).as("TimeoutStartSec=<n>min in the unit").isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(SizeSweep.EC2_UNIT_TIMEOUT_MINUTES);
    }

    @Test
    void burstableInstancesPaySurplusCreditsAboveTheirBaseline() {
        Option ec2 = sweep.ec2(BigDecimal.valueOf(2048));

        assertThat(ec2.config()).startsWith("t4g.micro");
        CostLine surplus = line(ec2, "ec2.surplusCredits");
        BigDecimal runs = hourly.schedule().runsPerMonth();
        // used: 730 runs x (4,000 + 2,048 x 550) ms; baseline: 730 h x 10 % x 2 vCPU
        BigDecimal used = runs.multiply(BigDecimal.valueOf(4000 + 2048 * 550))
                .divide(BigDecimal.valueOf(3_600_000), 20, RoundingMode.HALF_UP);
        BigDecimal baseline =
                new BigDecimal("730").multiply(new BigDecimal("0.10")).multiply(BigDecimal.valueOf(2));
        assertThat(surplus.priceLineId()).isEqualTo("ec2.t4g.unlimited.vcpuHour");
        assertThat(surplus.quantity().setScale(6, RoundingMode.HALF_UP))
                .isEqualByComparingTo(used.subtract(baseline).setScale(6, RoundingMode.HALF_UP));
    }

    @Test
    void crossoversSitWhereTheCheaperVariantChanges() {
        SizeSweepResult r = sweep.run(SizeSweep.DEFAULT_SIZES_MB);

        assertThat(r.crossovers()).isNotEmpty();
        for (Crossover c : r.crossovers()) {
            Row before = sweep.row(c.sizeMb().subtract(BigDecimal.ONE));
            Row at = sweep.row(c.sizeMb());
            assertThat(before.option(c.cheaperBelow()).perMonthUsd())
                    .as("%s cheaper just below %s MB", c.cheaperBelow(), c.sizeMb())
                    .isLessThanOrEqualTo(before.option(c.cheaperAbove()).perMonthUsd());
            assertThat(at.option(c.cheaperAbove()).perMonthUsd())
                    .as("%s cheaper from %s MB", c.cheaperAbove(), c.sizeMb())
                    .isLessThanOrEqualTo(at.option(c.cheaperBelow()).perMonthUsd());
            assertThat(before.cheapest())
                    .as("cheapest just below %s MB", c.sizeMb())
                    .isEqualTo(c.cheaperBelow());
            assertThat(at.cheapest()).as("cheapest at %s MB", c.sizeMb()).isEqualTo(c.cheaperAbove());
        }
    }

    @Test
    void runReportsEverySizeEachVariantAndTheCurve() {
        SizeSweepResult r = sweep.run(List.of(BigDecimal.valueOf(100), BigDecimal.valueOf(100 * 1024)));

        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows())
                .allSatisfy(row -> assertThat(row.options())
                        .extracting(Option::variant)
                        .containsExactlyElementsOf(SizeSweepResult.VARIANTS));
        assertThat(r.rows().get(1).option(SizeSweepResult.LAMBDA).fits()).isFalse();
        assertThat(r.rows()).noneMatch(Row::measured);
        assertThat(r.firstLimits()).extracting(LimitHit::variant).containsExactlyElementsOf(SizeSweepResult.VARIANTS);
        assertThat(r.curve())
                .filteredOn(p -> p.variant().equals(SizeSweepResult.EC2))
                .hasSizeGreaterThan(10);
        assertThat(r.assumptions()).anyMatch(a -> a.contains("modelled"));
    }

    @Test
    void aMeasuredWorkloadMarksItsOwnSizeMeasured() {
        Workload w = Workload.measured(
                book,
                BigDecimal.valueOf(400),
                BigDecimal.valueOf(1100),
                BigDecimal.valueOf(900),
                1769,
                BigDecimal.valueOf(20),
                "test");
        SizeSweep s = new SizeSweep(book, hourly, w);

        SizeSweepResult r = s.run(List.of(BigDecimal.valueOf(20), BigDecimal.valueOf(1024)));

        assertThat(w.msPerMbPerVcpu()).as("400 ms / 20 MB at one vCPU").isEqualByComparingTo("20");
        assertThat(w.fixedMs()).as("a cold run's 700 ms more than a warm one").isEqualByComparingTo("700");
        assertThat(r.rows()).extracting(Row::measured).containsExactly(true, false);
    }

    @Test
    void theSingleLambdaIsRoundedUpOnceAsTheCostTableBillsIt() {
        // A fractional handler time and INIT: billed ceil(handler + INIT), not ceil(ceil(handler) + INIT).
        Workload w = new Workload(
                new BigDecimal("0.001"),
                new BigDecimal("1000.4"),
                new BigDecimal("0.7"),
                BigDecimal.ONE,
                false,
                "test");
        Option single = new SizeSweep(book, hourly, w).singleLambda(BigDecimal.ONE);

        BigDecimal once = single.durationMs().add(new BigDecimal("0.7")).setScale(0, RoundingMode.CEILING);
        BigDecimal twice = single.durationMs()
                .setScale(0, RoundingMode.CEILING)
                .add(new BigDecimal("0.7"))
                .setScale(0, RoundingMode.CEILING);
        assertThat(twice).as("this case tells the two apart").isGreaterThan(once);
        assertThat(single.lines())
                .filteredOn(l -> l.component().equals("lambda.duration"))
                .singleElement()
                .extracting(CostLine::note)
                .asString()
                .contains("billed " + once.toPlainString() + " ms");
    }

    @Test
    void s3BindsWhenParsingIsFasterThanAConnection() {
        Workload fast = new Workload(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, false, "test");
        Option single = new SizeSweep(book, hourly, fast).singleLambda(BigDecimal.valueOf(1024));

        // 1 ms/MB of CPU, but one connection reads 85 MB/s and Lambda is assumed to read 60 MB/s in all: 1,024 / 60 s
        BigDecimal expected = BigDecimal.valueOf(1024_000).divide(BigDecimal.valueOf(60), 3, RoundingMode.HALF_UP);
        assertThat(single.durationMs()).isEqualByComparingTo(expected);
        assertThat(single.note()).contains("network-bound").contains(SizeSweep.LAMBDA_NETWORK);
    }

    @Test
    void sizesAreCheckedAgainstTheModelsRange() {
        assertThatThrownBy(() -> SizeSweep.checkSizes(List.of(BigDecimal.valueOf(101 * 1024))))
                .hasMessageContaining("above 100 GB");
        assertThatThrownBy(() -> SizeSweep.checkSizes(List.of(BigDecimal.ZERO))).hasMessageContaining("positive");
        assertThat(SizeSweep.checkSizes(List.of(GB, BigDecimal.valueOf(100), GB)))
                .containsExactly(BigDecimal.valueOf(100), GB);
    }

    @Test
    void aScenarioWithoutDataSizeCannotBeSwept() {
        Scenario seed = Scenario.load("seed-2017").withPriceBook("aws-us-east-1-2026");

        assertThatThrownBy(() -> Workload.fromScenario(seed, book))
                .hasMessageContaining("seed-2017")
                .hasMessageContaining("run.msPerMb");
    }

    @Test
    void aBookWithoutLambdaLimitsSaysWhichLineIsMissing() {
        PriceBook seedBook = PriceBook.load("seed-2017");

        assertThatThrownBy(() -> new SizeSweep(seedBook, hourly, Workload.fromScenario(hourly, book)))
                .hasMessageContaining("seed-2017")
                .hasMessageContaining("lambda.limits.timeoutSeconds");
    }

    @Test
    void moreShardsThanOneStateHoldsAreRefused() {
        Scenario.Scale big = new Scenario.Scale(null, null, null, 600, null, null, null, null, null);

        assertThatThrownBy(() -> new SizeSweep(book, hourly.withScale(big), Workload.fromScenario(hourly, book)))
                .hasMessageContaining("scale.maxShards 600")
                .hasMessageContaining("stepfunctions.limits.stateKb");
    }

    private static CostLine line(Option o, String component) {
        return o.lines().stream()
                .filter(l -> l.component().equals(component))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + component + " line in " + o.lines()));
    }
}
