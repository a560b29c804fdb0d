package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schedule and a workload to price, as a user-writable JSON file (format in {@code docs/REPORT-FORMAT.md});
 * load one with {@link #load(String)}, change fields with the {@code with...} methods.
 */
public record Scenario(
        String name,
        String description,
        String priceBook,
        Schedule schedule,
        Run run,
        LambdaSettings lambda,
        Ec2Settings ec2,
        Hidden hidden,
        Scale scale,
        DeploymentUsage deployment,
        Discounts discounts) {

    /** The scenarios shipped in the jar under {@code scenarios/}. */
    public static final List<String> BUILT_IN = List.of("seed-2017", "hourly-2026");

    /** Hours in a month when a scenario gives no days per month. */
    public static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    public Scenario {
        requireNonNull(name, "name is required");
        requireNonNull(priceBook, "priceBook is required");
        description = description == null ? "" : description;
        requireNonNull(schedule, "schedule is required");
        run = run == null ? new Run(null, null, null, null, null, null) : run;
        lambda = lambda == null ? new LambdaSettings(null, null, null, null, null) : lambda;
        ec2 = ec2 == null ? new Ec2Settings(null, null, null, null, null) : ec2;
        hidden = hidden == null ? new Hidden(null, null, null, null) : hidden;
        scale = scale == null ? Scale.DEFAULTS : scale;
        deployment = deployment == null ? DeploymentUsage.NONE : deployment;
        discounts = discounts == null ? Discounts.NONE : discounts;
    }

    /** A scenario without discounts (no {@code discounts} section): no EC2 free tier, no commitment. */
    public Scenario(
            String name,
            String description,
            String priceBook,
            Schedule schedule,
            Run run,
            LambdaSettings lambda,
            Ec2Settings ec2,
            Hidden hidden,
            Scale scale,
            DeploymentUsage deployment) {
        this(name, description, priceBook, schedule, run, lambda, ec2, hidden, scale, deployment, null);
    }

    /** A scenario without deployment data (no {@code deployment} section): only the variants' own lines are priced. */
    public Scenario(
            String name,
            String description,
            String priceBook,
            Schedule schedule,
            Run run,
            LambdaSettings lambda,
            Ec2Settings ec2,
            Hidden hidden,
            Scale scale) {
        this(name, description, priceBook, schedule, run, lambda, ec2, hidden, scale, null, null);
    }

    /**
     * What the deployed stacks create and how much of it a month uses, for the lines beside compute
     * ({@link DeploymentCosts}): {@code inventory} names the resources (a built-in deployment under
     * {@code deployments/}, or a file in the form {@code twinrun infra inventory --json} prints; none: no deployment
     * lines), {@code freeTier} applies the always-free tiers of CloudWatch, SQS, SNS and Step Functions (and S3's
     * 12-month one; default off), {@code emfMetrics} the custom metrics each variant writes (EMF metric names x the
     * one dimension value, as adapter-common's Telemetry contract defines them), {@code flowLogBytesPerHour} the VPC
     * flow log bytes delivered an hour (modelled; default 0), {@code failedRunsPerMonth} the runs whose event lands in
     * the failure queue (default 0) and {@code s3StoredGb} the GB-month kept in the data bucket (none: modelled as
     * the run's input size x runs a day x the bucket's raw-input expiration days) and {@code inputMbPerRun} the input
     * a run reads (none: the run's {@code dataSizeMb}; the size sweep sets it to the row's size).
     */
    public record DeploymentUsage(
            String inventory,
            Boolean freeTier,
            Map<String, Integer> emfMetrics,
            BigDecimal flowLogBytesPerHour,
            BigDecimal failedRunsPerMonth,
            BigDecimal s3StoredGb,
            BigDecimal inputMbPerRun) {
        static final DeploymentUsage NONE = new DeploymentUsage(null, null, null, null, null, null, null);

        public DeploymentUsage {
            freeTier = freeTier != null && freeTier;
            emfMetrics = emfMetrics == null ? Map.of() : Map.copyOf(emfMetrics);
            flowLogBytesPerHour = flowLogBytesPerHour == null ? BigDecimal.ZERO : flowLogBytesPerHour;
            failedRunsPerMonth = failedRunsPerMonth == null ? BigDecimal.ZERO : failedRunsPerMonth;
            requirePositiveOrZero(flowLogBytesPerHour, "deployment.flowLogBytesPerHour");
            requirePositiveOrZero(failedRunsPerMonth, "deployment.failedRunsPerMonth");
            if (s3StoredGb != null) {
                requirePositiveOrZero(s3StoredGb, "deployment.s3StoredGb");
            }
            if (inputMbPerRun != null) {
                requirePositiveOrZero(inputMbPerRun, "deployment.inputMbPerRun");
            }
            emfMetrics.forEach((variant, count) -> {
                if (count == null || count < 0) {
                    throw new IllegalArgumentException("deployment.emfMetrics." + variant + " must be 0 or more");
                }
            });
        }

        /** The same usage with the input of a run (what the data bucket keeps) set to {@code mb}. */
        public DeploymentUsage withInputMbPerRun(BigDecimal mb) {
            return new DeploymentUsage(
                    inventory, freeTier, emfMetrics, flowLogBytesPerHour, failedRunsPerMonth, s3StoredGb, mb);
        }

        /** The same usage with the resources read from {@code nameOrPath} (a built-in deployment or inventory JSON). */
        public DeploymentUsage withInventory(String nameOrPath) {
            return new DeploymentUsage(
                    nameOrPath,
                    freeTier,
                    emfMetrics,
                    flowLogBytesPerHour,
                    failedRunsPerMonth,
                    s3StoredGb,
                    inputMbPerRun);
        }

        /** The same usage with the free tier switched {@code on}. */
        public DeploymentUsage withFreeTier(boolean on) {
            return new DeploymentUsage(
                    inventory, on, emfMetrics, flowLogBytesPerHour, failedRunsPerMonth, s3StoredGb, inputMbPerRun);
        }

        /** Whether the scenario names deployment data. */
        public boolean present() {
            return inventory != null && !inventory.isBlank();
        }
    }

    /**
     * Discounts beside the Lambda free tier ({@code lambda.freeTier}) and the services' ({@code deployment.freeTier}):
     * {@code ec2FreeTier} applies EC2's 750 h a month ({@code ec2.freeTier.hours}: t2.micro, or t3.micro where the
     * book has no t2.micro; accounts in their first 12 months that qualify; default off), and
     * {@code lambdaCommitmentPercent} / {@code ec2CommitmentPercent} a Savings Plans discount on each side's compute
     * lines only (Lambda duration; EC2 instance hours and Fargate vCPU and memory), never requests, storage or
     * CloudWatch (default 0; at most the book's {@code savingsPlans.*.maxPercent}).
     */
    public record Discounts(Boolean ec2FreeTier, BigDecimal lambdaCommitmentPercent, BigDecimal ec2CommitmentPercent) {
        static final Discounts NONE = new Discounts(null, null, null);

        public Discounts {
            ec2FreeTier = ec2FreeTier != null && ec2FreeTier;
            lambdaCommitmentPercent = lambdaCommitmentPercent == null ? BigDecimal.ZERO : lambdaCommitmentPercent;
            ec2CommitmentPercent = ec2CommitmentPercent == null ? BigDecimal.ZERO : ec2CommitmentPercent;
            requirePercent(lambdaCommitmentPercent, "discounts.lambdaCommitmentPercent");
            requirePercent(ec2CommitmentPercent, "discounts.ec2CommitmentPercent");
        }

        /** Whether a commitment discount is set on either side. */
        public boolean anyCommitment() {
            return lambdaCommitmentPercent.signum() > 0 || ec2CommitmentPercent.signum() > 0;
        }

        public Discounts withEc2FreeTier(boolean on) {
            return new Discounts(on, lambdaCommitmentPercent, ec2CommitmentPercent);
        }

        public Discounts withCommitments(BigDecimal lambdaPercent, BigDecimal ec2Percent) {
            return new Discounts(ec2FreeTier, lambdaPercent, ec2Percent);
        }

        private static void requirePercent(BigDecimal v, String name) {
            if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(100)) >= 0) {
                throw new IllegalArgumentException(name + " must be within 0..100 (exclusive): " + v);
            }
        }
    }

    /** How often the job runs: runs a day, and days a month (none: a month is 730 h = 730/24 days). */
    public record Schedule(BigDecimal runsPerDay, BigDecimal daysPerMonth) {
        public Schedule {
            requireNonNull(runsPerDay, "schedule.runsPerDay is required");
            requirePositiveOrZero(runsPerDay, "runsPerDay");
            if (daysPerMonth != null && daysPerMonth.signum() <= 0) {
                throw new IllegalArgumentException("daysPerMonth must be positive: " + daysPerMonth);
            }
        }

        /** Days in the scenario's month: {@code daysPerMonth}, else 730 / 24. */
        public BigDecimal effectiveDaysPerMonth() {
            return daysPerMonth != null
                    ? daysPerMonth
                    : HOURS_PER_MONTH.divide(BigDecimal.valueOf(24), MathContext.DECIMAL128);
        }

        /** Hours in the scenario's month: days x 24, else 730. */
        public BigDecimal hoursPerMonth() {
            return daysPerMonth != null ? daysPerMonth.multiply(BigDecimal.valueOf(24)) : HOURS_PER_MONTH;
        }

        /** Runs in the scenario's month. */
        public BigDecimal runsPerMonth() {
            return daysPerMonth != null
                    ? runsPerDay.multiply(daysPerMonth)
                    : runsPerDay.multiply(HOURS_PER_MONTH).divide(BigDecimal.valueOf(24), MathContext.DECIMAL128);
        }
    }

    /**
     * One run of the job: handler duration (default 60,000 ms), warm-run duration (default: the same), Lambda init
     * (default 0), share of runs that are cold starts (default 1: an hourly job finds no warm instance), data size
     * (default 0 MB) and the extra milliseconds per extra MB (none: duration does not depend on size).
     */
    public record Run(
            BigDecimal durationMs,
            BigDecimal warmDurationMs,
            BigDecimal initMs,
            BigDecimal coldStartShare,
            BigDecimal dataSizeMb,
            BigDecimal msPerMb) {
        public Run {
            durationMs = durationMs == null ? new BigDecimal("60000") : durationMs;
            initMs = initMs == null ? BigDecimal.ZERO : initMs;
            coldStartShare = coldStartShare == null ? BigDecimal.ONE : coldStartShare;
            dataSizeMb = dataSizeMb == null ? BigDecimal.ZERO : dataSizeMb;
            requirePositiveOrZero(durationMs, "durationMs");
            requirePositiveOrZero(initMs, "initMs");
            requirePositiveOrZero(dataSizeMb, "dataSizeMb");
            if (warmDurationMs != null) {
                requirePositiveOrZero(warmDurationMs, "warmDurationMs");
            }
            if (coldStartShare.signum() < 0 || coldStartShare.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("coldStartShare must be within 0..1: " + coldStartShare);
            }
        }

        /** Duration of a warm run: {@code warmDurationMs}, else {@code durationMs}. */
        public BigDecimal effectiveWarmDurationMs() {
            return warmDurationMs != null ? warmDurationMs : durationMs;
        }
    }

    /**
     * The Lambda variant: memory (default 1024 MB), arch {@code x86_64}|{@code arm64} (default x86_64), ephemeral
     * storage (default 512 MB), free tier (default off), init billed (default: as the price book says).
     */
    public record LambdaSettings(
            Integer memoryMb, String arch, Integer ephemeralStorageMb, Boolean freeTier, Boolean initBilled) {
        private static final Set<String> ARCHES = Set.of("x86_64", "arm64");

        public LambdaSettings {
            memoryMb = memoryMb == null ? 1024 : memoryMb;
            arch = arch == null ? "x86_64" : arch;
            ephemeralStorageMb = ephemeralStorageMb == null ? 512 : ephemeralStorageMb;
            freeTier = freeTier != null && freeTier;
            if (!ARCHES.contains(arch)) {
                throw new IllegalArgumentException("arch must be one of " + ARCHES + ": " + arch);
            }
            if (memoryMb <= 0) {
                throw new IllegalArgumentException("memoryMb must be positive: " + memoryMb);
            }
        }
    }

    /**
     * The EC2 variant: instance type (default t3.micro), EBS gp3 size (default 8 GB), boot and shutdown time for a
     * started-per-run instance (default 40 s and 5 s), run duration on EC2 (default: the run's duration).
     */
    public record Ec2Settings(
            String instanceType,
            BigDecimal ebsGb,
            BigDecimal bootSeconds,
            BigDecimal shutdownSeconds,
            BigDecimal durationMs) {
        public Ec2Settings {
            instanceType = instanceType == null ? "t3.micro" : instanceType;
            ebsGb = ebsGb == null ? new BigDecimal("8") : ebsGb;
            bootSeconds = bootSeconds == null ? new BigDecimal("40") : bootSeconds;
            shutdownSeconds = shutdownSeconds == null ? new BigDecimal("5") : shutdownSeconds;
            requirePositiveOrZero(ebsGb, "ebsGb");
            requirePositiveOrZero(bootSeconds, "bootSeconds");
            requirePositiveOrZero(shutdownSeconds, "shutdownSeconds");
        }
    }

    /** Costs beside compute, per run, the same for every variant: log bytes ingested and S3 requests (default 0). */
    public record Hidden(BigDecimal logBytesPerRun, Long s3GetPerRun, Long s3PutPerRun, Long s3ListPerRun) {
        public Hidden {
            logBytesPerRun = logBytesPerRun == null ? BigDecimal.ZERO : logBytesPerRun;
            s3GetPerRun = s3GetPerRun == null ? 0L : s3GetPerRun;
            s3PutPerRun = s3PutPerRun == null ? 0L : s3PutPerRun;
            s3ListPerRun = s3ListPerRun == null ? 0L : s3ListPerRun;
            requirePositiveOrZero(logBytesPerRun, "logBytesPerRun");
        }
    }

    /**
     * What the cost-vs-data-size model ({@link SizeSweep}) assumes beyond the run: the share of input bytes that is
     * quarantined and spilled to {@code /tmp} (default 0.01), the fixed time of an EC2 cron tick (JVM start, listing,
     * publishing; default 4,000 ms: the idle tick in ec2-adapter/BENCHMARKS-ec2.md), the fan-out's shard target size
     * (256 MB), shard cap (200: the deployed fanoutMaxShards, TwinrunConfig; the state size allows about 500), the Map's deployed MaxConcurrency (10), the Plan step's
     * time (default 600 ms) and the Merge step's time as {@code mergeFixedMs + mergeMsPerShard x shards} (defaults
     * 2,200 ms and 20 ms: {@code twinrun bench fanout}'s cold plan and merge at 1,769 MB and its warm merge slope from 1 to
     * 64 shards, docs/BENCHMARKS.md; the model adds the merge's S3 reading and writing of the quarantined rows), the
     * EC2 instance types to choose from (default: every type the price book describes), and the hours one fan-out
     * execution does ({@code hoursPerExecution}, default 1: an hourly start finds the hour just ended due; more when
     * starts are rarer than hours or an execution catches up after an outage; a further hour in the same execution
     * costs fewer state transitions and is modelled warm, {@link LambdaFanoutPricing}).
     */
    public record Scale(
            BigDecimal quarantineShare,
            BigDecimal ec2FixedMs,
            Integer shardTargetMb,
            Integer maxShards,
            Integer maxConcurrency,
            BigDecimal planMs,
            BigDecimal mergeFixedMs,
            BigDecimal mergeMsPerShard,
            List<String> ec2Types,
            Integer hoursPerExecution) {
        static final Scale DEFAULTS = new Scale(null, null, null, null, null, null, null, null, null, null);

        /** The scale with one hour per fan-out execution. */
        public Scale(
                BigDecimal quarantineShare,
                BigDecimal ec2FixedMs,
                Integer shardTargetMb,
                Integer maxShards,
                Integer maxConcurrency,
                BigDecimal planMs,
                BigDecimal mergeFixedMs,
                BigDecimal mergeMsPerShard,
                List<String> ec2Types) {
            this(
                    quarantineShare,
                    ec2FixedMs,
                    shardTargetMb,
                    maxShards,
                    maxConcurrency,
                    planMs,
                    mergeFixedMs,
                    mergeMsPerShard,
                    ec2Types,
                    null);
        }

        public Scale {
            quarantineShare = quarantineShare == null ? new BigDecimal("0.01") : quarantineShare;
            ec2FixedMs = ec2FixedMs == null ? new BigDecimal("4000") : ec2FixedMs;
            shardTargetMb = shardTargetMb == null ? 256 : shardTargetMb;
            maxShards = maxShards == null ? 200 : maxShards;
            maxConcurrency = maxConcurrency == null ? 10 : maxConcurrency;
            planMs = planMs == null ? new BigDecimal("600") : planMs;
            mergeFixedMs = mergeFixedMs == null ? new BigDecimal("2200") : mergeFixedMs;
            mergeMsPerShard = mergeMsPerShard == null ? new BigDecimal("20") : mergeMsPerShard;
            ec2Types = ec2Types == null ? List.of() : List.copyOf(ec2Types);
            hoursPerExecution = hoursPerExecution == null ? 1 : hoursPerExecution;
            if (hoursPerExecution < 1) {
                throw new IllegalArgumentException("scale.hoursPerExecution must be at least 1: " + hoursPerExecution);
            }
            if (quarantineShare.signum() < 0 || quarantineShare.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("scale.quarantineShare must be within 0..1: " + quarantineShare);
            }
            requirePositiveOrZero(ec2FixedMs, "scale.ec2FixedMs");
            requirePositiveOrZero(planMs, "scale.planMs");
            requirePositiveOrZero(mergeFixedMs, "scale.mergeFixedMs");
            requirePositiveOrZero(mergeMsPerShard, "scale.mergeMsPerShard");
            if (shardTargetMb < 1 || maxShards < 1 || maxConcurrency < 1) {
                throw new IllegalArgumentException(
                        "scale.shardTargetMb, maxShards and maxConcurrency must be at least 1");
            }
        }
    }

    /** Handler duration at a data size: linear through (dataSizeMb, durationMs) with slope msPerMb. */
    public BigDecimal durationAtSize(BigDecimal sizeMb) {
        if (run.msPerMb() == null) {
            return run.durationMs();
        }
        BigDecimal d = run.durationMs().add(sizeMb.subtract(run.dataSizeMb()).multiply(run.msPerMb()));
        return d.signum() < 0 ? BigDecimal.ZERO : d;
    }

    public Scenario withName(String v) {
        return new Scenario(
                v, description, priceBook, schedule, run, lambda, ec2, hidden, scale, deployment, discounts);
    }

    public Scenario withPriceBook(String v) {
        return new Scenario(name, description, v, schedule, run, lambda, ec2, hidden, scale, deployment, discounts);
    }

    public Scenario withRunsPerDay(BigDecimal v) {
        return new Scenario(
                name,
                description,
                priceBook,
                new Schedule(v, schedule.daysPerMonth()),
                run,
                lambda,
                ec2,
                hidden,
                scale,
                deployment,
                discounts);
    }

    public Scenario withDaysPerMonth(BigDecimal v) {
        return new Scenario(
                name,
                description,
                priceBook,
                new Schedule(schedule.runsPerDay(), v),
                run,
                lambda,
                ec2,
                hidden,
                scale,
                deployment,
                discounts);
    }

    /** Sets the run duration on both variants (warm runs and EC2 follow it). */
    public Scenario withDurationMs(BigDecimal v) {
        Run r = new Run(v, null, run.initMs(), run.coldStartShare(), run.dataSizeMb(), run.msPerMb());
        Ec2Settings e =
                new Ec2Settings(ec2.instanceType(), ec2.ebsGb(), ec2.bootSeconds(), ec2.shutdownSeconds(), null);
        return new Scenario(name, description, priceBook, schedule, r, lambda, e, hidden, scale, deployment, discounts);
    }

    /** Sets the data size, moving the durations along {@code msPerMb} when the scenario has it. */
    public Scenario withDataSizeMb(BigDecimal v) {
        BigDecimal d = durationAtSize(v);
        Run r = new Run(d, null, run.initMs(), run.coldStartShare(), v, run.msPerMb());
        BigDecimal ec2Duration = ec2.durationMs();
        if (ec2Duration != null && run.msPerMb() != null) {
            ec2Duration = ec2Duration.add(d.subtract(run.durationMs())).max(BigDecimal.ZERO);
        }
        Ec2Settings e =
                new Ec2Settings(ec2.instanceType(), ec2.ebsGb(), ec2.bootSeconds(), ec2.shutdownSeconds(), ec2Duration);
        return new Scenario(name, description, priceBook, schedule, r, lambda, e, hidden, scale, deployment, discounts);
    }

    public Scenario withRun(Run v) {
        return new Scenario(
                name, description, priceBook, schedule, v, lambda, ec2, hidden, scale, deployment, discounts);
    }

    public Scenario withLambda(LambdaSettings v) {
        return new Scenario(name, description, priceBook, schedule, run, v, ec2, hidden, scale, deployment, discounts);
    }

    public Scenario withEc2(Ec2Settings v) {
        return new Scenario(
                name, description, priceBook, schedule, run, lambda, v, hidden, scale, deployment, discounts);
    }

    public Scenario withMemoryMb(int v) {
        return withLambda(new LambdaSettings(
                v, lambda.arch(), lambda.ephemeralStorageMb(), lambda.freeTier(), lambda.initBilled()));
    }

    public Scenario withArch(String v) {
        return withLambda(new LambdaSettings(
                lambda.memoryMb(), v, lambda.ephemeralStorageMb(), lambda.freeTier(), lambda.initBilled()));
    }

    public Scenario withFreeTier(boolean v) {
        return withLambda(new LambdaSettings(
                lambda.memoryMb(), lambda.arch(), lambda.ephemeralStorageMb(), v, lambda.initBilled()));
    }

    public Scenario withInitBilled(Boolean v) {
        return withLambda(new LambdaSettings(
                lambda.memoryMb(), lambda.arch(), lambda.ephemeralStorageMb(), lambda.freeTier(), v));
    }

    public Scenario withEphemeralStorageMb(int v) {
        return withLambda(
                new LambdaSettings(lambda.memoryMb(), lambda.arch(), v, lambda.freeTier(), lambda.initBilled()));
    }

    public Scenario withHidden(Hidden v) {
        return new Scenario(name, description, priceBook, schedule, run, lambda, ec2, v, scale, deployment, discounts);
    }

    public Scenario withDeployment(DeploymentUsage v) {
        return new Scenario(name, description, priceBook, schedule, run, lambda, ec2, hidden, scale, v, discounts);
    }

    public Scenario withDiscounts(Discounts v) {
        return new Scenario(name, description, priceBook, schedule, run, lambda, ec2, hidden, scale, deployment, v);
    }

    public Scenario withScale(Scale v) {
        return new Scenario(name, description, priceBook, schedule, run, lambda, ec2, hidden, v, deployment, discounts);
    }

    public Scenario withInstanceType(String v) {
        return withEc2(new Ec2Settings(v, ec2.ebsGb(), ec2.bootSeconds(), ec2.shutdownSeconds(), ec2.durationMs()));
    }

    public Scenario withEbsGb(BigDecimal v) {
        return withEc2(
                new Ec2Settings(ec2.instanceType(), v, ec2.bootSeconds(), ec2.shutdownSeconds(), ec2.durationMs()));
    }

    /** Loads a built-in scenario by name (e.g. {@code seed-2017}) or a JSON file by path. */
    public static Scenario load(String nameOrPath) {
        return DataFiles.load(nameOrPath, "scenarios", "scenario", BUILT_IN, Scenario::read);
    }

    /** Reads a scenario from JSON; unknown fields are an error so typos do not pass silently. */
    public static Scenario read(InputStream in) throws IOException {
        return new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readValue(in, Scenario.class);
    }

    private static void requirePositiveOrZero(BigDecimal v, String name) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
    }
}
