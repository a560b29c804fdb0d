package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import dev.twinrun.pricing.CostModel.FanoutRun;
import dev.twinrun.pricing.PriceBook.InstanceSpec;
import dev.twinrun.pricing.SizeSweepResult.Crossover;
import dev.twinrun.pricing.SizeSweepResult.CurvePoint;
import dev.twinrun.pricing.SizeSweepResult.LimitHit;
import dev.twinrun.pricing.SizeSweepResult.Option;
import dev.twinrun.pricing.SizeSweepResult.Row;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Cost against data size per hour, for three ways to run the job: one Lambda invocation (memory raised for CPU until
 * the 15-minute timeout cannot be met, then "does not fit"), the Lambda fan-out on Step Functions (shards, Plan and
 * Merge), and EC2 always on (the cheapest instance type in the price book that finishes before the next run). Every
 * size is priced by {@link CostModel} with the book's lines; times come from a {@link Workload} and are modelled
 * except at the size the workload was measured at.
 */
public final class SizeSweep {
    /** The largest data size per hour the commands accept: 100 GB (in MB, 1 MB = 2^20 bytes). */
    public static final BigDecimal MAX_SIZE_MB = BigDecimal.valueOf(100L * 1024);

    /** How far the search for a variant's first limit goes: 1 TB. */
    public static final BigDecimal SEARCH_MAX_MB = BigDecimal.valueOf(1024L * 1024);

    /** The sizes swept when none are given: 100 MB to 100 GB. */
    public static final List<BigDecimal> DEFAULT_SIZES_MB =
            List.of(100, 256, 512, 1024, 2560, 5120, 10240, 25600, 51200, 102400).stream()
                    .map(BigDecimal::valueOf)
                    .toList();

    /**
     * Bytes of Step Functions state per shard: its plan item (about 290) and its answer after the Map (about 200), as
     * measured in docs/SCALE-OUT.md; the whole plan and all answers must fit in one state.
     */
    public static final int STATE_BYTES_PER_SHARD = 490;

    /** The limit id used when EC2 cannot finish one run before the next one starts. */
    public static final String INTERVAL_LIMIT = "schedule.interval";

    /**
     * The EC2 runner's unit timeout: {@code TimeoutStartSec=55min} in ec2-adapter's {@code twinrun-run-due.service}
     * (systemd stops a run past it); a test reads the unit file and fails when the two differ.
     */
    public static final int EC2_UNIT_TIMEOUT_MINUTES = 55;

    /** The limit id used when an EC2 run would pass the runner's unit timeout. */
    public static final String EC2_TIMEOUT_LIMIT = "ec2.runner.TimeoutStartSec";

    /** The limit id used when an instance type's memory cannot hold the OS, its agents and the job's JVM. */
    public static final String EC2_MEMORY_LIMIT = "ec2.instance.memoryMib";

    /** The limit id used when an instance type's sustained network cannot read the hour in time. */
    public static final String EC2_NETWORK_LIMIT = "ec2.instance.networkBaselineGbps";

    /** Runs are planned to at most this share of a timeout unless told otherwise (variance, a slower host). */
    public static final BigDecimal DEFAULT_TIMEOUT_SHARE = new BigDecimal("0.8");

    /** Attempts of an S3-triggered (asynchronous) Lambda invocation that fails or times out: 1 + 2 retries. */
    public static final int ASYNC_ATTEMPTS = 3;

    /**
     * Planning limits that are not prices: the share of a timeout a run is planned to ({@code timeoutShare}), the
     * memory the job's JVM takes at any size ({@code jvmMb}: the core streams, its heap does not grow with the hour)
     * and what the OS and agents of an instance leave out ({@code osReserveMb}), each with where it comes from.
     */
    public record Limits(BigDecimal timeoutShare, BigDecimal jvmMb, String jvmSource, BigDecimal osReserveMb) {
        /** The JVM's memory when nothing measured it: heap (at most 64 MB used, docs/RELIABILITY.md) + metaspace, code, SDK. */
        public static final BigDecimal DEFAULT_JVM_MB = BigDecimal.valueOf(256);

        /** Amazon Linux with the SSM and CloudWatch agents, idle (modelled). */
        public static final BigDecimal DEFAULT_OS_RESERVE_MB = BigDecimal.valueOf(300);

        public Limits {
            requireNonNull(timeoutShare, "timeoutShare");
            requireNonNull(jvmMb, "jvmMb");
            requireNonNull(jvmSource, "jvmSource");
            requireNonNull(osReserveMb, "osReserveMb");
            if (timeoutShare.signum() <= 0 || timeoutShare.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("the planned share of a timeout must be in (0, 1]: " + timeoutShare);
            }
        }

        /** 80 % of each timeout, a 256 MB JVM (modelled), 300 MB for the OS and agents (modelled). */
        public static Limits defaults() {
            return new Limits(
                    DEFAULT_TIMEOUT_SHARE,
                    DEFAULT_JVM_MB,
                    "modelled (heap at most 64 MB in the bounded-memory test, plus metaspace, code and the SDK)",
                    DEFAULT_OS_RESERVE_MB);
        }

        public Limits withJvm(BigDecimal mb, String source) {
            return new Limits(timeoutShare, mb, source, osReserveMb);
        }

