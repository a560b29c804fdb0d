package dev.twinrun.benchmarks.report;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.report.ReportSummary.Charts;
import dev.twinrun.benchmarks.report.ReportSummary.Marker;
import dev.twinrun.benchmarks.report.ReportSummary.Point;
import dev.twinrun.benchmarks.report.ReportSummary.PriceBookInfo;
import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.ScenarioInfo;
import dev.twinrun.benchmarks.report.ReportSummary.Series;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.LambdaMemoryModel;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.BreakEven;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.FargateTask;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.VariantCost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link ReportSummary} from a scenario, a price book and (optionally) measured variant statistics.
 *
 * <p>A measured Lambda variant is priced with its cold p50 wall and init times for cold runs and its warm p50 for
 * warm runs; a measured EC2 variant with its p50 wall time. Without measurements the scenario's own durations are
 * priced and labelled {@code modelled}. Memory sizes in {@code modelMemoryMb} that were not measured are modelled
 * from the measured Lambda variant's CPU time ({@link LambdaMemoryModel}).
 */
public final class ReportAssembler {
    /** Memory sizes modelled beside a measured Lambda variant when not measured themselves. */
    public static final List<Integer> DEFAULT_MODEL_MEMORY_MB = List.of(512, 1024, 1769, 3008);

    /** The seed's schedule, reported beside the scenario's own. */
    public static final BigDecimal SEED_RUNS_PER_DAY = BigDecimal.valueOf(24);

    public static final BigDecimal SEED_DAYS_PER_MONTH = BigDecimal.valueOf(30);

    private static final MathContext MC = MathContext.DECIMAL128;

    /** {@link PricedVariant#platform()} as the report spells it. */
    private static final String LAMBDA = Platform.LAMBDA.json();

    private static final String EC2 = Platform.EC2.json();

    private final PriceBook book;
    private final CostModel model;
    private final List<Integer> modelMemoryMb;

    public ReportAssembler(PriceBook book, List<Integer> modelMemoryMb) {
        this.book = requireNonNull(book, "book");
        this.model = new CostModel(book);
        this.modelMemoryMb = List.copyOf(modelMemoryMb);
    }

    /** With {@link #DEFAULT_MODEL_MEMORY_MB}. */
    public ReportAssembler(PriceBook book) {
        this(book, DEFAULT_MODEL_MEMORY_MB);
    }

    /** A priced row, the scenario it was priced under and how to price it under another schedule. */
    private record Priced(PricedVariant variant, Scenario scenario, Function<Scenario, VariantCost> pricer) {}

