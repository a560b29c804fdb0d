package dev.twinrun.benchmarks.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.measure.Arrival;
import dev.twinrun.benchmarks.measure.ArrivalExperiment;
import dev.twinrun.benchmarks.measure.Trigger;
import dev.twinrun.benchmarks.report.FreshnessSummary;
import dev.twinrun.benchmarks.report.FreshnessText;
import dev.twinrun.benchmarks.report.FreshnessWriter;
import dev.twinrun.benchmarks.stats.TriggerRun;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.VariantCost;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshnessTest {
    @TempDir
    Path tmp;

    private static TriggerRun lambda(Trigger t, int invocations, double ms, List<Double> tti) {
        return lambda(t, invocations, ms, tti, null);
    }

    private static TriggerRun lambda(
            Trigger t, int invocations, double ms, List<Double> tti, java.util.Map<String, Long> requests) {
        return new TriggerRun(
                t.id(),
                t.label(),
                "lambda",
                1769,
                null,
                2,
                invocations,
                4_000_000L,
                java.util.Collections.nCopies(invocations, ms),
                tti,
                List.of(0.0, 0.0),
                0,
                0,
                requests,
                null);
    }

    private static ArrivalExperiment.Result result() {
        return new ArrivalExperiment.Result(
                Path.of("arrival.json"),
                Arrival.parse("spread"),
                3,
                600,
                List.of("2026-01-05T00", "2026-01-05T01"),
                List.of(
                        lambda(Trigger.LAMBDA_S3_EVENT, 6, 800, List.of(1_200.0, 1_600.0)),
                        lambda(Trigger.LAMBDA_COMPLETE, 2, 2_000, List.of(2_000.0, 2_400.0)),
                        lambda(Trigger.LAMBDA_SCHEDULE, 3, 1_400, List.of(301_400.0, 301_500.0)),
                        new TriggerRun(
                                Trigger.EC2_CRON.id(),
                                Trigger.EC2_CRON.label(),
                                "ec2",
                                1024,
                                "t4g.micro",
                                2,
                                3,
                                4_000_000L,
                                List.of(6_000.0, 6_000.0, 6_000.0),
                                List.of(307_000.0, 307_000.0),
                                List.of(301_000.0, 301_000.0),
                                0,
                                0,
                                null,
                                null)),
                1_000);
    }

    @Test
    void anEventTriggerSaysHowMuchOfItsTimeWasQueuedBehindTheOneEnvironment() {
        TriggerRun waited = new TriggerRun(
                Trigger.LAMBDA_COMPLETE.id(),
                Trigger.LAMBDA_COMPLETE.label(),
                "lambda",
                1769,
                null,
                2,
                4,
                4_000_000L,
                List.of(900.0, 900.0, 900.0, 900.0),
                List.of(3_000.0, 5_000.0),
                List.of(1_000.0, 3_000.0),
                0,
                0,
                null,
                null);
        assertThat(Freshness.queued(waited))
                .contains("p50 2000 ms, p90 2800 ms was the publishing event waiting")
                .contains("reserved concurrency");
        assertThat(Freshness.queued(lambda(Trigger.LAMBDA_COMPLETE, 2, 2_000, List.of(2_000.0, 2_400.0))))
                .as("no event waited")
                .isEmpty();
        TriggerRun schedule = lambda(Trigger.LAMBDA_SCHEDULE, 3, 1_400, List.of(301_400.0, 301_500.0));
        assertThat(Freshness.queued(new TriggerRun(
                        schedule.trigger(),
                        schedule.label(),
                        "lambda",
                        1769,
                        null,
                        2,
                        3,
                        4_000_000L,
                        schedule.invocationMs(),
                        schedule.timeToInsightMs(),
                        List.of(300_000.0, 300_000.0),
                        0,
                        0,
                        null,
                        null)))
                .as("a schedule's wait is for the schedule, not a queue")
                .isEmpty();
    }

    @Test
    void everyTriggerIsPricedWithItsInvocationsAndTheVerdictNamesCheapestFreshestAndWithin() {
        FreshnessSummary f = Freshness.summarize(result(), Scenario.load("hourly-2026"), 600_000L);

        assertThat(f.rows())
                .extracting(FreshnessSummary.Row::id)
                .containsExactly(
                        "lambda-s3-event",
                        "lambda-complete-marker",
                        "lambda-schedule",
                        "ec2-cron",
                        "ec2-per-run",
                        "fargate");
        FreshnessSummary.Row perEvent = f.row("lambda-s3-event");
        FreshnessSummary.Row complete = f.row("lambda-complete-marker");
        assertThat(perEvent.invocationsPerHour()).isEqualByComparingTo("3");
        assertThat(complete.invocationsPerHour()).isEqualByComparingTo("1");
        assertThat(perEvent.bytesReadPerHour()).isEqualTo(2_000_000L);
        assertThat(perEvent.perMonthUsd())
                .as("three invocations an hour cost more than one of the same kind")
                .isGreaterThan(f.row("lambda-schedule").perMonthUsd());
        assertThat(perEvent.p50Ms()).isEqualByComparingTo("1400");
        assertThat(perEvent.p90Ms()).isEqualByComparingTo("1560");
        assertThat(f.row("ec2-per-run").modelledMs()).isGreaterThan(BigDecimal.ZERO);
        assertThat(f.row("ec2-per-run").p50Ms())
                .isEqualByComparingTo(
                        f.row("ec2-cron").p50Ms().add(f.row("ec2-per-run").modelledMs()));
        assertThat(f.row("fargate").p50Ms()).isGreaterThan(f.row("ec2-cron").p50Ms());

        FreshnessSummary.Row cheapest = f.rows().stream()
                .min(java.util.Comparator.comparing(FreshnessSummary.Row::perMonthUsd))
                .orElseThrow();
        assertThat(f.cheapest()).isEqualTo(cheapest.id());
        assertThat(f.freshest()).isEqualTo("lambda-s3-event");
        assertThat(f.row(f.cheapestWithin()).p90Ms()).isLessThanOrEqualTo(BigDecimal.valueOf(600_000));

        FreshnessSummary strict = Freshness.summarize(result(), Scenario.load("hourly-2026"), 2_000L);
        assertThat(strict.cheapestWithin()).isEqualTo("lambda-s3-event");
        FreshnessSummary none = Freshness.summarize(result(), Scenario.load("hourly-2026"), 100L);
        assertThat(none.cheapestWithin()).isNull();
        assertThat(FreshnessText.verdict(none)).last().asString().contains("no trigger");
        assertThat(Freshness.summarize(result(), Scenario.load("hourly-2026"), null)
                        .cheapestWithin())
                .isNull();
    }

    @Test
    void aMeasuredBilledTimeIsNotBilledTheScenariosModelledInitAgain() {
        Scenario scenario = Scenario.load("hourly-2026");
        assertThat(scenario.run().initMs()).as("the scenario models an INIT").isPositive();
        CostModel model = new CostModel(PriceBook.load(scenario.priceBook()));
        BigDecimal gbSeconds =
                model.lambda(Freshness.measuredBilled(scenario, new BigDecimal("1400"))).monthlyLines().stream()
                        .filter(l -> l.component().equals("lambda.duration"))
                        .findFirst()
                        .orElseThrow()
                        .quantity();
        assertThat(gbSeconds)
                .as("runs x 1.4 s x 1,769 MB, the measured billed time alone")
                .isEqualByComparingTo(scenario.schedule()
                        .runsPerMonth()
                        .multiply(new BigDecimal("1.4"))
                        .multiply(BigDecimal.valueOf(1769))
                        .divide(BigDecimal.valueOf(1024), java.math.MathContext.DECIMAL128));
    }

    @Test
    void theFanOutIsPricedFromItsMeasuredExecutions() {
        TriggerRun fan = new TriggerRun(
                Trigger.LAMBDA_FANOUT.id(),
                Trigger.LAMBDA_FANOUT.label(),
                "lambda",
                1769,
                null,
                2,
                8,
                2_000_000L,
                List.of(1_500.0, 1_800.0, 2_200.0, 300.0, 1_400.0, 1_700.0, 2_100.0, 300.0),
                List.of(305_000.0, 306_000.0),
                List.of(300_000.0, 300_000.0),
                0,
                0,
                java.util.Map.of("GET", 10L, "PUT", 8L, "LIST", 4L),
                java.util.Map.of(
                        "executions", 2L,
                        "transitions", 14L,
                        "childExecutions", 2L,
                        "plan", 4L,
                        "shard", 2L,
                        "merge", 2L));
        ArrivalExperiment.Result r = new ArrivalExperiment.Result(
                tmp.resolve("arrival.json"),
                Arrival.parse("spread"),
                3,
                600,
                List.of("2026-01-05T00", "2026-01-05T01"),
                List.of(fan),
                1_000);
        Scenario scenario = Scenario.load("hourly-2026");
        FreshnessSummary.Row row = Freshness.summarize(r, scenario, null).row("lambda-fanout");

        assertThat(row.invocationsPerHour()).as("8 invocations over 2 hours").isEqualByComparingTo("4");
        assertThat(row.p50Ms()).isEqualByComparingTo("305500");
        assertThat(row.note())
                .contains("2 execution(s) of the state machine over 2 hour(s): 4 Plan/PlanNext, 2 Shard, 2 Merge")
                .contains("14 parent state transition(s), 2 Map item(s)");
        CostModel model = new CostModel(PriceBook.load(scenario.priceBook()));
        Freshness.Requests req = Freshness.Requests.of(fan, scenario, PriceBook.load(scenario.priceBook()));
        VariantCost priced = model.lambdaFanout(
                req.scenario().withArch(dev.twinrun.benchmarks.measure.ExperimentSettings.hostArch()),
                Freshness.measuredFanout(fan));
        assertThat(row.perMonthUsd()).isEqualByComparingTo(priced.perMonthUsd().add(req.perMonthUsd()));
        CostLine duration = priced.monthlyLines().stream()
                .filter(l -> l.component().equals("lambda.duration"))
                .findFirst()
                .orElseThrow();
        assertThat(duration.quantity())
                .as("11,300 ms billed over 2 hours: 5.65 s an hour x 1,769 MB, every hour of the month")
                .isEqualByComparingTo(scenario.schedule()
                        .runsPerMonth()
                        .multiply(new BigDecimal("5.65"))
                        .multiply(BigDecimal.valueOf(1769))
                        .divide(BigDecimal.valueOf(1024), java.math.MathContext.DECIMAL128));
    }

    @Test
    void moreInvocationsAnHourKeepTheSameDataInTheBucket() {
        Scenario scenario = Scenario.load("hourly-2026");
        CostModel model = new CostModel(PriceBook.load(scenario.priceBook()));
        BigDecimal nineteen = BigDecimal.valueOf(19);
        Scenario many = scenario.withRunsPerDay(scenario.schedule().runsPerDay().multiply(nineteen));

        BigDecimal once = storedGb(model.lambda(scenario));
        BigDecimal naive = storedGb(model.lambda(many));
        BigDecimal kept = storedGb(model.lambda(Freshness.sameDataKept(many, scenario, nineteen)));

        assertThat(naive)
                .as("runs a day x input per run counts the hour 19 times")
                .isGreaterThan(once);
        assertThat(kept)
                .as("19 invocations of the same hour keep one hour of input")
                .isEqualByComparingTo(once);
        assertThat(Freshness.sameDataKept(scenario, scenario, BigDecimal.ONE)).isSameAs(scenario);
    }

    /** The input kept in the data bucket: the largest storage line (the access logs' line is the other). */
    private static BigDecimal storedGb(VariantCost cost) {
        return cost.monthlyLines().stream()
                .filter(l -> l.component().equals("deploy.s3.storage"))
                .map(CostLine::quantity)
                .max(BigDecimal::compareTo)
                .orElseThrow();
    }

    @Test
    void measuredS3RequestsArePricedPerHourOfDataInsteadOfTheScenariosAssumption() {
        // 2 hours: 2,000 GETs, 200 partial PUTs, 40 partial GETs, 100 LISTs, 10 DELETEs (free)
        java.util.Map<String, Long> requests =
                java.util.Map.of("GET", 2_000L, "partials.PUT", 200L, "partials.GET", 40L, "LIST", 100L, "DELETE", 10L);
        ArrivalExperiment.Result base = result();
        List<TriggerRun> runs = new java.util.ArrayList<>(base.runs());
        runs.set(0, lambda(Trigger.LAMBDA_S3_EVENT, 6, 800, List.of(1_200.0, 1_600.0), requests));
        ArrivalExperiment.Result counted = new ArrivalExperiment.Result(
                base.file(), base.arrival(), base.filesPerHour(), base.timescale(), base.hours(), runs, base.wallMs());
        Scenario scenario = Scenario.load("hourly-2026");
        FreshnessSummary.Row modelled =
                Freshness.summarize(base, scenario, null).row("lambda-s3-event");
        FreshnessSummary.Row measured =
                Freshness.summarize(counted, scenario, null).row("lambda-s3-event");

        assertThat(modelled.s3RequestsPerHour()).isEmpty();
        assertThat(modelled.note()).contains("per-run assumption, modelled");
        assertThat(measured.s3RequestsPerHour())
                .containsEntry("GET", new BigDecimal("1000.000"))
                .containsEntry("partials.PUT", new BigDecimal("100.000"));
        assertThat(measured.s3RequestsTotalPerHour()).isEqualByComparingTo("1175");
        // per hour of data: 1,020 GETs at $0.0004/1000, 100 PUTs and 50 LISTs at $0.005/1000; 730 hours a month
        BigDecimal hours = scenario.schedule().runsPerMonth();
        BigDecimal expected = new BigDecimal("1020")
                .multiply(new BigDecimal("0.0004"))
                .add(new BigDecimal("150").multiply(new BigDecimal("0.005")))
                .divide(new BigDecimal("1000"))
                .multiply(hours);
        assertThat(measured.s3RequestsUsd())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(new BigDecimal("0.000001")));
        // the scenario's 3 GET + 6 PUT + 2 LIST per invocation are replaced by the measured ones
        BigDecimal assumed = new BigDecimal("3")
                .multiply(new BigDecimal("0.0004"))
                .add(new BigDecimal("8").multiply(new BigDecimal("0.005")))
                .divide(new BigDecimal("1000"))
                .multiply(hours)
                .multiply(new BigDecimal("3"));
        assertThat(measured.perMonthUsd())
                .isCloseTo(
                        modelled.perMonthUsd().subtract(assumed).add(expected),
                        org.assertj.core.data.Offset.offset(new BigDecimal("0.001"))); // the lines round apart
        assertThat(measured.note()).contains("S3 requests measured: 1175/hour (120 of them under _partials/)");
        assertThat(FreshnessText.markdown(Freshness.summarize(counted, scenario, null)))
                .contains("| 1175.0 (120.0 partials) |");
    }

    @Test
    void theSectionIsAddedToTheMarkdownAndHtmlReports() throws Exception {
        Files.writeString(tmp.resolve("report.md"), "# report\n");
        Files.writeString(tmp.resolve("report.html"), "<html><body><h1>report</h1>\n</body></html>\n");
        FreshnessSummary f = Freshness.summarize(result(), Scenario.load("hourly-2026"), 600_000L);

        List<Path> files = FreshnessWriter.write(tmp, f);

        assertThat(files).hasSize(3);
        String md = Files.readString(tmp.resolve("report.md"));
        assertThat(md).startsWith("# report\n").contains("## Cost vs time to insight", "| Lambda per S3 event |");
        assertThat(md).contains("cheapest fresh within 10.0 min (p90)");
        String html = Files.readString(tmp.resolve("report.html"));
        assertThat(html)
                .contains("id=\"chart-cost-vs-freshness\"", "data-trigger=\"fargate\"")
                .endsWith("</body></html>\n");
        assertThat(html.indexOf("cost-vs-freshness")).isLessThan(html.indexOf("</body>"));
        assertThat(Files.readString(tmp.resolve(FreshnessWriter.JSON))).contains("\"cheapestWithin\"");
    }
}
