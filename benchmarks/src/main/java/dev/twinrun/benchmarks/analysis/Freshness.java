package dev.twinrun.benchmarks.analysis;

import dev.twinrun.benchmarks.measure.ArrivalExperiment;
import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.Trigger;
import dev.twinrun.benchmarks.report.FreshnessSummary;
import dev.twinrun.benchmarks.report.FreshnessSummary.Row;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.benchmarks.stats.TriggerRun;
import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.FargateTask;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prices each trigger of an arrival experiment and reads its time to insight: the measured triggers as run, EC2 per
 * run and Fargate from the cron tick plus their modelled start-up. Monthly cost = the scenario priced with the
 * trigger's invocations per hour (the scenario's runs per day times invocations per hour) and its mean measured
 * invocation time.
 */
public final class Freshness {
    private Freshness() {}

    /** The summary of {@code r} priced in {@code scenario}; {@code freshWithinMs} the user's target, or null. */
    public static FreshnessSummary summarize(ArrivalExperiment.Result r, Scenario scenario, Long freshWithinMs) {
        CostModel model = new CostModel(PriceBook.load(scenario.priceBook()));
        String host = ExperimentSettings.hostArch();
        List<Row> rows = new ArrayList<>();
        TriggerRun cron = null;
        for (TriggerRun t : r.runs()) {
            if (t.trigger().equals(Trigger.EC2_CRON.id())) {
                cron = t;
            }
            BigDecimal perHour = perHour(t);
            BigDecimal meanMs = mean(t.invocationMs());
            Scenario s = scenario.withDurationMs(meanMs)
                    .withRunsPerDay(scenario.schedule().runsPerDay().multiply(perHour));
            boolean lambda = t.instanceType() == null;
            BigDecimal usd = lambda
                    ? model.lambda(s.withMemoryMb(t.memoryMb()).withArch(host)).perMonthUsd()
                    : model.ec2AlwaysOn(s.withInstanceType(t.instanceType())).perMonthUsd();
            String note = lambda
                    ? "measured: " + t.invocations() + " invocation(s) over " + t.hours() + " hour(s), mean billed "
                            + Money.plain(meanMs, 0) + " ms (INIT included when cold)"
                    : "measured: " + t.invocations() + " run-due tick(s) over " + t.hours() + " hour(s), mean "
                            + Money.plain(meanMs, 0) + " ms per JVM; priced always on";
            rows.add(row(
                    t,
                    lambda ? "Lambda " + t.memoryMb() + " MB " + host : "EC2 " + t.instanceType(),
                    perHour,
                    BigDecimal.ZERO,
                    usd,
                    note));
        }
        if (cron != null) {
            BigDecimal meanMs = mean(cron.invocationMs());
            Scenario s = scenario.withDurationMs(meanMs).withInstanceType(cron.instanceType());
            BigDecimal bootMs = s.ec2().bootSeconds().multiply(BigDecimal.valueOf(1000));
            rows.add(row(
                    derived(cron, Trigger.EC2_PER_RUN),
                    "EC2 " + cron.instanceType(),
                    BigDecimal.ONE,
                    bootMs,
                    model.ec2PerRun(s).perMonthUsd(),
                    "the cron tick's measured time + boot "
                            + Money.plain(s.ec2().bootSeconds(), 0)
                            + " s, modelled (ec2.assumption.bootSeconds or the scenario's ec2.bootSeconds)"));
            FargateTask task = FargateTask.DEFAULT.withDurationMs(meanMs);
            BigDecimal pullS = model.fargateImagePullSeconds(task);
            rows.add(row(
                    derived(cron, Trigger.FARGATE),
                    "Fargate " + Money.plain(task.vcpu(), 0) + " vCPU " + Money.plain(task.memoryGb(), 0) + " GB",
                    BigDecimal.ONE,
                    pullS.multiply(BigDecimal.valueOf(1000)),
                    model.fargate(s, task).perMonthUsd(),
                    "the cron tick's measured time + image pull " + Money.plain(pullS, 0)
                            + " s, modelled (fargate.assumption.imagePullSeconds); the tick's JVM is the EC2 shape's"));
        }
        Row cheapest = rows.stream().min(Comparator.comparing(Row::perMonthUsd)).orElse(null);
        Row freshest = rows.stream()
                .filter(x -> x.p50Ms() != null)
                .min(Comparator.comparing(Row::p50Ms))
                .orElse(null);
        Row within = freshWithinMs == null
                ? null
                : rows.stream()
                        .filter(x -> x.p90Ms() != null
                                && x.unpublishedHours() == 0
                                && x.p90Ms().compareTo(BigDecimal.valueOf(freshWithinMs)) <= 0)
                        .min(Comparator.comparing(Row::perMonthUsd))
                        .orElse(null);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "arrivals on a compressed clock (%s simulated seconds per real second): waits for a schedule count"
                        + " uncompressed, runs as measured; event triggers share one execution environment, so an"
                        + " event that lands while a run is busy waits for it",
                Money.plain(BigDecimal.valueOf(r.timescale()), 3)));
        notes.add("time to insight = from the hour's last file landing to the end of the first run whose published"
                + " manifest (_SUCCESS) names that file; p50/p90 over "
                + r.hours().size() + " hour(s)");
        notes.add("monthly cost: scenario " + scenario.name() + " with each trigger's invocations per hour and mean"
                + " measured invocation time; the schedule triggers run once an hour whatever the files");
        return new FreshnessSummary(
                r.arrival().label(),
                r.arrival().describe(r.filesPerHour()),
                r.filesPerHour(),
                r.timescale(),
                r.hours().size(),
                freshWithinMs,
                rows,
                cheapest == null ? null : cheapest.id(),
                freshest == null ? null : freshest.id(),
                within == null ? null : within.id(),
                notes);
    }

    /** The cron tick's run as another scheduled trigger would see it (same ticks, same waits). */
    private static TriggerRun derived(TriggerRun cron, Trigger t) {
        return new TriggerRun(
                t.id(),
                t.label(),
                cron.platform(),
                cron.memoryMb(),
                cron.instanceType(),
                cron.hours(),
                cron.invocations(),
                cron.bytesRead(),
                cron.invocationMs(),
                cron.timeToInsightMs(),
                cron.scheduleWaitMs(),
                cron.unpublishedHours(),
                cron.failed());
    }

    private static Row row(
            TriggerRun t, String variant, BigDecimal perHour, BigDecimal modelledMs, BigDecimal usd, String note) {
        double[] tti = t.timeToInsightMs().stream()
                .mapToDouble(d -> d + modelledMs.doubleValue())
                .sorted()
                .toArray();
        return new Row(
                t.trigger(),
                t.label(),
                variant,
                perHour,
                t.hours() == 0 ? 0 : t.bytesRead() / t.hours(),
                tti.length == 0 ? null : ms(StatsCalculator.percentile(tti, 0.50)),
                tti.length == 0 ? null : ms(StatsCalculator.percentile(tti, 0.90)),
                modelledMs,
                usd,
                t.unpublishedHours(),
                note);
    }

    /** Invocations per hour: the event triggers' as counted, one for a schedule (it fires every hour). */
    static BigDecimal perHour(TriggerRun t) {
        if (t.trigger().equals(Trigger.LAMBDA_SCHEDULE.id()) || t.trigger().equals(Trigger.EC2_CRON.id())) {
            return BigDecimal.ONE;
        }
        return BigDecimal.valueOf(t.invocations())
                .divide(BigDecimal.valueOf(Math.max(1, t.hours())), 3, RoundingMode.HALF_UP);
    }

    private static BigDecimal mean(List<Double> v) {
        if (v.isEmpty()) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(v.stream().mapToDouble(Double::doubleValue).sum())
                .divide(BigDecimal.valueOf(v.size()), MathContext.DECIMAL64)
                .setScale(0, RoundingMode.HALF_UP);
    }

    private static BigDecimal ms(double d) {
        return BigDecimal.valueOf(d).setScale(0, RoundingMode.HALF_UP);
    }
}