    /** Prices every variant and builds the summary; {@code generatedAt} is passed in so rendering stays pure. */
    public ReportSummary assemble(Scenario s, List<VariantStats> measured, String title, String generatedAt) {
        List<String> notes = new ArrayList<>();
        List<VariantStats> measurements = new ArrayList<>(measured);
        measurements.addAll(modelledMemorySizes(measured));

        List<Priced> lambdas = new ArrayList<>();
        for (VariantStats v : measurements) {
            if (v.platform() == Platform.LAMBDA) {
                Scenario sv = lambdaScenario(s, v);
                lambdas.add(new Priced(
                        priced(model.lambda(sv), sv, v.variantId(), LAMBDA, durationProvenance(v)), sv, model::lambda));
            }
        }
        if (lambdas.isEmpty()) {
            lambdas.add(new Priced(priced(model.lambda(s), s, null, LAMBDA, Provenance.MODELLED), s, model::lambda));
            notes.add("no Lambda measurements: the Lambda cost uses the scenario's duration (modelled)");
        }
        List<Priced> ec2s = new ArrayList<>();
        for (VariantStats v : measurements) {
            if (v.platform() == Platform.EC2) {
                Scenario sv = ec2Scenario(s, v);
                try {
                    for (String m : List.of(CostModel.EC2_ALWAYS_ON, CostModel.EC2_PER_RUN)) {
                        ec2s.add(new Priced(
                                priced(model.of(m, sv), sv, v.variantId(), EC2, durationProvenance(v)),
                                sv,
                                x -> model.of(m, x)));
                    }
                } catch (IllegalArgumentException e) {
                    notes.add("EC2 variant " + v.variantId() + " not priced: " + e.getMessage());
                }
            }
        }
        if (ec2s.isEmpty()) {
            for (String m : List.of(CostModel.EC2_ALWAYS_ON, CostModel.EC2_PER_RUN)) {
                ec2s.add(new Priced(priced(model.of(m, s), s, null, EC2, Provenance.MODELLED), s, x -> model.of(m, x)));
            }
            notes.add("no EC2 measurements: the EC2 costs use the scenario's duration (modelled)");
        }

        Priced primaryLambda = primaryLambda(s, lambdas);
        Priced primaryEc2 = ec2s.stream()
                .filter(p -> p.scenario().ec2().instanceType().equals(s.ec2().instanceType()))
                .findFirst()
                .orElse(ec2s.get(0));
        Scenario pair = primaryLambda.scenario().withEc2(primaryEc2.scenario().ec2());
        List<BreakEvenResult> breakEvens = new BreakEven(model).all(pair);

        List<Priced> all = new ArrayList<>(lambdas);
        all.addAll(ec2s);
        all.addAll(alternatives(primaryLambda, primaryEc2, measurements, notes));
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(verdict("scenario", s.schedule().runsPerDay(), s.schedule().daysPerMonth(), all));
        if (s.schedule().runsPerDay().compareTo(SEED_RUNS_PER_DAY) != 0
                || s.schedule().daysPerMonth() == null
                || s.schedule().daysPerMonth().compareTo(SEED_DAYS_PER_MONTH) != 0) {
            verdicts.add(verdict("seed", SEED_RUNS_PER_DAY, SEED_DAYS_PER_MONTH, all));
        }

        Charts charts =
                new Charts(runsPerDaySeries(pair, breakEvens), markers(pair, breakEvens), memorySeries(lambdas));
        List<PricedVariant> costs = all.stream().map(Priced::variant).toList();
        if (!model.initBilled(s)) {
            notes.add("Lambda INIT not billed under this book or scenario switch");
        }
        return new ReportSummary(
                ReportSummary.SCHEMA_VERSION,
                title,
                generatedAt,
                scenarioInfo(s),
                bookInfo(costs),
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                null);
    }

    /** The summary with a cost-vs-data-size sweep, its price-book lines added to the lines used. */
    public ReportSummary withSizes(ReportSummary summary, SizeSweepResult sweep) {
        Map<String, PriceLine> used = new LinkedHashMap<>();
        for (PriceLine l : summary.priceBook().linesUsed()) {
            used.put(l.id(), l);
        }
        for (SizeSweepResult.Row r : sweep.rows()) {
            for (SizeSweepResult.Option o : r.options()) {
                o.lines().forEach(l -> used.putIfAbsent(l.priceLineId(), book.line(l.priceLineId())));
                if (o.limit() != null) {
                    book.find(o.limit()).ifPresent(l -> used.putIfAbsent(l.id(), l));
                }
            }
        }
        for (String id : SIZE_MODEL_LINES) {
            book.find(id).ifPresent(l -> used.putIfAbsent(id, l));
        }
        PriceBookInfo info = summary.priceBook();
        return summary.withSizes(
                sweep,
                new PriceBookInfo(
                        info.id(),
                        info.title(),
                        info.date(),
                        info.region(),
                        info.currency(),
                        info.notes(),
                        new ArrayList<>(used.values())));
    }

    /** Lines the size model reads besides the priced ones: CPU share, limits, S3 guidance. */
    static final List<String> SIZE_MODEL_LINES = List.of(
            "lambda.cpu.fullVcpuAtMb",
            "lambda.cpu.maxVcpus",
            "lambda.limits.timeoutSeconds",
            "lambda.limits.memoryMbMax",
            "lambda.limits.ephemeralStorageMbMin",
            "lambda.limits.ephemeralStorageMbMax",
            "lambda.limits.concurrentExecutions",
            "lambda.limits.payloadMbSync",
            "stepfunctions.limits.stateKb",
            "stepfunctions.limits.distributedMapConcurrency",
            "stepfunctions.distributedMap.transitionsPerChild",
            "s3.guidance.mbPerSecondPerConnection",
            SizeSweep.LAMBDA_NETWORK);

    private List<VariantStats> modelledMemorySizes(List<VariantStats> measured) {
        List<VariantStats> out = new ArrayList<>();
        Set<String> have = new LinkedHashSet<>();
        measured.forEach(v -> have.add(v.variantId()));
        BigDecimal fullVcpu = book.decimalOr("lambda.cpu.fullVcpuAtMb", LambdaMemoryModel.FULL_VCPU_AT_MB);
        for (VariantStats v : measured) {
            if (v.platform() != Platform.LAMBDA || v.provenance() != Provenance.MEASURED) {
                continue;
            }
            for (int mb : modelMemoryMb) {
                Optional<VariantStats> m = LambdaMemoryModel.at(v, mb, fullVcpu);
                if (m.isPresent() && have.add(m.get().variantId())) {
                    out.add(m.get());
                }
            }
        }
        return out;
    }