        public Limits withTimeoutShare(BigDecimal share) {
            return new Limits(share, jvmMb, jvmSource, osReserveMb);
        }
    }

    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);
    private static final int CURVE_POINTS = 48;

    private final PriceBook book;
    private final Scenario scenario;
    private final Workload work;
    private final CostModel model;
    private final BigDecimal timeoutMs;
    private final BigDecimal intervalMs;
    private final BigDecimal s3MbPerSecond;
    private final BigDecimal lambdaNetMbPerSecond;
    private final Limits limits;
    private final BigDecimal plannedLambdaMs;
    private final BigDecimal ec2TimeoutMs;
    private final BigDecimal plannedEc2Ms;
    private final int maxMemoryMb;
    private final int minEphemeralMb;
    private final int maxEphemeralMb;
    private final int concurrencyLimit;
    private final List<InstanceSpec> ec2Candidates;

    public SizeSweep(PriceBook book, Scenario scenario, Workload work) {
        this(book, scenario, work, Limits.defaults());
    }

    public SizeSweep(PriceBook book, Scenario scenario, Workload work, Limits limits) {
        this.book = requireNonNull(book, "book");
        this.limits = requireNonNull(limits, "limits");
        this.work = requireNonNull(work, "work");
        Scenario s = scenario.withFreeTier(false);
        this.model = new CostModel(book);
        this.timeoutMs = book.line("lambda.limits.timeoutSeconds").decimal().multiply(THOUSAND);
        this.maxMemoryMb = book.line("lambda.limits.memoryMbMax").decimal().intValueExact();
        this.minEphemeralMb =
                book.line("lambda.limits.ephemeralStorageMbMin").decimal().intValueExact();
        this.maxEphemeralMb =
                book.line("lambda.limits.ephemeralStorageMbMax").decimal().intValueExact();
        this.s3MbPerSecond = book.find("s3.guidance.mbPerSecondPerConnection")
                .map(PriceLine::decimal)
                .orElse(null);
        this.lambdaNetMbPerSecond =
                book.find(LAMBDA_NETWORK).map(PriceLine::decimal).orElse(null);
        this.plannedLambdaMs = timeoutMs.multiply(limits.timeoutShare());
        int accountConcurrency = book.decimalOr("lambda.limits.concurrentExecutions", BigDecimal.valueOf(1000))
                .intValue();
        int mapConcurrency = book.decimalOr(
                        "stepfunctions.limits.distributedMapConcurrency", BigDecimal.valueOf(10_000))
                .intValue();
        this.concurrencyLimit = Math.min(accountConcurrency, mapConcurrency);
        BigDecimal runsPerDay = s.schedule().runsPerDay();
        this.intervalMs = runsPerDay.signum() == 0
                ? MS_PER_HOUR
                : BigDecimal.valueOf(86_400_000L).divide(runsPerDay, MC).min(BigDecimal.valueOf(86_400_000L));
        if (s.lambda().memoryMb() > maxMemoryMb) {
            throw new IllegalArgumentException("Lambda memory " + s.lambda().memoryMb()
                    + " MB is above lambda.limits.memoryMbMax (" + maxMemoryMb + " MB)");
        }
        BigDecimal stateBytes =
                book.line("stepfunctions.limits.stateKb").decimal().multiply(BigDecimal.valueOf(1024));
        long needed = (long) s.scale().maxShards() * STATE_BYTES_PER_SHARD;
        if (BigDecimal.valueOf(needed).compareTo(stateBytes) > 0) {
            throw new IllegalArgumentException("scale.maxShards " + s.scale().maxShards()
                    + ": the plan and the shard answers"
                    + " (about " + STATE_BYTES_PER_SHARD + " bytes a shard, " + needed
                    + " bytes) would not fit in one Step"
                    + " Functions state (stepfunctions.limits.stateKb = " + Money.plain(stateBytes, 0) + " bytes)");
        }
        this.scenario = s;
        this.ec2Candidates = candidates(book, s.scale().ec2Types());
        this.ec2TimeoutMs =
                BigDecimal.valueOf(EC2_UNIT_TIMEOUT_MINUTES * 60_000L).min(intervalMs);
        this.plannedEc2Ms = ec2TimeoutMs.multiply(limits.timeoutShare());
    }

    /** The price-book line of the Lambda network read rate (an assumption, labelled so). */
    public static final String LAMBDA_NETWORK = "lambda.assumption.networkMbPerSecond";

    /** Checks sizes given by a user: positive and at most {@link #MAX_SIZE_MB}; sorted, without duplicates. */
    public static List<BigDecimal> checkSizes(List<BigDecimal> sizesMb) {
        if (sizesMb == null || sizesMb.isEmpty()) {
            throw new IllegalArgumentException("no data sizes given");
        }
        TreeSet<BigDecimal> sorted = new TreeSet<>();
        for (BigDecimal mb : sizesMb) {
            if (mb.signum() <= 0) {
                throw new IllegalArgumentException("a data size must be positive: " + mb + " MB");
            }
            if (mb.compareTo(MAX_SIZE_MB) > 0) {
                throw new IllegalArgumentException("data size " + Money.plain(mb, 1)
                        + " MB per hour is above 100 GB, the largest this model is meant for");
            }
            sorted.add(Money.normalize(mb));
        }
        return List.copyOf(sorted);
    }

    /** Prices every size (checked by {@link #checkSizes}), finds first limits and crossovers, and draws the curve. */
    public SizeSweepResult run(List<BigDecimal> sizesMb) {
        List<BigDecimal> sizes = checkSizes(sizesMb);
        List<Row> rows = new ArrayList<>();
        for (BigDecimal mb : sizes) {
            rows.add(row(mb));
        }
        List<LimitHit> limits = new ArrayList<>();
        for (String v : SizeSweepResult.VARIANTS) {
            limits.add(firstLimit(v));
        }
        List<BigDecimal> grid = grid(sizes.get(0), sizes.get(sizes.size() - 1));
        List<Row> dense = new ArrayList<>();
        for (BigDecimal mb : grid) {
            dense.add(row(mb));
        }
        List<CurvePoint> curve = new ArrayList<>();
        for (Row r : dense) {
            for (Option o : r.options()) {
                if (o.fits()) {
                    curve.add(new CurvePoint(o.variant(), r.sizeMb(), o.perMonthUsd()));
                }
            }
        }
        return new SizeSweepResult(work, assumptions(), rows, limits, crossovers(dense), curve);
    }

    /** The three options at one size. */
    public Row row(BigDecimal sizeMb) {
        List<Option> options = List.of(singleLambda(sizeMb), fanout(sizeMb), ec2(sizeMb));
        String cheapest = options.stream()
                .filter(Option::fits)
                .min(Comparator.comparing(Option::perMonthUsd))
                .map(Option::variant)
                .orElse(null);
        boolean measured = work.measured()
                && work.basisSizeMb() != null
                && work.basisSizeMb().compareTo(sizeMb) == 0;
        return new Row(Money.normalize(sizeMb), measured, options, cheapest);
    }

    /** One Lambda invocation for the whole hour. */
    public Option singleLambda(BigDecimal sizeMb) {
        String label = "Lambda " + scenario.lambda().arch();
        BigDecimal spillMb = sizeMb.multiply(scenario.scale().quarantineShare());
        if (spillMb.compareTo(BigDecimal.valueOf(maxEphemeralMb)) > 0) {
            return doesNotFit(
                    SizeSweepResult.LAMBDA,
                    label,
                    "lambda.limits.ephemeralStorageMbMax",
                    "the quarantined rows (" + DataSize.text(spillMb) + ") are spilled to /tmp, which holds at most "
                            + maxEphemeralMb + " MB");
        }
        int memory0 = scenario.lambda().memoryMb();
        int memoryStart = lambdaStartMb(memory0);
        Integer memory = memoryToFit(sizeMb, memoryStart);
        if (memory == null) {
            return doesNotFit(
                    SizeSweepResult.LAMBDA,
                    label,
                    "lambda.limits.timeoutSeconds",
                    "one invocation needs " + minutes(lambdaMs(sizeMb, maxMemoryMb)) + " even at " + maxMemoryMb
                            + " MB (" + vcpuText(maxMemoryMb) + "), over the planned "
                            + plannedText(plannedLambdaMs, timeoutMs));
        }
        BigDecimal d = lambdaMs(sizeMb, memory);
        int eph = ephemeralMb(spillMb);
        Scenario sc = atInput(withWork(scenario, d, sizeMb), sizeMb)
                .withMemoryMb(memory)
                .withEphemeralStorageMb(eph);
        VariantCost vc = model.lambda(sc);
        List<String> notes = new ArrayList<>();
        if (memoryStart > memory0) {
            notes.add("memory raised from " + memory0 + " MB to hold the JVM (" + Money.plain(limits.jvmMb(), 0)
                    + " MB)");
        }
        if (memory > memoryStart) {
            notes.add("memory raised from " + memoryStart + " MB for CPU, to finish within the planned "
                    + plannedText(plannedLambdaMs, timeoutMs));
        }
        notes.add("uses " + percent(d, timeoutMs) + " of the timeout");
        BigDecimal timedOut = model.lambda(sc.withRun(new Scenario.Run(
                        timeoutMs, null, work.initMs(), sc.run().coldStartShare(), sizeMb, null)))
                .perRunUsd()
                .multiply(BigDecimal.valueOf(ASYNC_ATTEMPTS));
        notes.add("a run that timed out would bill " + ASYNC_ATTEMPTS + " attempts of " + minutes(timeoutMs) + " ("
                + Money.format(timedOut) + ", S3-triggered: 2 retries) and publish nothing");
        s3Bound(sizeMb, Workload.vcpusAt(book, memory), lambdaNetMbPerSecond, LAMBDA_NETWORK)
                .ifPresent(notes::add);
        String config =
                memory + " MB (" + vcpuText(memory) + ")" + (eph > minEphemeralMb ? ", /tmp " + eph + " MB" : "");
        return new Option(
                SizeSweepResult.LAMBDA,
                vc.label(),
                true,
                config,
                d.setScale(3, RoundingMode.HALF_UP),
                d.add(work.initMs()).setScale(3, RoundingMode.HALF_UP),
                vc.perRunUsd(),
                vc.perMonthUsd(),
                null,
                String.join("; ", notes),
                vc.monthlyLines());
    }

    /** The Step Functions fan-out: Plan, a Distributed Map of Shard invocations, Merge. */
    public Option fanout(BigDecimal sizeMb) {
        Scenario.Scale sc = scenario.scale();
        String label = "Lambda fan-out " + scenario.lambda().arch();
        BigDecimal spillMb = sizeMb.multiply(sc.quarantineShare());
        if (spillMb.compareTo(BigDecimal.valueOf(maxEphemeralMb)) > 0) {
            return doesNotFit(
                    SizeSweepResult.FANOUT,
                    label,
                    "lambda.limits.ephemeralStorageMbMax",
                    "the merge writes the hour's quarantined rows (" + DataSize.text(spillMb)
                            + ") through /tmp, which holds at most " + maxEphemeralMb + " MB");
        }
        int wanted = sizeMb.divide(BigDecimal.valueOf(sc.shardTargetMb()), 0, RoundingMode.CEILING)
                .intValueExact();
        int shards = Math.max(1, Math.min(wanted, sc.maxShards()));
        BigDecimal shardMb = sizeMb.divide(BigDecimal.valueOf(shards), MC);
        int memory0 = scenario.lambda().memoryMb();
        Integer memory = memoryToFit(shardMb, lambdaStartMb(memory0));
        if (memory == null) {
            return doesNotFit(
                    SizeSweepResult.FANOUT,
                    label,
                    "lambda.limits.timeoutSeconds",
                    "a shard of " + DataSize.text(shardMb) + " (the hour cut in " + shards
                            + " shards, the deployed maximum: scale.maxShards) needs "
                            + minutes(lambdaMs(shardMb, maxMemoryMb)) + " at " + maxMemoryMb + " MB, over the planned "
                            + plannedText(plannedLambdaMs, timeoutMs));
        }
        BigDecimal shardMs = lambdaMs(shardMb, memory);
        BigDecimal quarantineIo =
                networkMs(spillMb.multiply(BigDecimal.valueOf(2)), BigDecimal.ONE, lambdaNetMbPerSecond);
        BigDecimal mergeMs = sc.mergeFixedMs()
                .add(sc.mergeMsPerShard().multiply(BigDecimal.valueOf(shards)))
                .add(quarantineIo == null ? BigDecimal.ZERO : quarantineIo)
                .setScale(0, RoundingMode.CEILING);
        if (mergeMs.compareTo(plannedLambdaMs) > 0) {
            return doesNotFit(
                    SizeSweepResult.FANOUT,
                    label,
                    "lambda.limits.timeoutSeconds",
                    "the merge of " + shards + " shard results needs " + minutes(mergeMs) + ", over the planned "
                            + plannedText(plannedLambdaMs, timeoutMs));
        }
        BigDecimal planMs = sc.planMs();
        Function<Integer, BigDecimal> wall = c -> {
            BigDecimal waves = BigDecimal.valueOf((shards + c - 1) / c);
            return work.initMs()
                    .multiply(BigDecimal.valueOf(2))
                    .add(planMs)
                    .add(mergeMs)
                    .add(waves.multiply(work.initMs().add(shardMs)));
        };
        int concurrency = Math.min(sc.maxConcurrency(), shards);
        List<String> notes = new ArrayList<>();
        if (wall.apply(concurrency).compareTo(intervalMs) > 0) {
            int top = Math.min(shards, concurrencyLimit);
            if (wall.apply(top).compareTo(intervalMs) > 0) {
                return doesNotFit(
                        SizeSweepResult.FANOUT,
                        label,
                        "lambda.limits.concurrentExecutions",
                        "even " + top + " shards at once take " + minutes(wall.apply(top)) + ", over the "
                                + minutes(intervalMs) + " between runs");
            }
            int lo = concurrency;
            int hi = top;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (wall.apply(mid).compareTo(intervalMs) <= 0) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            notes.add("needs fanoutMaxConcurrency=" + hi + " (deployed default " + sc.maxConcurrency()
                    + ") to finish within " + minutes(intervalMs));
            concurrency = hi;
        }
        FanoutRun run = new FanoutRun(
                shards,
                memory,
                planMs,
                shardMs,
                mergeMs,
                ephemeralMb(shardMb.multiply(sc.quarantineShare())),
                ephemeralMb(spillMb),
                concurrency);
        VariantCost vc = model.lambdaFanout(atInput(withWork(scenario, shardMs, shardMb), sizeMb), run);
        if (memory > memory0) {
            notes.add("shard memory raised from " + memory0 + " MB for CPU");
        }
        if (wanted > shards && shards == sc.maxShards()) {
            notes.add("shards capped at " + sc.maxShards() + " (the deployed fanoutMaxShards): each shard is "
                    + DataSize.text(shardMb));
        }
        s3Bound(shardMb, Workload.vcpusAt(book, memory), lambdaNetMbPerSecond, LAMBDA_NETWORK)
                .ifPresent(notes::add);
        String config = shards + " x " + DataSize.text(shardMb) + " at " + memory + " MB, " + concurrency + " at once";
        return new Option(
                SizeSweepResult.FANOUT,
                vc.label(),
                true,
                config,
                shardMs,
                wall.apply(concurrency),
                vc.perRunUsd(),
                vc.perMonthUsd(),
                null,
                String.join("; ", notes),
                vc.monthlyLines());
    }

    /** Why an instance type cannot do the hour: the limit's id and the reason in words. */
    private record RuledOut(InstanceSpec spec, String limit, String reason) {}

    /**
     * EC2 always on: the cheapest type (instance, EBS, surplus CPU credits) whose memory holds the OS, its agents and
     * the job's JVM, and whose run (CPU on its vCPUs, or reading at its sustained network bandwidth, the longer, plus
     * writing the quarantined rows at its EBS bandwidth) ends within the planned share of the runner's unit timeout
     * and before the next run; the note names the limit that ruled out each cheaper type.
     */
    public Option ec2(BigDecimal sizeMb) {
        Option best = null;
        InstanceSpec largest = null;
        List<RuledOut> ruledOut = new ArrayList<>();
        List<Option> ruledOutCost = new ArrayList<>();
        for (InstanceSpec spec : ec2Candidates) {
            if (largest == null || spec.vcpus() > largest.vcpus()) {
                largest = spec;
            }
            BigDecimal d = ec2Ms(spec, sizeMb);
            Optional<RuledOut> why = ec2Limit(spec, sizeMb, d);
            Option o = ec2Option(spec, sizeMb, d);
            if (why.isPresent()) {
                ruledOut.add(why.get());
                ruledOutCost.add(o);
                continue;
            }
            if (o != null && (best == null || o.perMonthUsd().compareTo(best.perMonthUsd()) < 0)) {
                best = o;
            }
        }
        if (best != null) {
            List<String> cheaper = new ArrayList<>();
            for (int i = 0; i < ruledOut.size(); i++) {
                Option o = ruledOutCost.get(i);
                if (o != null && o.perMonthUsd().compareTo(best.perMonthUsd()) < 0) {
                    cheaper.add(ruledOut.get(i).spec().type() + " ("
                            + ruledOut.get(i).reason() + ")");
                }
            }
            if (cheaper.isEmpty()) {
                return best;
            }
            return new Option(
                    best.variant(),
                    best.label(),
                    true,
                    best.config(),
                    best.durationMs(),
                    best.wallMs(),
                    best.perRunUsd(),
                    best.perMonthUsd(),
                    best.limit(),
                    best.note() + "; cheaper types ruled out: " + String.join(", ", cheaper),
                    best.lines());
        }
        if (largest == null) {
            throw new IllegalArgumentException("price book " + book.id() + " describes no priced EC2 instance type");
        }
        InstanceSpec top = largest;
        RuledOut why =
                ruledOut.stream().filter(r -> r.spec().equals(top)).findFirst().orElseThrow();
        return doesNotFit(
                SizeSweepResult.EC2,
                "EC2 always on",
                why.limit(),
                "the largest type considered (" + top.type() + ", " + top.vcpus() + " vCPU): " + why.reason());
    }

    /** One run's time on an instance type: fixed, then CPU or network (the longer), then the spill to EBS. */
    private BigDecimal ec2Ms(InstanceSpec spec, BigDecimal sizeMb) {
        BigDecimal vcpus = BigDecimal.valueOf(spec.vcpus());
        BigDecimal cap = spec.networkBaselineGbps() == null ? null : gbpsToMbPerSecond(spec.networkBaselineGbps());
        BigDecimal d = scenario.scale().ec2FixedMs().add(processingMs(sizeMb, vcpus, cap));
        if (spec.ebsBaselineMbps() != null) {
            BigDecimal spillMb = sizeMb.multiply(scenario.scale().quarantineShare());
            d = d.add(spillMb.multiply(THOUSAND).divide(mbpsToMbPerSecond(spec.ebsBaselineMbps()), MC));
        }
        return d.setScale(0, RoundingMode.CEILING);
    }

    /** The first limit an instance type breaks at this size, if any: memory, then time (network or CPU). */
    private Optional<RuledOut> ec2Limit(InstanceSpec spec, BigDecimal sizeMb, BigDecimal durationMs) {
        BigDecimal needMb = limits.osReserveMb().add(limits.jvmMb());
        if (BigDecimal.valueOf(spec.memoryMib()).compareTo(needMb) < 0) {
            return Optional.of(new RuledOut(
                    spec,
                    EC2_MEMORY_LIMIT,
                    "memory: " + spec.memoryMib() + " MiB < " + Money.plain(limits.osReserveMb(), 0)
                            + " MB for the OS and agents + " + Money.plain(limits.jvmMb(), 0) + " MB for the JVM"));
        }
        if (spec.networkBaselineGbps() == null) {
            return Optional.of(new RuledOut(
                    spec,
                    EC2_NETWORK_LIMIT,
                    "network: the price book gives no sustained bandwidth for it, so the hour's reading cannot be"
                            + " checked"));
        }
        if (durationMs.compareTo(plannedEc2Ms) <= 0) {
            return Optional.empty();
        }
        BigDecimal vcpus = BigDecimal.valueOf(spec.vcpus());
        BigDecimal cpu = sizeMb.multiply(work.msPerMbPerVcpu()).divide(vcpus, MC);
        BigDecimal cap = spec.networkBaselineGbps() == null ? null : gbpsToMbPerSecond(spec.networkBaselineGbps());
        BigDecimal net = networkMs(sizeMb, vcpus, cap);
        boolean networkBound = net != null && net.compareTo(cpu) > 0;
        boolean instanceNetwork =
                networkBound && cap != null && readMbPerSecond(vcpus, cap).compareTo(cap) == 0;
        String limit = instanceNetwork ? EC2_NETWORK_LIMIT : EC2_TIMEOUT_LIMIT;
        String what = instanceNetwork
                ? "network: reading " + DataSize.text(sizeMb) + " at its sustained "
                        + Money.plain(spec.networkBaselineGbps(), 3)
                        + " Gbit/s (bursts up to " + Money.plain(spec.networkBurstGbps(), 1) + " last minutes) takes "
                        + minutes(net)
                : networkBound
                        ? "time: reading through S3 connections takes " + minutes(net)
                        : "time: " + minutes(durationMs) + " of CPU on " + spec.vcpus() + " vCPU";
        return Optional.of(new RuledOut(
                spec,
                limit,
                what + ", over the planned " + plannedText(plannedEc2Ms, ec2TimeoutMs)
                        + (ec2TimeoutMs.compareTo(intervalMs) < 0 ? " of the runner (TimeoutStartSec)" : "")));
    }

    /** The scenario with the data bucket keeping {@code sizeMb} a run (the row's size, whatever a step reads). */
    private static Scenario atInput(Scenario sc, BigDecimal sizeMb) {
        return sc.withDeployment(sc.deployment().withInputMbPerRun(sizeMb));
    }

    private Option ec2Option(InstanceSpec spec, BigDecimal sizeMb, BigDecimal durationMs) {
        Scenario sc = atInput(scenario.withInstanceType(spec.type()), sizeMb);
        VariantCost vc = model.ec2AlwaysOn(sc);
        List<CostLine> lines = new ArrayList<>(vc.monthlyLines());
        List<String> notes = new ArrayList<>();
        BigDecimal runs = sc.schedule().runsPerMonth();
        if (spec.burstable()) {
            BigDecimal cpuMsPerRun = scenario.scale().ec2FixedMs().add(sizeMb.multiply(work.msPerMbPerVcpu()));
            BigDecimal used = runs.multiply(cpuMsPerRun).divide(MS_PER_HOUR, MC);
            BigDecimal baseline = sc.schedule()
                    .hoursPerMonth()
                    .multiply(spec.baselinePercentPerVcpu())
                    .divide(BigDecimal.valueOf(100), MC)
                    .multiply(BigDecimal.valueOf(spec.vcpus()));
            BigDecimal surplus = used.subtract(baseline);
            if (surplus.signum() > 0) {
                Optional<PriceLine> credit = book.find("ec2." + spec.family() + ".unlimited.vcpuHour");
                if (credit.isEmpty()) {
                    return null; // cannot price the surplus credits: not a candidate
                }
                lines.add(CostLine.of(
                        "ec2.surplusCredits",
                        credit.get(),
                        surplus,
                        Money.plain(used, 3) + " vCPU-hours used vs " + Money.plain(baseline, 3) + " baseline ("
                                + Money.plain(spec.baselinePercentPerVcpu(), 0) + " % of " + spec.vcpus()
                                + " vCPU), unlimited mode"));
                notes.add("burstable: pays surplus CPU credits above its baseline");
            }
        }
        BigDecimal month = CostModel.sum(lines);
        BigDecimal perRun = runs.signum() == 0 ? null : month.divide(runs, MC);
        notes.add("a run takes " + minutes(durationMs) + ", " + percent(durationMs, ec2TimeoutMs) + " of the "
                + minutes(ec2TimeoutMs) + (ec2TimeoutMs.compareTo(intervalMs) < 0 ? " unit timeout" : " between runs"));
        s3Bound(
                        sizeMb,
                        BigDecimal.valueOf(spec.vcpus()),
                        spec.networkBaselineGbps() == null ? null : gbpsToMbPerSecond(spec.networkBaselineGbps()),
                        EC2_NETWORK_LIMIT + " "
                                + Money.plain(
                                        spec.networkBaselineGbps() == null
                                                ? BigDecimal.ZERO
                                                : spec.networkBaselineGbps(),
                                        3))
                .ifPresent(notes::add);
        if (spec.unverified() != null) {
            notes.add("unverified in the price book: " + spec.unverified());
        }

        return new Option(
                SizeSweepResult.EC2,
                "EC2 " + spec.type() + " always on",
                true,
                spec.type() + " (" + spec.vcpus() + " vCPU, " + spec.memoryMib() / 1024.0 + " GiB)",
                durationMs,
                durationMs,
                perRun,
                month,
                null,
                String.join("; ", notes),
                lines);
    }

    /** The smallest size (to 1 MB, up to {@link #SEARCH_MAX_MB}) at which a variant stops fitting, and why. */
    public LimitHit firstLimit(String variant) {
        Function<BigDecimal, Option> at = mb -> option(variant, mb);
        Option top = at.apply(SEARCH_MAX_MB);
        if (top.fits()) {
            return new LimitHit(
                    variant, top.label(), null, null, "fits up to " + DataSize.text(SEARCH_MAX_MB) + " an hour");
        }
        long lo = 0;
        long hi = SEARCH_MAX_MB.longValueExact();
        Option failing = top;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            Option o = at.apply(BigDecimal.valueOf(mid));
            if (o.fits()) {
                lo = mid;
            } else {
                hi = mid;
                failing = o;
            }
        }
        return new LimitHit(variant, failing.label(), BigDecimal.valueOf(hi), failing.limit(), failing.note());
    }

    private Option option(String variant, BigDecimal mb) {
        return switch (variant) {
            case SizeSweepResult.LAMBDA -> singleLambda(mb);
            case SizeSweepResult.FANOUT -> fanout(mb);
            case SizeSweepResult.EC2 -> ec2(mb);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }

    private List<Crossover> crossovers(List<Row> dense) {
        List<Crossover> out = new ArrayList<>();
        List<String> vs = SizeSweepResult.VARIANTS;
        for (int i = 0; i + 1 < dense.size(); i++) {
            Row a = dense.get(i);
            Row b = dense.get(i + 1);
            for (int x = 0; x < vs.size(); x++) {
                for (int y = x + 1; y < vs.size(); y++) {
                    int before = sign(a, vs.get(x), vs.get(y));
                    int after = sign(b, vs.get(x), vs.get(y));
                    if (before == 0 || after == 0 || before == after) {
                        continue;
                    }
                    Crossover c = bisect(a.sizeMb(), b.sizeMb(), vs.get(x), vs.get(y), before);
                    if (c.cheaperBelow()
                                    .equals(row(c.sizeMb().subtract(BigDecimal.ONE))
                                            .cheapest())
                            && c.cheaperAbove().equals(row(c.sizeMb()).cheapest())) {
                        out.add(c); // the cheapest changes here; two dearer variants swapping places is not a crossover
                    }
                }
            }
        }
        return out;
    }

    /** -1 when {@code x} is cheaper, 1 when {@code y} is, 0 when either does not fit or they cost the same. */
    private static int sign(Row r, String x, String y) {
        Option ox = r.option(x);
        Option oy = r.option(y);
        if (!ox.fits() || !oy.fits()) {
            return 0;
        }
        return Integer.signum(ox.perMonthUsd().compareTo(oy.perMonthUsd()));
    }

    private Crossover bisect(BigDecimal lo, BigDecimal hi, String x, String y, int signAtLo) {
        BigDecimal l = lo;
        BigDecimal h = hi;
        while (h.subtract(l).compareTo(BigDecimal.ONE) > 0) {
            BigDecimal mid = l.add(h).divide(BigDecimal.valueOf(2), 0, RoundingMode.HALF_UP);
            if (mid.compareTo(l) <= 0 || mid.compareTo(h) >= 0) {
                break;
            }
            int s = sign(row(mid), x, y);
            if (s == signAtLo) {
                l = mid;
            } else if (s == 0) {
                break;
            } else {
                h = mid;
            }
        }
        Row r = row(h);
        BigDecimal cost = r.option(signAtLo < 0 ? y : x).fits()
                ? r.option(signAtLo < 0 ? y : x).perMonthUsd()
                : null;
        return new Crossover(Money.normalize(h), cost, signAtLo < 0 ? x : y, signAtLo < 0 ? y : x);
    }

    /** Log-spaced sizes from {@code from} to {@code to}, both included. */
    static List<BigDecimal> grid(BigDecimal from, BigDecimal to) {
        TreeSet<BigDecimal> g = new TreeSet<>();
        g.add(Money.normalize(from));
        g.add(Money.normalize(to));
        double a = Math.log(from.doubleValue());
        double b = Math.log(to.doubleValue());
        for (int i = 1; i < CURVE_POINTS - 1 && b > a; i++) {
            double mb = Math.exp(a + (b - a) * i / (CURVE_POINTS - 1));
            g.add(BigDecimal.valueOf(Math.max(1, Math.round(mb))));
        }
        return List.copyOf(g);
    }

    private List<String> assumptions() {
        Scenario.Scale sc = scenario.scale();
        List<String> a = new ArrayList<>();
        a.add("work: " + work.source());
        a.add("a run takes fixed + size x " + Money.plain(work.msPerMbPerVcpu(), 3) + " CPU ms/MB / vCPUs (fixed "
                + Money.plain(work.fixedMs(), 0) + " ms on Lambda, " + Money.plain(sc.ec2FixedMs(), 0)
                + " ms on EC2: JVM"
                + " start and listing), or reading the hour through the network if that takes longer; Lambda's vCPUs ="
                + " memory / lambda.cpu.fullVcpuAtMb, at most lambda.cpu.maxVcpus; EC2: the instance's vCPUs, one core"
                + " thread each; the core is assumed to scale linearly with threads (modelled: this machine has 2 cores"
                + " and cannot show more)");
        if (s3MbPerSecond != null) {
            a.add("network: each thread reads through one S3 connection of at most " + Money.plain(s3MbPerSecond, 0)
                    + " MB/s (s3.guidance.mbPerSecondPerConnection); EC2 all together at most the type's sustained"
                    + " (baseline) network bandwidth, not its minutes-long burst (price book instances[], limitsSource);"
                    + " Lambda all together at most "
                    + (lambdaNetMbPerSecond == null
                            ? "(no " + LAMBDA_NETWORK + " line: not capped)"
                            : Money.plain(lambdaNetMbPerSecond, 0) + " MB/s, an ASSUMPTION (" + LAMBDA_NETWORK
                                    + "): AWS publishes no Lambda network bandwidth"));
        }
        a.add("timeouts: runs are planned to at most " + percent(limits.timeoutShare(), BigDecimal.ONE)
                + " of a timeout: Lambda " + plannedText(plannedLambdaMs, timeoutMs) + ", EC2 "
                + plannedText(plannedEc2Ms, ec2TimeoutMs) + ", the runner's TimeoutStartSec of "
                + EC2_UNIT_TIMEOUT_MINUTES + " min or the time between runs, the shorter; an S3-triggered Lambda that"
                + " times out is retried twice (" + ASYNC_ATTEMPTS + " attempts billed, no output): each row says what"
                + " that would cost");
        a.add("memory: the core streams and its heap does not grow with the hour (docs/RELIABILITY.md, bounded-memory"
                + " test): the JVM takes " + Money.plain(limits.jvmMb(), 0) + " MB at every size (" + limits.jvmSource()
                + "); an instance needs that plus " + Money.plain(limits.osReserveMb(), 0)
                + " MB for the OS and agents (modelled); Lambda memory is raised to hold the JVM, then only to buy CPU; "
                + Money.plain(sc.quarantineShare().movePointRight(2), 2)
                + " % of input bytes are quarantined and spilled to /tmp (EC2: at the type's EBS baseline bandwidth)");
        a.add("fan-out: one shard per " + sc.shardTargetMb() + " MB, at most " + sc.maxShards()
                + " shards (the deployed fanoutMaxShards), Plan " + Money.plain(sc.planMs(), 0) + " ms, Merge "
                + Money.plain(sc.mergeFixedMs(), 0) + " ms + " + Money.plain(sc.mergeMsPerShard(), 1) + " ms per shard"
                + (s3MbPerSecond == null ? "" : " + reading and writing the quarantined rows through one S3 connection")
                + ","
                + " Map MaxConcurrency " + sc.maxConcurrency()
                + " (raised when the hour needs it); every invocation priced cold (shards of one execution start"
                + " together, so few find a warm environment);"
                + " the largest payload is Merge's input, about 200 bytes a shard ("
                + Money.plain(BigDecimal.valueOf(sc.maxShards() * 200L).divide(BigDecimal.valueOf(1024), MC), 0)
                + " KB at " + sc.maxShards()
                + " shards), under stepfunctions.limits.stateKb and lambda.limits.payloadMbSync");
        a.add(
                "EC2: always on, the cheapest type in the price book (instance + EBS + unlimited-mode surplus CPU credits)"
                        + " that fits memory, network and time; each row names the limit that ruled out cheaper types");
        a.add("Lambda: INIT " + Money.plain(work.initMs(), 0)
                + " ms per cold invocation, billed as the price book says;" + " cold start share "
                + Money.plain(scenario.run().coldStartShare(), 2) + "; no free tier");
        a.add(
                work.measured()
                        ? "measured at " + DataSize.text(work.basisSizeMb()) + " only (on this machine's CPU and"
                                + " S3 server, priced as " + scenario.lambda().arch() + " and the listed EC2 types:"
                                + " modelled); every other size is modelled"
                        : "every size is modelled (nothing measured: the workload is the scenario's)");
        return a;
    }

    // ---- time model -------------------------------------------------------------------------------------------

    /** CPU work on {@code vcpus} or reading through the network at {@code capMbPerSecond} (null: no cap), the longer. */
    private BigDecimal processingMs(BigDecimal sizeMb, BigDecimal vcpus, BigDecimal capMbPerSecond) {
        BigDecimal cpu = sizeMb.multiply(work.msPerMbPerVcpu()).divide(vcpus, MC);
        BigDecimal net = networkMs(sizeMb, vcpus, capMbPerSecond);
        return net == null ? cpu : cpu.max(net);
    }

    /** Reading {@code sizeMb}: one S3 connection per whole vCPU, all of them together at most {@code capMbPerSecond}. */
    private BigDecimal networkMs(BigDecimal sizeMb, BigDecimal vcpus, BigDecimal capMbPerSecond) {
        BigDecimal rate = readMbPerSecond(vcpus, capMbPerSecond);
        return rate == null ? null : sizeMb.multiply(THOUSAND).divide(rate, MC);
    }

    private BigDecimal readMbPerSecond(BigDecimal vcpus, BigDecimal capMbPerSecond) {
        BigDecimal rate = null;
        if (s3MbPerSecond != null) {
            BigDecimal connections = vcpus.setScale(0, RoundingMode.FLOOR).max(BigDecimal.ONE);
            rate = s3MbPerSecond.multiply(connections);
        }
        if (capMbPerSecond != null) {
            rate = rate == null ? capMbPerSecond : rate.min(capMbPerSecond);
        }
        return rate;
    }

    private Optional<String> s3Bound(BigDecimal sizeMb, BigDecimal vcpus, BigDecimal capMbPerSecond, String capName) {
        BigDecimal net = networkMs(sizeMb, vcpus, capMbPerSecond);
        BigDecimal cpu = sizeMb.multiply(work.msPerMbPerVcpu()).divide(vcpus, MC);
        if (net == null || net.compareTo(cpu) <= 0) {
            return Optional.empty();
        }
        BigDecimal rate = readMbPerSecond(vcpus, capMbPerSecond);
        boolean capped = capMbPerSecond != null && rate.compareTo(capMbPerSecond) == 0;
        return Optional.of("network-bound: reading at " + Money.plain(rate, 1) + " MB/s ("
                + (capped ? capName : "s3.guidance.mbPerSecondPerConnection") + ") takes longer than parsing");
    }

    /** Megabytes (2^20 bytes) a second from gigabits (10^9 bits) a second. */
    static BigDecimal gbpsToMbPerSecond(BigDecimal gbps) {
        return gbps.multiply(BigDecimal.valueOf(1_000_000_000L / 8)).divide(BigDecimal.valueOf(1 << 20), MC);
    }

    /** Megabytes (2^20 bytes) a second from megabits (10^6 bits) a second. */
    static BigDecimal mbpsToMbPerSecond(int mbps) {
        return BigDecimal.valueOf(mbps * 1_000_000L / 8).divide(BigDecimal.valueOf(1 << 20), MC);
    }

    /**
     * One invocation's handler time, exact: Lambda's pricing rounds it (with INIT on a cold run) up to the billing
     * granularity once, as the cost table does; rounding here too billed up to 1 ms more.
     */
    private BigDecimal lambdaMs(BigDecimal workMb, int memoryMb) {
        return work.fixedMs().add(processingMs(workMb, Workload.vcpusAt(book, memoryMb), lambdaNetMbPerSecond));
    }

    /**
     * The smallest memory from {@code startMb} up that finishes {@code workMb} within the planned share of the timeout,
     * or null.
     */
    private Integer memoryToFit(BigDecimal workMb, int startMb) {
        if (lambdaMs(workMb, startMb).compareTo(plannedLambdaMs) <= 0) {
            return startMb;
        }
        if (lambdaMs(workMb, maxMemoryMb).compareTo(plannedLambdaMs) > 0) {
            return null;
        }
        int lo = startMb;
        int hi = maxMemoryMb;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (lambdaMs(workMb, mid).compareTo(plannedLambdaMs) <= 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** "12.0 min (80 % of the 15.0 min timeout)". */
    private String plannedText(BigDecimal planned, BigDecimal timeout) {
        return minutes(planned) + " (" + percent(limits.timeoutShare(), BigDecimal.ONE) + " of the " + minutes(timeout)
                + " timeout)";
    }

    /** The Lambda memory a run starts from: the scenario's, raised to hold the JVM. */
    private int lambdaStartMb(int memory0) {
        int jvm = limits.jvmMb().setScale(0, RoundingMode.CEILING).intValueExact();
        return Math.min(maxMemoryMb, Math.max(memory0, jvm));
    }

    private int ephemeralMb(BigDecimal spillMb) {
        return Math.max(
                minEphemeralMb, spillMb.setScale(0, RoundingMode.CEILING).intValueExact());
    }

    /** The scenario with one invocation's duration, data size and the workload's INIT (no slope: it is already applied). */
    private Scenario withWork(Scenario s, BigDecimal durationMs, BigDecimal sizeMb) {
        Scenario.Run r = s.run();
        return s.withRun(new Scenario.Run(durationMs, null, work.initMs(), r.coldStartShare(), sizeMb, null));
    }

    private static List<InstanceSpec> candidates(PriceBook book, List<String> types) {
        List<InstanceSpec> out = new ArrayList<>();
        if (types.isEmpty()) {
            out.addAll(book.instances());
        } else {
            for (String t : types) {
                out.add(book.instance(t)
                        .orElseThrow(() -> new IllegalArgumentException("scale.ec2Types: price book " + book.id()
                                + " does not describe instance type " + t + " (vCPUs, memory); it describes "
                                + book.instances().stream()
                                        .map(InstanceSpec::type)
                                        .toList())));
            }
        }
        return out.stream()
                .filter(i -> book.find("ec2." + i.type() + ".hour").isPresent()
                        || book.find("ec2." + i.type() + ".month").isPresent())
                .toList();
    }

    private static Option doesNotFit(String variant, String label, String limit, String why) {
        return new Option(variant, label, false, "does not fit", null, null, null, null, limit, why, List.of());
    }

    private String vcpuText(int memoryMb) {
        return Money.plain(Workload.vcpusAt(book, memoryMb), 2) + " vCPU";
    }

    static String minutes(BigDecimal ms) {
        BigDecimal min = ms.divide(BigDecimal.valueOf(60_000), MC);
        return min.compareTo(BigDecimal.ONE) < 0
                ? Money.plain(ms.divide(THOUSAND, MC), 1) + " s"
                : Money.plain(min, 1) + " min";
    }

    private static String percent(BigDecimal part, BigDecimal whole) {
        return Money.plain(part.multiply(BigDecimal.valueOf(100)).divide(whole, MC), 1) + " %";
    }
}
