package dev.twinrun.benchmarks.analysis;

import dev.twinrun.benchmarks.measure.ArrivalExperiment;
import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.S3RequestCounter;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices each trigger of an arrival experiment and reads its time to insight: the measured triggers as run, EC2 per
 * run and Fargate from the cron tick plus their modelled start-up. Monthly cost = the scenario priced with the
 * trigger's invocations per hour (the scenario's runs per day times invocations per hour) and its mean measured
 * invocation time; the fan-out from its measured executions ({@link #measuredFanout}).
 */
public final class Freshness {
    private Freshness() {}

    /** The summary of {@code r} priced in {@code scenario}; {@code freshWithinMs} the user's target, or null. */
    public static FreshnessSummary summarize(ArrivalExperiment.Result r, Scenario scenario, Long freshWithinMs) {
        PriceBook book = PriceBook.load(scenario.priceBook());
        CostModel model = new CostModel(book);
        String host = ExperimentSettings.hostArch();
        List<Row> rows = new ArrayList<>();
        TriggerRun cron = null;
        for (TriggerRun t : r.runs()) {
            if (t.trigger().equals(Trigger.EC2_CRON.id())) {
                cron = t;
            }
            BigDecimal perHour = perHour(t);
            BigDecimal meanMs = mean(t.invocationMs());
            Requests req = Requests.of(t, scenario, book);
            Scenario s = sameDataKept(
                    req.scenario()
                            .withDurationMs(meanMs)
                            .withRunsPerDay(scenario.schedule().runsPerDay().multiply(perHour)),
                    scenario,
                    perHour);
            boolean lambda = t.instanceType() == null;
            if (t.trigger().equals(Trigger.LAMBDA_FANOUT.id())) {
                CostModel.MeasuredFanout m = measuredFanout(t);
                rows.add(row(
                        t,
                        "Lambda fan-out " + t.memoryMb() + " MB " + host,
                        perHour,
                        BigDecimal.ZERO,
                        model.lambdaFanout(req.scenario().withArch(host), m)
                                .perMonthUsd()
                                .add(req.perMonthUsd()),
                        req,
                        "measured: " + m.measuredOn() + queued(t) + "; " + req.note()));
                continue;
            }
            BigDecimal usd = lambda
                    ? model.lambda(measuredBilled(s, meanMs)
                                    .withMemoryMb(t.memoryMb())
                                    .withArch(host))
                            .perMonthUsd()
                    : model.ec2AlwaysOn(s.withInstanceType(t.instanceType())).perMonthUsd();
            String note = (lambda
                            ? "measured: " + t.invocations() + " invocation(s) over " + t.hours()
                                    + " hour(s), mean billed " + Money.plain(meanMs, 0)
                                    + " ms (INIT included when cold)"
                                    + (Trigger.of(t.trigger())
                                                    .filter(Trigger::debounced)
                                                    .isPresent()
                                            ? ", the debounce rule's ticks every 5 min included"
                                            : "")
                                    + queued(t)
                            : "measured: " + t.invocations() + " run-due tick(s) over " + t.hours() + " hour(s), mean "
                                    + Money.plain(meanMs, 0) + " ms per JVM; priced always on")
                    + "; " + req.note();
            rows.add(row(
                    t,
                    lambda ? "Lambda " + t.memoryMb() + " MB " + host : "EC2 " + t.instanceType(),
                    perHour,
                    BigDecimal.ZERO,
                    usd.add(req.perMonthUsd()),
                    req,
                    note));
        }
        if (cron != null) {
            BigDecimal meanMs = mean(cron.invocationMs());
            Requests req = Requests.of(cron, scenario, book);
            Scenario s = req.scenario().withDurationMs(meanMs).withInstanceType(cron.instanceType());
            BigDecimal bootMs = s.ec2().bootSeconds().multiply(BigDecimal.valueOf(1000));
            rows.add(row(
                    derived(cron, Trigger.EC2_PER_RUN),
                    "EC2 " + cron.instanceType(),
                    BigDecimal.ONE,
                    bootMs,
                    model.ec2PerRun(s).perMonthUsd().add(req.perMonthUsd()),
                    req,
                    "the cron tick's measured time + boot "
                            + Money.plain(s.ec2().bootSeconds(), 0)
                            + " s, modelled (ec2.assumption.bootSeconds or the scenario's ec2.bootSeconds); "
                            + req.note()));
            FargateTask task = FargateTask.DEFAULT.withDurationMs(meanMs);
            BigDecimal pullS = model.fargateImagePullSeconds(task);
            rows.add(row(
                    derived(cron, Trigger.FARGATE),
                    "Fargate " + Money.plain(task.vcpu(), 0) + " vCPU " + Money.plain(task.memoryGb(), 0) + " GB",
                    BigDecimal.ONE,
                    pullS.multiply(BigDecimal.valueOf(1000)),
                    model.fargate(s, task).perMonthUsd().add(req.perMonthUsd()),
                    req,
                    "the cron tick's measured time + image pull " + Money.plain(pullS, 0)
                            + " s, modelled (fargate.assumption.imagePullSeconds); the tick's JVM is the EC2 shape's; "
                            + req.note()));
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
        notes.add("S3 requests: as each trigger's processes made them (counted in front of the embedded S3 server:"
                + " input and partial GETs, partial and output PUTs, the LISTs of every run and debounce tick), per"
                + " hour of data, priced with s3.requests.get (GET, HEAD), s3.requests.put and s3.requests.list"
                + " (DELETE is free) instead of the scenario's per-run assumption; a trigger whose requests were not"
                + " counted keeps that assumption (modelled)");
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
                cron.failed(),
                cron.s3Requests(),
                null);
    }

    private static Row row(
            TriggerRun t,
            String variant,
            BigDecimal perHour,
            BigDecimal modelledMs,
            BigDecimal usd,
            Requests req,
            String note) {
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
                req.perHour(),
                req.perMonthUsd(),
                note);
    }

    /**
     * A trigger's S3 requests per hour of data and their monthly cost, as measured ({@link TriggerRun#s3Requests});
     * when they were not counted, none here and the scenario's per-run assumption stays in {@link #scenario}.
     *
     * @param scenario    the scenario to price the rest with: its per-run S3 request assumption zeroed when the
     *                    requests were measured
     * @param perHour     requests per hour of data by kind ({@code GET}, {@code partials.PUT}, ...); empty when not
     *                    counted
     * @param perMonthUsd their monthly cost at the scenario's hours per month
     * @param note        what it rests on
     */
    record Requests(Scenario scenario, Map<String, BigDecimal> perHour, BigDecimal perMonthUsd, String note) {
        static Requests of(TriggerRun t, Scenario scenario, PriceBook book) {
            if (t.s3Requests() == null) {
                return new Requests(
                        scenario,
                        Map.of(),
                        BigDecimal.ZERO,
                        "S3 requests not counted: the scenario's per-run assumption, modelled");
            }
            int hours = Math.max(1, t.hours());
            Map<String, BigDecimal> perHour = new TreeMap<>();
            t.s3Requests()
                    .forEach((k, v) -> perHour.put(
                            k, BigDecimal.valueOf(v).divide(BigDecimal.valueOf(hours), 3, RoundingMode.HALF_UP)));
            BigDecimal dataHours = scenario.schedule().runsPerMonth();
            BigDecimal usd = BigDecimal.ZERO;
            for (Map.Entry<String, Long> e : t.s3Requests().entrySet()) {
                String kind = e.getKey().startsWith(S3RequestCounter.PARTIALS)
                        ? e.getKey().substring(S3RequestCounter.PARTIALS.length())
                        : e.getKey();
                String line = switch (kind) {
                    case S3RequestCounter.GET, S3RequestCounter.HEAD -> "s3.requests.get";
                    case S3RequestCounter.PUT -> "s3.requests.put";
                    case S3RequestCounter.LIST -> "s3.requests.list";
                    default -> null; // DELETE: free
                };
                if (line != null) {
                    BigDecimal monthly = BigDecimal.valueOf(e.getValue())
                            .multiply(dataHours)
                            .divide(BigDecimal.valueOf(hours), MathContext.DECIMAL64);
                    usd = usd.add(book.line(line).costOf(monthly));
                }
            }
            Scenario.Hidden h = scenario.hidden();
            Scenario without = scenario.withHidden(new Scenario.Hidden(h.logBytesPerRun(), 0L, 0L, 0L));
            long partials = t.s3Requests().entrySet().stream()
                    .filter(e -> e.getKey().startsWith(S3RequestCounter.PARTIALS))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            long all =
                    t.s3Requests().values().stream().mapToLong(Long::longValue).sum();
            String note = "S3 requests measured: "
                    + Money.plain(BigDecimal.valueOf(all).divide(BigDecimal.valueOf(hours), 1, RoundingMode.HALF_UP), 1)
                    + "/hour ("
                    + Money.plain(
                            BigDecimal.valueOf(partials).divide(BigDecimal.valueOf(hours), 1, RoundingMode.HALF_UP), 1)
                    + " of them under _partials/), " + Money.format(usd) + "/month";
            return new Requests(without, perHour, usd, note);
        }
    }

    /**
     * {@code s} with each run billed {@code meanMs} as measured: a measured Billed Duration already includes the INIT of
     * a cold invocation, so the scenario's modelled INIT ({@code run.initMs}) is not added to it again.
     */
    static Scenario measuredBilled(Scenario s, BigDecimal meanMs) {
        Scenario.Run r = s.withDurationMs(meanMs).run();
        return s.withDurationMs(meanMs)
                .withRun(new Scenario.Run(
                        meanMs, null, BigDecimal.ZERO, r.coldStartShare(), r.dataSizeMb(), r.msPerMb()));
    }

    /** The fan-out trigger's executions per hour of data, as the harness stepped them ({@link TriggerRun#stateMachine}). */
    static CostModel.MeasuredFanout measuredFanout(TriggerRun t) {
        Map<String, Long> m = t.stateMachine() == null ? Map.of() : t.stateMachine();
        BigDecimal hours = BigDecimal.valueOf(Math.max(1, t.hours()));
        BigDecimal billed = BigDecimal.valueOf(
                t.invocationMs().stream().mapToDouble(Double::doubleValue).sum());
        java.util.function.Function<String, BigDecimal> perHour =
                k -> BigDecimal.valueOf(m.getOrDefault(k, 0L)).divide(hours, MathContext.DECIMAL64);
        String shape = String.format(
                Locale.ROOT,
                "%d execution(s) of the state machine over %d hour(s): %d Plan/PlanNext, %d Shard, %d Merge"
                        + " invocation(s), mean billed %s ms (INIT included when cold: every execution starts cold),"
                        + " %d parent state transition(s), %d Map item(s)",
                m.getOrDefault("executions", 0L),
                t.hours(),
                m.getOrDefault("plan", 0L),
                m.getOrDefault("shard", 0L),
                m.getOrDefault("merge", 0L),
                Money.plain(mean(t.invocationMs()), 0),
                m.getOrDefault("transitions", 0L),
                m.getOrDefault("childExecutions", 0L));
        return new CostModel.MeasuredFanout(
                t.memoryMb(),
                BigDecimal.valueOf(t.invocations()).divide(hours, MathContext.DECIMAL64),
                billed.divide(hours, MathContext.DECIMAL64),
                perHour.apply("transitions"),
                perHour.apply("childExecutions"),
                shape);
    }

    /** Invocations per hour: the event triggers' as counted, one for a schedule (it fires every hour). */
    static BigDecimal perHour(TriggerRun t) {
        if (t.trigger().equals(Trigger.LAMBDA_SCHEDULE.id()) || t.trigger().equals(Trigger.EC2_CRON.id())) {
            return BigDecimal.ONE;
        }
        return BigDecimal.valueOf(t.invocations())
                .divide(BigDecimal.valueOf(Math.max(1, t.hours())), 3, RoundingMode.HALF_UP);
    }

    /**
     * For an event trigger whose publishing invocations waited for the harness's one environment: how much of the
     * time to insight that was (p50, p90), and what AWS would do instead; empty when none waited.
     */
    static String queued(TriggerRun t) {
        boolean event = Trigger.of(t.trigger()).filter(Trigger::eventDriven).isPresent();
        double[] w = t.scheduleWaitMs().stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (!event || w.length == 0 || w[w.length - 1] <= 0) {
            return "";
        }
        return "; of the time to insight, p50 " + ms(StatsCalculator.percentile(w, 0.50)) + " ms, p90 "
                + ms(StatsCalculator.percentile(w, 0.90)) + " ms was the publishing event waiting for the harness's one"
                + " execution environment to finish the invocation before it (on the compressed clock events come"
                + " closer together than in real time); on AWS such an event gets another environment, up to the"
                + " function's reserved concurrency, and pays a cold start (INIT) instead";
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

    /**
     * {@code priced} with the data bucket keeping what {@code base} keeps: a trigger that runs {@code perHour} times
     * an hour reads the same hour of data, so each of its invocations stands for 1/{@code perHour} of the hour's
     * input (the storage line is input per run x runs a day x days kept, and runs a day were multiplied).
     */
    static Scenario sameDataKept(Scenario priced, Scenario base, BigDecimal perHour) {
        Scenario.DeploymentUsage u = priced.deployment();
        if (u == null || u.s3StoredGb() != null || perHour.signum() <= 0 || perHour.compareTo(BigDecimal.ONE) == 0) {
            return priced;
        }
        BigDecimal inputMb = base.deployment() != null && base.deployment().inputMbPerRun() != null
                ? base.deployment().inputMbPerRun()
                : base.run().dataSizeMb();
        return priced.withDeployment(u.withInputMbPerRun(inputMb.divide(perHour, java.math.MathContext.DECIMAL128)));
    }
}