    private static Provenance durationProvenance(VariantStats v) {
        Optional<PhaseStats> p = v.phase(Phase.COLD).or(() -> v.phase(Phase.WARM));
        return p.map(PhaseStats::wallMs).map(MetricStats::provenance).orElse(v.provenance());
    }

    private static Scenario lambdaScenario(Scenario s, VariantStats v) {
        Optional<PhaseStats> cold = v.phase(Phase.COLD);
        Optional<PhaseStats> warm = v.phase(Phase.WARM);
        BigDecimal coldMs = cold.map(PhaseStats::wallMs).map(MetricStats::p50).orElse(null);
        BigDecimal warmMs = warm.map(PhaseStats::wallMs).map(MetricStats::p50).orElse(null);
        BigDecimal initMs = cold.map(PhaseStats::initMs)
                .map(MetricStats::p50)
                .orElse(s.run().initMs());
        Scenario.Run r = s.run();
        Scenario.Run run = new Scenario.Run(
                coldMs != null ? coldMs : warmMs != null ? warmMs : r.durationMs(),
                warmMs,
                initMs,
                r.coldStartShare(),
                r.dataSizeMb(),
                r.msPerMb());
        Scenario sv = s.withRun(run);
        if (v.memoryMb() != null) {
            sv = sv.withMemoryMb(v.memoryMb());
        }
        if (v.arch() != null) {
            sv = sv.withArch(v.arch());
        }
        return sv;
    }

    private static Scenario ec2Scenario(Scenario s, VariantStats v) {
        Optional<PhaseStats> p = v.phase(Phase.COLD).or(() -> v.phase(Phase.WARM));
        BigDecimal ms = p.map(PhaseStats::wallMs).map(MetricStats::p50).orElse(null);
        Scenario.Ec2Settings e = s.ec2();
        String type = v.instanceType() != null ? v.instanceType() : e.instanceType();
        return s.withEc2(new Scenario.Ec2Settings(type, e.ebsGb(), e.bootSeconds(), e.shutdownSeconds(), ms));
    }

    private static PricedVariant priced(
            VariantCost c, Scenario s, String measuredId, String platform, Provenance provenance) {
        BigDecimal duration = platform.equals(EC2) && s.ec2().durationMs() != null
                ? s.ec2().durationMs()
                : s.run().durationMs();
        return new PricedVariant(
                c.variantId(),
                measuredId,
                platform,
                c.model(),
                c.label(),
                c.feasible(),
                duration,
                platform.equals(LAMBDA) ? s.run().effectiveWarmDurationMs() : null,
                platform.equals(LAMBDA) ? s.run().initMs() : null,
                provenance,
                c.runsPerMonth(),
                c.perRunUsd(),
                c.perMonthUsd(),
                c.monthlyLines(),
                c.notes(),
                DeployCommands.of(c.model(), s));
    }

    private static Priced primaryLambda(Scenario s, List<Priced> lambdas) {
        return lambdas.stream()
                .filter(p -> p.variant()
                        .variantId()
                        .equals(CostModel.lambdaVariantId(
                                s.lambda().memoryMb(), s.lambda().arch())))
                .findFirst()
                .orElseGet(() -> lambdas.stream()
                        .filter(p -> p.variant().feasible())
                        .min(Comparator.comparing(p -> p.variant().perMonthUsd()))
                        .orElse(lambdas.get(0)));
    }

    /** The perturbations of the sensitivity statement: a name, the factor on durations, the factor on data size. */
    private record Perturbation(String name, BigDecimal duration, BigDecimal size) {}

    private static final List<Perturbation> PERTURBATIONS = List.of(
            new Perturbation("duration -20 %", new BigDecimal("0.8"), BigDecimal.ONE),
            new Perturbation("duration +20 %", new BigDecimal("1.2"), BigDecimal.ONE),
            new Perturbation("data size -50 %", BigDecimal.ONE, new BigDecimal("0.5")),
            new Perturbation("data size +50 %", BigDecimal.ONE, new BigDecimal("1.5")));

    /**
     * Whether the winner changes with every duration 20 % shorter or longer, or the data size half or 1.5 times as large
     * (durations scaled with it, all of a run taken as per-MB work: the most a size change could move them; the data
     * bucket's storage scales too).
     */
    private String sensitivity(BigDecimal runsPerDay, BigDecimal days, List<Priced> all, String winnerId) {
        List<String> changes = new ArrayList<>();
        for (Perturbation p : PERTURBATIONS) {
            List<PricedVariant> repriced = reprice(all, runsPerDay, days, sc -> perturbed(sc, p));
            Optional<PricedVariant> w = winner(repriced);
            if (w.isPresent() && !w.get().variantId().equals(winnerId)) {
                changes.add(p.name() + " makes " + w.get().variantId() + " cheaper ("
                        + Money.format(w.get().perMonthUsd()) + "/month)");
            }
        }
        String tried = "duration +-20 %, data size +-50 % (durations scaled with size: modelled)";
        return changes.isEmpty()
                ? "the winner stays " + winnerId + " with " + tried
                : "the winner CHANGES: " + String.join("; ", changes) + " (tried " + tried + ")";
    }

    private static Scenario perturbed(Scenario s, Perturbation p) {
        BigDecimal k = p.duration().multiply(p.size());
        Scenario.Run r = s.run();
        Scenario.Run run = new Scenario.Run(
                r.durationMs().multiply(k),
                r.warmDurationMs() == null ? null : r.warmDurationMs().multiply(k),
                r.initMs(),
                r.coldStartShare(),
                r.dataSizeMb().multiply(p.size()),
                r.msPerMb());
        Scenario.Ec2Settings e = s.ec2();
        Scenario out = s.withRun(run)
                .withEc2(new Scenario.Ec2Settings(
                        e.instanceType(),
                        e.ebsGb(),
                        e.bootSeconds(),
                        e.shutdownSeconds(),
                        e.durationMs() == null ? null : e.durationMs().multiply(k)));
        BigDecimal input = s.deployment().inputMbPerRun();
        return input == null ? out : out.withDeployment(out.deployment().withInputMbPerRun(input.multiply(p.size())));
    }

    private List<PricedVariant> reprice(
            List<Priced> all, BigDecimal runsPerDay, BigDecimal days, UnaryOperator<Scenario> change) {
        List<PricedVariant> repriced = new ArrayList<>();
        for (Priced p : all) {
            Scenario sv = change.apply(p.scenario().withRunsPerDay(runsPerDay).withDaysPerMonth(days));
            repriced.add(repriced(p.variant(), p.pricer().apply(sv)));
        }
        return repriced;
    }

    /** The cheaper of the best deployable Lambda and the best deployable server variant, as the verdict picks it. */
    private static Optional<PricedVariant> winner(List<PricedVariant> repriced) {
        Comparator<PricedVariant> byMonth = Comparator.comparing(PricedVariant::perMonthUsd);
        Optional<PricedVariant> bestLambda = repriced.stream()
                .filter(v -> v.platform().equals(LAMBDA) && v.feasible() && v.deployCommand() != null)
                .min(byMonth);
        Optional<PricedVariant> bestEc2 = repriced.stream()
                .filter(v -> !v.platform().equals(LAMBDA) && v.feasible() && v.deployCommand() != null)
                .min(byMonth);
        if (bestLambda.isEmpty() || bestEc2.isEmpty()) {
            return bestLambda.or(() -> bestEc2);
        }
        return Optional.of(
                bestLambda.get().perMonthUsd().compareTo(bestEc2.get().perMonthUsd()) <= 0
                        ? bestLambda.get()
                        : bestEc2.get());
    }

    private Verdict verdict(String name, BigDecimal runsPerDay, BigDecimal days, List<Priced> all) {
        List<PricedVariant> repriced = new ArrayList<>();
        for (Priced p : all) {
            Scenario sv = p.scenario().withRunsPerDay(runsPerDay).withDaysPerMonth(days);
            repriced.add(repriced(p.variant(), p.pricer().apply(sv)));
        }
        Comparator<PricedVariant> byMonth = Comparator.comparing(PricedVariant::perMonthUsd);
        Optional<PricedVariant> bestLambda = repriced.stream()
                .filter(v -> v.platform().equals(LAMBDA) && v.feasible() && v.deployCommand() != null)
                .min(byMonth);
        Optional<PricedVariant> bestEc2 = repriced.stream()
                .filter(v -> !v.platform().equals(LAMBDA) && v.feasible() && v.deployCommand() != null)
                .min(byMonth);
        if (bestLambda.isEmpty() || bestEc2.isEmpty()) {
            PricedVariant only = bestLambda.or(() -> bestEc2).orElseThrow();
            return new Verdict(
                    name,
                    runsPerDay,
                    days,
                    only.variantId(),
                    only.perMonthUsd(),
                    only.durationProvenance(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    "no feasible variant of the other platform",
                    only.deployCommand(),
                    null,
                    withoutCommitments(runsPerDay, days, all, only.variantId()));
        }
        PricedVariant win =
                bestLambda.get().perMonthUsd().compareTo(bestEc2.get().perMonthUsd()) <= 0
                        ? bestLambda.get()
                        : bestEc2.get();
        PricedVariant other = win == bestLambda.get() ? bestEc2.get() : bestLambda.get();
        BigDecimal saving = other.perMonthUsd().subtract(win.perMonthUsd());
        BigDecimal percent = other.perMonthUsd().signum() == 0
                ? BigDecimal.ZERO
                : saving.multiply(BigDecimal.valueOf(100)).divide(other.perMonthUsd(), 1, RoundingMode.HALF_UP);
        String why = win.label() + " costs " + Money.format(win.perMonthUsd()) + "/month, mostly "
                + mainLine(win, other) + "; " + other.label() + " costs " + Money.format(other.perMonthUsd())
                + "/month, mostly " + mainLine(other, win);
        Optional<PricedVariant> undeployable = repriced.stream()
                .filter(v -> v.deployCommand() == null && v.feasible())
                .filter(v -> v.perMonthUsd().compareTo(win.perMonthUsd()) < 0)
                .min(byMonth);
        if (undeployable.isPresent()) {
            why += "; " + undeployable.get().label() + " would cost "
                    + Money.format(undeployable.get().perMonthUsd()) + "/month, but twinrun cannot deploy it";
        }
        return new Verdict(
                name,
                runsPerDay,
                days,
                win.variantId(),
                win.perMonthUsd(),
                win.durationProvenance(),
                other.variantId(),
                other.perMonthUsd(),
                other.durationProvenance(),
                saving,
                percent,
                why,
                win.deployCommand(),
                sensitivity(runsPerDay, days, all, win.variantId()),
                withoutCommitments(runsPerDay, days, all, win.variantId()));
    }

    /**
     * The verdict without the scenario's Savings Plans commitments: whether the winner stays, at what monthly cost;
     * null when no variant's scenario sets one.
     */
    private String withoutCommitments(BigDecimal runsPerDay, BigDecimal days, List<Priced> all, String winnerId) {
        Optional<Scenario.Discounts> set = all.stream()
                .map(p -> p.scenario().discounts())
                .filter(Scenario.Discounts::anyCommitment)
                .findFirst();
        if (set.isEmpty()) {
            return null;
        }
        String given = "commitments lambda " + Money.plain(set.get().lambdaCommitmentPercent(), 2) + " %, ec2 "
                + Money.plain(set.get().ec2CommitmentPercent(), 2) + " % on compute lines (modelled)";
        Optional<PricedVariant> w = winner(reprice(
                all,
                runsPerDay,
                days,
                x -> x.withDiscounts(x.discounts().withCommitments(BigDecimal.ZERO, BigDecimal.ZERO))));
        if (w.isEmpty()) {
            return null;
        }
        return w.get().variantId().equals(winnerId)
                ? "the winner stays " + winnerId + " at " + Money.format(w.get().perMonthUsd()) + "/month (this verdict"
                        + " is with " + given + ")"
                : "the winner CHANGES to " + w.get().variantId() + " at "
                        + Money.format(w.get().perMonthUsd()) + "/month (this verdict is with " + given + ")";
    }

    /** Lines a book needs for the rows beside the plain Lambda and EC2 ones. */
    static final List<String> ALTERNATIVE_LINES = List.of(
            "fargate.arm64.vcpuHour",
            "fargate.assumption.imagePullSeconds",
            "lambda.snapStart.assumption.restoreMs",
            "lambda.snapStart.java.cacheAndRestore",
            "lambdaManagedInstances.managementFee",
            "lambdaManagedInstances.defaultInstances",
            "lambdaManagedInstances.limits.memoryMbMin",
            "scheduler.invocations");

    /**
     * The rows beside the measured ones, each from the primary Lambda or EC2 row: the Lambda on an hourly schedule
     * (the same job, the same measurement), Lambda SnapStart (restore modelled), a Fargate task per run (the EC2
     * tick's fresh JVM, rescaled below one vCPU) and Lambda Managed Instances (priced only).
     */
    private List<Priced> alternatives(Priced lambda, Priced ec2, List<VariantStats> measurements, List<String> notes) {
        List<String> missing =
                ALTERNATIVE_LINES.stream().filter(id -> book.find(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            notes.add("price book " + book.id() + " has no " + String.join(", ", missing)
                    + ": Lambda on a schedule, SnapStart, Fargate and Lambda Managed Instances not priced");
            return List.of();
        }
        List<Priced> out = new ArrayList<>();
        Scenario ls = lambda.scenario();
        PricedVariant lv = lambda.variant();

        Function<Scenario, VariantCost> schedule = x -> scheduleTrigger(model.lambda(x));
        out.add(new Priced(
                row(
                        schedule.apply(ls),
                        lv,
                        lv.initMs(),
                        lv.durationProvenance(),
                        List.of("the schedule handler runs the same job for the previous hour: priced with the S3-event"
                                + " invocation's durations; the EventBridge rule that fires it is not priced"),
                        DeployCommands.lambda(ls, "schedule", false)),
                ls,
                schedule));

        Function<Scenario, VariantCost> snap = x -> model.lambdaSnapStart(x, null);
        out.add(new Priced(
                row(
                        snap.apply(ls),
                        lv,
                        model.snapStartRestoreMs(null),
                        Provenance.MODELLED,
                        List.of(
                                "initMs is the modelled Billed Restore Duration; the plain function's INIT p50 it replaces"
                                        + " is " + Money.plain(lv.initMs(), 0) + " ms ("
                                        + (lv.durationProvenance() == null
                                                ? ""
                                                : lv.durationProvenance().json()) + ")"),
                        DeployCommands.of(CostModel.LAMBDA_SNAPSTART, ls)),
                ls,
                snap));

        Scenario es = ec2.scenario();
        PricedVariant ev = ec2.variant();
        FargateTask task = FargateTask.DEFAULT;
        List<String> fargateNotes = new ArrayList<>();
        BigDecimal tickMs = ev.durationMs();
        Provenance fp = ev.durationProvenance();
        int vcpus = book.instance(es.ec2().instanceType())
                .map(PriceBook.InstanceSpec::vcpus)
                .orElse(1);
        String reuse = "the job's time is the EC2 tick's "
                + (ev.measuredVariantId() == null ? "modelled" : "measured fresh JVM (" + ev.measuredVariantId() + ")")
                + " with " + es.ec2().instanceType() + "'s " + vcpus + " vCPUs";
        Optional<BigDecimal> cpuMs = measurements.stream()
                .filter(m -> m.variantId().equals(ev.measuredVariantId()))
                .findFirst()
                .flatMap(m -> m.phase(Phase.COLD).or(() -> m.phase(Phase.WARM)))
                .map(PhaseStats::cpuMs)
                .map(MetricStats::p50);
        if (task.vcpu().compareTo(BigDecimal.ONE) < 0 && cpuMs.isPresent()) {
            BigDecimal scaled = tickMs.add(
                    cpuMs.get().multiply(BigDecimal.ONE.divide(task.vcpu(), MC).subtract(BigDecimal.ONE)));
            fargateNotes.add(reuse + ", rescaled to the task's " + Money.plain(task.vcpu(), 3)
                    + " vCPU (modelled): wall "
                    + Money.plain(tickMs, 0) + " ms + cpu " + Money.plain(cpuMs.get(), 0) + " ms x (1/share - 1) = "
                    + Money.plain(scaled, 0) + " ms");
            tickMs = scaled;
            fp = Provenance.MODELLED;
        } else {
            fargateNotes.add(
                    reuse + "; the task's " + Money.plain(task.vcpu(), 3) + " vCPU is not rescaled (the job's work"
                            + " is one busy thread; JIT threads then share one core, so this is optimistic)");
        }
        FargateTask sized = task.withDurationMs(tickMs);
        Function<Scenario, VariantCost> fargate = x -> model.fargate(x, sized);
        VariantCost fc = fargate.apply(es);
        out.add(new Priced(
                new PricedVariant(
                        fc.variantId(),
                        ev.measuredVariantId(),
                        CostModel.FARGATE,
                        CostModel.FARGATE,
                        fc.label(),
                        fc.feasible(),
                        tickMs,
                        null,
                        null,
                        fp,
                        fc.runsPerMonth(),
                        fc.perRunUsd(),
                        fc.perMonthUsd(),
                        fc.monthlyLines(),
                        concat(fc.notes(), fargateNotes),
                        DeployCommands.of(CostModel.FARGATE, es)),
                es,
                fargate));

        try {
            Function<Scenario, VariantCost> lmi = model::lambdaManagedInstances;
            out.add(new Priced(row(lmi.apply(ls), lv, null, Provenance.MODELLED, List.of(), null), ls, lmi));
        } catch (IllegalArgumentException e) {
            notes.add("Lambda Managed Instances not priced: " + e.getMessage());
        }
        return out;
    }

    private static VariantCost scheduleTrigger(VariantCost c) {
        return new VariantCost(
                c.variantId() + "-schedule",
                c.model(),
                c.label() + " on a schedule",
                c.feasible(),
                c.runsPerMonth(),
                c.perRunUsd(),
                c.perMonthUsd(),
                c.monthlyLines(),
                c.notes());
    }

    /** A row priced from {@code c} with the durations of {@code base} (its INIT replaced by {@code initMs}). */
    private static PricedVariant row(
            VariantCost c,
            PricedVariant base,
            BigDecimal initMs,
            Provenance provenance,
            List<String> extraNotes,
            String deployCommand) {
        return new PricedVariant(
                c.variantId(),
                base.measuredVariantId(),
                base.platform(),
                c.model(),
                c.label(),
                c.feasible(),
                base.durationMs(),
                base.warmDurationMs(),
                initMs,
                provenance,
                c.runsPerMonth(),
                c.perRunUsd(),
                c.perMonthUsd(),
                c.monthlyLines(),
                concat(c.notes(), extraNotes),
                deployCommand);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** {@code v} with the costs of {@code c} (another schedule), its durations and deploy command kept. */
    private static PricedVariant repriced(PricedVariant v, VariantCost c) {
        return new PricedVariant(
                c.variantId(),
                v.measuredVariantId(),
                v.platform(),
                c.model(),
                c.label(),
                c.feasible(),
                v.durationMs(),
                v.warmDurationMs(),
                v.initMs(),
                v.durationProvenance(),
                c.runsPerMonth(),
                c.perRunUsd(),
                c.perMonthUsd(),
                c.monthlyLines(),
                c.notes(),
                v.deployCommand());
    }

    /** The largest line of {@code v} that {@code other} does not pay alike (a shared dashboard explains nothing). */
    private static String mainLine(PricedVariant v, PricedVariant other) {
        return v.lines().stream()
                .filter(l -> other.lines().stream()
                        .noneMatch(o -> o.component().equals(l.component())
                                && o.costUsd().compareTo(l.costUsd()) == 0))
                .max(Comparator.comparing(CostLine::costUsd))
                .map(l -> l.component() + " " + Money.format(l.costUsd()) + " (" + l.priceLineId() + ": "
                        + Money.plain(l.quantity(), 4) + " " + l.unit() + ")")
                .orElse("nothing");
    }

    private List<Series> runsPerDaySeries(Scenario pair, List<BreakEvenResult> breakEvens) {
        BigDecimal xMax =
                BigDecimal.valueOf(48).max(pair.schedule().runsPerDay().multiply(BigDecimal.valueOf(2)));
        for (BreakEvenResult b : breakEvens) {
            if (b.dimension().equals(BreakEven.RUNS_PER_DAY) && b.value() != null) {
                xMax = xMax.max(b.value().multiply(new BigDecimal("1.25")).setScale(0, RoundingMode.CEILING));
            }
        }
        xMax = xMax.min(BigDecimal.valueOf(1440));
        List<BigDecimal> xs = new ArrayList<>();
        int steps = 48;
        for (int i = 0; i <= steps; i++) {
            xs.add(Money.normalize(
                    xMax.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(steps), 4, RoundingMode.HALF_UP)));
        }
        List<Series> out = new ArrayList<>();
        for (String m : List.of(CostModel.LAMBDA, CostModel.EC2_ALWAYS_ON, CostModel.EC2_PER_RUN)) {
            List<Point> pts = new ArrayList<>();
            String id = null;
            String label = null;
            for (BigDecimal x : xs) {
                VariantCost c = model.of(m, pair.withRunsPerDay(x));
                id = c.variantId();
                label = c.label();
                pts.add(new Point(x, c.perMonthUsd().setScale(6, RoundingMode.HALF_UP), Provenance.MODELLED));
            }
            out.add(new Series(id, label, "runs/day", "USD/month", pts));
        }
        return out;
    }

    private List<Marker> markers(Scenario pair, List<BreakEvenResult> breakEvens) {
        List<Marker> out = new ArrayList<>();
        for (BreakEvenResult b : breakEvens) {
            if (b.dimension().equals(BreakEven.RUNS_PER_DAY) && b.value() != null) {
                BigDecimal y = model.lambda(pair.withRunsPerDay(b.value()))
                        .perMonthUsd()
                        .setScale(6, RoundingMode.HALF_UP);
                out.add(new Marker(
                        b.value().setScale(3, RoundingMode.HALF_UP),
                        y,
                        "break-even " + b.variantA() + " = " + b.variantB() + " at " + Money.plain(b.value(), 2)
                                + " runs/day"));
            }
        }
        return out;
    }

    private static List<Series> memorySeries(List<Priced> lambdas) {
        Map<String, List<Point>> byArch = new TreeMap<>();
        for (Priced p : lambdas) {
            byArch.computeIfAbsent(p.scenario().lambda().arch(), k -> new ArrayList<>())
                    .add(new Point(
                            BigDecimal.valueOf(p.scenario().lambda().memoryMb()),
                            p.variant().perMonthUsd().setScale(6, RoundingMode.HALF_UP),
                            p.variant().durationProvenance()));
        }
        List<Series> out = new ArrayList<>();
        byArch.forEach((arch, pts) -> {
            List<Point> sorted = new ArrayList<>(pts);
            sorted.sort(Comparator.comparing(Point::x));
            out.add(new Series("lambda-" + arch, "Lambda " + arch, "MB", "USD/month", sorted));
        });
        return out;
    }

    private ScenarioInfo scenarioInfo(Scenario s) {
        return new ScenarioInfo(
                s.name(),
                s.description(),
                s.schedule().runsPerDay(),
                s.schedule().daysPerMonth(),
                Money.normalize(s.schedule().runsPerMonth().round(MC)),
                s.schedule().hoursPerMonth(),
                s.run().durationMs(),
                s.run().initMs(),
                s.run().coldStartShare(),
                s.run().dataSizeMb(),
                s.run().msPerMb(),
                s.lambda().memoryMb(),
                s.lambda().arch(),
                s.ec2().instanceType(),
                s.ec2().ebsGb(),
                s.lambda().freeTier(),
                model.initBilled(s),
                new ReportSummary.DiscountsInfo(
                        s.lambda().freeTier(),
                        s.discounts().ec2FreeTier(),
                        s.deployment().freeTier(),
                        s.discounts().lambdaCommitmentPercent(),
                        s.discounts().ec2CommitmentPercent()));
    }

    private PriceBookInfo bookInfo(List<PricedVariant> costs) {
        Map<String, PriceLine> used = new LinkedHashMap<>();
        for (PricedVariant v : costs) {
            for (CostLine l : v.lines()) {
                used.putIfAbsent(l.priceLineId(), book.line(l.priceLineId()));
            }
        }
        for (String id : List.of(
                "lambda.billing.granularityMs",
                "lambda.billing.initBilledFrom",
                "ec2.billing.minimumSeconds",
                "ec2.billing.granularitySeconds",
                "lambda.freeTier.requests",
                "lambda.freeTier.gbSeconds",
                "lambda.limits.timeoutSeconds",
                "ec2.assumption.bootSeconds",
                "fargate.assumption.imagePullSeconds",
                "fargate.billing.minimumSeconds",
                "fargate.billing.granularitySeconds",
                "fargate.ephemeralStorage.includedGb",
                "fargate.limits.taskSizes",
                "scheduler.freeTier.invocations",
                "lambda.snapStart.assumption.restoreMs",
                "lambda.snapStart.limits.ephemeralStorageMbMax",
                "lambdaManagedInstances.defaultInstances",
                "lambdaManagedInstances.limits.memoryMbMin")) {
            book.find(id).ifPresent(l -> used.putIfAbsent(id, l));
        }
        return new PriceBookInfo(
                book.id(),
                book.title(),
                book.date(),
                book.region(),
                book.currency(),
                book.notes(),
                new ArrayList<>(used.values()));
    }
}
