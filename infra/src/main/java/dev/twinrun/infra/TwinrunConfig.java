package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.constructs.Node;

/**
 * Every deploy-time setting of the twinrun stacks, read from CDK context ({@code cdk deploy -c key=value}).
 *
 * <p>Defaults (context key in brackets): variants {@code lambda,ec2} [variants] ({@code fanout} may be added); Lambda memory 1024 MB
 * [lambdaMemoryMb], arm64 [lambdaArch], java21 [lambdaRuntime], 300 s timeout [lambdaTimeoutSeconds], 2 async
 * retries [lambdaRetryAttempts], 2048 MB of /tmp [lambdaEphemeralStorageMb, 512..10240: the quarantine
 * is spilled and written there before upload; raw copies are capped at 64 MiB per input file], trigger {@code s3} [trigger] or an hourly schedule at minute 5
 * [scheduleExpression]; instance {@code t4g.micro} [instanceType] with an 8 GB gp3 root volume [rootVolumeGb];
 * logs kept 30 days [logRetentionDays]; raw input kept 30 days [rawRetentionDays], quarantine 90 days
 * [quarantineRetentionDays]; prefixes {@code incoming/} [inputPrefix] and empty [outputPrefix]; transformation
 * {@code ecommerce} [transformation]; artifacts from the adapters' build directories [lambdaArtifact, ec2Jar,
 * ec2InstallDir], replaced by placeholders when missing unless [requireArtifacts] is true; cdk-nag checks on
 * [nag]; the fan-out's settings as {@link Fanout} says; alarm notifications to no one [alarmEmail: an address
 * subscribed by email to the alarm topic]; noncurrent object versions kept 7 days [noncurrentRetentionDays]; each
 * variant under its own output prefix {@code <outputPrefix><variant>/} [distinctOutputPrefixes, true]; Lambda
 * SnapStart off [lambdaSnapStart; on, /tmp defaults to 512 MB, the most SnapStart supports]; the Lambda functions'
 * S3 transport as the adapters choose it [lambdaS3Client: {@code auto}; {@code sdk} or {@code http} sets
 * {@code TWINRUN_S3_CLIENT} on the Lambda and fan-out functions]; the per-run EC2
 * instance powered off 50 minutes after boot at the latest [ec2PerRunMaxRuntimeMinutes]; the EC2 runners' JIT C1 only
 * [ec2Jit: {@code c1}; {@code c2} for hours of about 1 GB, where C2 measured cheaper: {@code install.sh --jit c2}]; the
 * Fargate task as {@link FargateTask} says.
 */
public record TwinrunConfig(
        Set<Variant> variants,
        int lambdaMemoryMb,
        LambdaArch lambdaArch,
        String lambdaRuntime,
        int lambdaTimeoutSeconds,
        int lambdaRetryAttempts,
        int lambdaEphemeralStorageMb,
        Trigger trigger,
        String scheduleExpression,
        String instanceType,
        int rootVolumeGb,
        int logRetentionDays,
        int rawRetentionDays,
        int quarantineRetentionDays,
        String inputPrefix,
        String outputPrefix,
        String transformation,
        Path lambdaArtifact,
        Path ec2Jar,
        Path ec2InstallDir,
        boolean requireArtifacts,
        boolean nag,
        Fanout fanout,
        String alarmEmail,
        int noncurrentRetentionDays,
        boolean distinctOutputPrefixes,
        boolean lambdaSnapStart,
        String lambdaS3Client,
        int ec2PerRunMaxRuntimeMinutes,
        String ec2Jit,
        FargateTask fargate,
        Debounce debounce) {

    /**
     * When the S3-triggered Lambda publishes an hour (see {@code docs/OUTPUTS.md}): an event publishes at once only a
     * final hour (closed {@code graceMinutes} ago [lambdaGraceMinutes, default 15], or with its completion marker
     * {@code hour=HH/_COMPLETE}, or {@code expectedFiles} files [lambdaExpectedFiles, default 0: no count]); a
     * schedule every {@code scheduleMinutes} [lambdaDebounceScheduleMinutes, default 5] on the same function publishes
     * an hour whose newest file is {@code quietMinutes} old [lambdaQuietMinutes, default 5; 0 = publish on every
     * event, no schedule]. The function's concurrency is bounded to {@code reservedConcurrency}
     * [lambdaReservedConcurrency, default 5; 0 = unreserved, for accounts whose concurrency quota is too small to
     * reserve from].
     */
    public record Debounce(
            int quietMinutes, int graceMinutes, int expectedFiles, int scheduleMinutes, int reservedConcurrency) {
        public Debounce {
            check(quietMinutes >= 0 && quietMinutes <= 1440, "lambdaQuietMinutes must be 0..1440, was " + quietMinutes);
            check(
                    graceMinutes >= 0 && graceMinutes <= 10080,
                    "lambdaGraceMinutes must be 0..10080, was " + graceMinutes);
            check(expectedFiles >= 0, "lambdaExpectedFiles must be >= 0, was " + expectedFiles);
            check(
                    scheduleMinutes >= 1 && scheduleMinutes <= 60,
                    "lambdaDebounceScheduleMinutes must be 1..60, was " + scheduleMinutes);
            check(
                    reservedConcurrency >= 0 && reservedConcurrency <= 1000,
                    "lambdaReservedConcurrency must be 0..1000, was " + reservedConcurrency);
        }

        private static Debounce read(Ctx c) {
            return new Debounce(
                    c.integer("lambdaQuietMinutes", 5),
                    c.integer("lambdaGraceMinutes", 15),
                    c.integer("lambdaExpectedFiles", 0),
                    c.integer("lambdaDebounceScheduleMinutes", 5),
                    c.integer("lambdaReservedConcurrency", 5));
        }

        /** The function's variables for the debounce ({@code dev.twinrun.core.job.PublishPolicy} reads them). */
        Map<String, String> environment() {
            return Map.of(
                    "TWINRUN_QUIET_MINUTES", Integer.toString(quietMinutes),
                    "TWINRUN_GRACE_MINUTES", Integer.toString(graceMinutes),
                    "TWINRUN_EXPECTED_FILES", Integer.toString(expectedFiles));
        }
    }

    /**
     * The ways the job is deployed; {@code fanout} (Step Functions over Lambda), {@code ec2-per-run} (an instance
     * started for each run) and {@code fargate} (an ECS scheduled task) only when named.
     */
    public enum Variant {
        LAMBDA,
        EC2,
        FANOUT,
        EC2_PER_RUN,
        FARGATE;

        /** The value of {@code TWINRUN_VARIANT} and of the {@code variants} context list. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The Fargate task's size and CPU architecture.
     *
     * <p>Defaults: 512 CPU units (0.5 vCPU) [fargateCpu], 1024 MB [fargateMemoryMb], arm64 [fargateArch]. The pair
     * must be one Fargate accepts ({@link #validMemoryMb}, as the ECS developer guide's task size table lists it). A run
     * is stopped after 50 minutes [fargateMaxRuntimeMinutes]. Images from the ECR Public gallery, so nothing is built
     * or pushed: the runner's JVM [fargateImage] and the AWS CLI that fetches the jar asset [fargateFetchImage].
     */
    public record FargateTask(
            int cpu, int memoryMb, LambdaArch arch, int maxRuntimeMinutes, String image, String fetchImage) {
        public FargateTask {
            requireNonNull(arch, "arch");
            requireNonNull(image, "image");
            requireNonNull(fetchImage, "fetchImage");
            check(
                    maxRuntimeMinutes >= 5 && maxRuntimeMinutes <= 24 * 60,
                    "fargateMaxRuntimeMinutes must be 5..1440, was " + maxRuntimeMinutes);
            check(image.matches("[a-z0-9./:_@-]+"), "fargateImage looks wrong: " + image);
            check(fetchImage.matches("[a-z0-9./:_@-]+"), "fargateFetchImage looks wrong: " + fetchImage);
            check(
                    validMemoryMb(cpu).contains(memoryMb),
                    "fargateCpu=" + cpu + " with fargateMemoryMb=" + memoryMb + " is not a Fargate task size;"
                            + (validMemoryMb(cpu).isEmpty()
                                    ? " fargateCpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384"
                                    : " with fargateCpu=" + cpu + " the memory is one of "
                                            + describe(validMemoryMb(cpu)))
                            + " (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)");
        }

        /** The runner's image: Amazon Corretto 21 from the ECR Public gallery. */
        public static final String DEFAULT_IMAGE = "public.ecr.aws/amazoncorretto/amazoncorretto:21";

        /** The image that copies the runner jar from its S3 asset: the AWS CLI from the ECR Public gallery. */
        public static final String DEFAULT_FETCH_IMAGE = "public.ecr.aws/aws-cli/aws-cli:latest";

        /** The memory sizes (MB) Fargate accepts with {@code cpu} units; empty when {@code cpu} is not a valid size. */
        public static List<Integer> validMemoryMb(int cpu) {
            return switch (cpu) {
                case 256 -> List.of(512, 1024, 2048);
                case 512 -> steps(1024, 4096, 1024);
                case 1024 -> steps(2048, 8192, 1024);
                case 2048 -> steps(4096, 16384, 1024);
                case 4096 -> steps(8192, 30720, 1024);
                case 8192 -> steps(16384, 61440, 4096);
                case 16384 -> steps(32768, 122880, 8192);
                default -> List.of();
            };
        }

        private static List<Integer> steps(int from, int to, int step) {
            List<Integer> out = new ArrayList<>();
            for (int mb = from; mb <= to; mb += step) {
                out.add(mb);
            }
            return out;
        }

        private static String describe(List<Integer> sizes) {
            return sizes.size() <= 3
                    ? sizes.toString()
                    : sizes.get(0) + ".." + sizes.get(sizes.size() - 1) + " in steps of "
                            + (sizes.get(1) - sizes.get(0));
        }

        private static FargateTask read(Ctx c) {
            return new FargateTask(
                    c.integer("fargateCpu", 512),
                    c.integer("fargateMemoryMb", 1024),
                    parseEnum(LambdaArch.class, c.string("fargateArch", "arm64").replace('-', '_'), "fargateArch"),
                    c.integer("fargateMaxRuntimeMinutes", 50),
                    c.string("fargateImage", DEFAULT_IMAGE),
                    c.string("fargateFetchImage", DEFAULT_FETCH_IMAGE));
        }
    }

    /** The Lambda instruction set. */
    public enum LambdaArch {
        ARM64,
        X86_64
    }

    /** What starts a Lambda run: an S3 ObjectCreated notification or an hourly schedule. */
    public enum Trigger {
        S3,
        SCHEDULE
    }

    /**
     * The fan-out variant's settings.
     *
     * <p>Defaults: at most 10 shards processed at once [fanoutMaxConcurrency, 1..1000]; an hourly schedule
     * [fanoutTrigger: {@code schedule} with the app's scheduleExpression, or {@code none}]; one shard per 256 MB of
     * input [fanoutShardTargetMb] and at most 200 shards [fanoutMaxShards, 1..500]; shard and merge functions time out
     * after 900 s [fanoutShardTimeoutSeconds].
     */
    public record Fanout(
            int maxConcurrency, boolean schedule, int shardTargetMb, int maxShards, int shardTimeoutSeconds) {
        public Fanout {
            check(
                    maxConcurrency >= 1 && maxConcurrency <= 1000,
                    "fanoutMaxConcurrency must be 1..1000, was " + maxConcurrency);
            check(shardTargetMb >= 1, "fanoutShardTargetMb must be >= 1, was " + shardTargetMb);
            check(maxShards >= 1 && maxShards <= 500, "fanoutMaxShards must be 1..500, was " + maxShards);
            check(
                    shardTimeoutSeconds >= 1 && shardTimeoutSeconds <= 900,
                    "fanoutShardTimeoutSeconds must be 1..900, was " + shardTimeoutSeconds);
        }

        private static Fanout read(Ctx c) {
            String trigger = c.string("fanoutTrigger", "schedule").toLowerCase(Locale.ROOT);
            check(
                    trigger.equals("schedule") || trigger.equals("none"),
                    "fanoutTrigger: unknown value '" + trigger + "', expected schedule or none");
            return new Fanout(
                    c.integer("fanoutMaxConcurrency", 10),
                    trigger.equals("schedule"),
                    c.integer("fanoutShardTargetMb", 256),
                    c.integer("fanoutMaxShards", 200),
                    c.integer("fanoutShardTimeoutSeconds", 900));
        }
    }

    /** Log retention values CloudWatch Logs accepts that this app maps (days). */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 180, 365);

    public TwinrunConfig {
        variants = Set.copyOf(requireNonNull(variants, "variants"));
        requireNonNull(lambdaArch, "lambdaArch");
        requireNonNull(lambdaRuntime, "lambdaRuntime");
        requireNonNull(trigger, "trigger");
        requireNonNull(scheduleExpression, "scheduleExpression");
        requireNonNull(instanceType, "instanceType");
        requireNonNull(inputPrefix, "inputPrefix");
        requireNonNull(outputPrefix, "outputPrefix");
        requireNonNull(transformation, "transformation");
        check(
                List.of("auto", "sdk", "http").contains(lambdaS3Client),
                "lambdaS3Client must be auto, sdk or http, was " + lambdaS3Client);
        requireNonNull(lambdaArtifact, "lambdaArtifact");
        requireNonNull(ec2Jar, "ec2Jar");
        requireNonNull(ec2InstallDir, "ec2InstallDir");
        requireNonNull(fanout, "fanout");
        requireNonNull(debounce, "debounce");
        requireNonNull(alarmEmail, "alarmEmail");
        requireNonNull(fargate, "fargate");
        if (variants.isEmpty()) {
            throw new IllegalArgumentException(
                    "variants: name at least one of lambda, ec2, fanout, ec2-per-run, fargate");
        }
        check(
                lambdaMemoryMb >= 128 && lambdaMemoryMb <= 10240,
                "lambdaMemoryMb must be 128..10240, was " + lambdaMemoryMb);
        check(
                lambdaTimeoutSeconds >= 1 && lambdaTimeoutSeconds <= 900,
                "lambdaTimeoutSeconds must be 1..900, was " + lambdaTimeoutSeconds);
        check(
                lambdaRetryAttempts >= 0 && lambdaRetryAttempts <= 2,
                "lambdaRetryAttempts must be 0..2, was " + lambdaRetryAttempts);
        check(
                lambdaRuntime.equals("java21") || lambdaRuntime.equals("java25"),
                "lambdaRuntime must be java21 or java25, was " + lambdaRuntime);
        check(
                lambdaEphemeralStorageMb >= 512 && lambdaEphemeralStorageMb <= 10240,
                "lambdaEphemeralStorageMb must be 512..10240, was " + lambdaEphemeralStorageMb);
        check(instanceType.matches("[a-z][a-z0-9-]*\\.[a-z0-9]+"), "instanceType looks wrong: " + instanceType);
        check(rootVolumeGb >= 8 && rootVolumeGb <= 1024, "rootVolumeGb must be 8..1024, was " + rootVolumeGb);
        check(
                RETENTION_DAYS.contains(logRetentionDays),
                "logRetentionDays must be one of " + RETENTION_DAYS + ", was " + logRetentionDays);
        check(rawRetentionDays >= 1, "rawRetentionDays must be >= 1, was " + rawRetentionDays);
        check(quarantineRetentionDays >= 1, "quarantineRetentionDays must be >= 1, was " + quarantineRetentionDays);
        check(validPrefix(inputPrefix) && !inputPrefix.isEmpty(), "inputPrefix must end with '/', was " + inputPrefix);
        check(validPrefix(outputPrefix), "outputPrefix must be empty or end with '/', was " + outputPrefix);
        checkNoOverlap(inputPrefix, outputPrefix);
        check(transformation.matches("[A-Za-z0-9_.-]+"), "transformation looks wrong: " + transformation);
        check(
                alarmEmail.isEmpty() || alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"),
                "alarmEmail must be an email address (or empty for no subscription), was " + alarmEmail);
        check(noncurrentRetentionDays >= 1, "noncurrentRetentionDays must be >= 1, was " + noncurrentRetentionDays);
        check(
                !lambdaSnapStart || lambdaEphemeralStorageMb == 512,
                "lambdaSnapStart=true needs lambdaEphemeralStorageMb=512, was " + lambdaEphemeralStorageMb
                        + ": SnapStart does not support ephemeral storage above 512 MB"
                        + " (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html)");
        check(
                ec2PerRunMaxRuntimeMinutes >= 5 && ec2PerRunMaxRuntimeMinutes <= 24 * 60,
                "ec2PerRunMaxRuntimeMinutes must be 5..1440, was " + ec2PerRunMaxRuntimeMinutes);
        requireNonNull(ec2Jit, "ec2Jit");
        check(ec2Jit.equals("c1") || ec2Jit.equals("c2"), "ec2Jit must be c1 or c2, was " + ec2Jit);
        if (distinctOutputPrefixes) {
            for (Variant v : Variant.values()) {
                checkNoOverlap(inputPrefix, outputPrefix + v.id() + "/");
            }
        }
    }

    /** The settings with every default. */
    public static TwinrunConfig defaults() {
        return read(key -> null);
    }

    /** Reads the settings from the context of {@code node} (the App's node), defaults for missing keys. */
    public static TwinrunConfig fromContext(Node node) {
        return read(node::tryGetContext);
    }

    /** Reads the settings from a context map (values as strings, numbers or booleans), defaults for missing keys. */
    public static TwinrunConfig fromMap(Map<String, ?> context) {
        return read(context::get);
    }

    private static TwinrunConfig read(Function<String, Object> context) {
        Ctx c = new Ctx(context);
        boolean snapStart = c.bool("lambdaSnapStart", false);
        return new TwinrunConfig(
                parseVariants(c.string("variants", "lambda,ec2")),
                c.integer("lambdaMemoryMb", 1024),
                parseEnum(LambdaArch.class, c.string("lambdaArch", "arm64").replace('-', '_'), "lambdaArch"),
                c.string("lambdaRuntime", "java21"),
                c.integer("lambdaTimeoutSeconds", 300),
                c.integer("lambdaRetryAttempts", 2),
                // SnapStart supports no more than 512 MB of /tmp.
                c.integer("lambdaEphemeralStorageMb", snapStart ? 512 : 2048),
                parseEnum(Trigger.class, c.string("trigger", "s3"), "trigger"),
                c.string("scheduleExpression", "cron(5 * * * ? *)"),
                c.string("instanceType", "t4g.micro"),
                c.integer("rootVolumeGb", 8),
                c.integer("logRetentionDays", 30),
                c.integer("rawRetentionDays", 30),
                c.integer("quarantineRetentionDays", 90),
                c.string("inputPrefix", "incoming/"),
                c.string("outputPrefix", ""),
                c.string("transformation", "ecommerce"),
                Path.of(c.string("lambdaArtifact", "../lambda-adapter/target/twinrun-lambda.zip")),
                Path.of(c.string("ec2Jar", "../ec2-adapter/target/twinrun-ec2.jar")),
                Path.of(c.string("ec2InstallDir", "../ec2-adapter/src/main/install")),
                c.bool("requireArtifacts", false),
                c.bool("nag", true),
                Fanout.read(c),
                c.string("alarmEmail", ""),
                c.integer("noncurrentRetentionDays", 7),
                c.bool("distinctOutputPrefixes", true),
                snapStart,
                c.string("lambdaS3Client", "auto"),
                c.integer("ec2PerRunMaxRuntimeMinutes", 50),
                c.string("ec2Jit", "c1"),
                FargateTask.read(c),
                Debounce.read(c));
    }

    /**
     * The output prefix {@code variant} writes under: {@code <outputPrefix><variant>/} (e.g. {@code lambda/}) when
     * [distinctOutputPrefixes] is on (the default), so variants deployed together never publish one another's hours;
     * {@code outputPrefix} itself when it is off.
     */
    public String variantOutputPrefix(Variant variant) {
        return distinctOutputPrefixes ? outputPrefix + variant.id() + "/" : outputPrefix;
    }

    /**
     * These settings as {@code variant}'s stack uses them: {@link #outputPrefix()} (and so {@link #insightsPrefix()}
     * and {@link #quarantinePrefix()}) is {@link #variantOutputPrefix(Variant)}.
     */
    public TwinrunConfig forVariant(Variant variant) {
        if (!distinctOutputPrefixes) {
            return this;
        }
        return new TwinrunConfig(
                variants,
                lambdaMemoryMb,
                lambdaArch,
                lambdaRuntime,
                lambdaTimeoutSeconds,
                lambdaRetryAttempts,
                lambdaEphemeralStorageMb,
                trigger,
                scheduleExpression,
                instanceType,
                rootVolumeGb,
                logRetentionDays,
                rawRetentionDays,
                quarantineRetentionDays,
                inputPrefix,
                variantOutputPrefix(variant),
                transformation,
                lambdaArtifact,
                ec2Jar,
                ec2InstallDir,
                requireArtifacts,
                nag,
                fanout,
                alarmEmail,
                noncurrentRetentionDays,
                false,
                lambdaSnapStart,
                lambdaS3Client,
                ec2PerRunMaxRuntimeMinutes,
                ec2Jit,
                fargate,
                debounce);
    }

    /** Whether {@code variant} is deployed. */
    public boolean has(Variant variant) {
        return variants.contains(variant);
    }

    /** The log retention as the CDK value. */
    public software.amazon.awscdk.services.logs.RetentionDays logRetention() {
        return switch (logRetentionDays) {
            case 1 -> software.amazon.awscdk.services.logs.RetentionDays.ONE_DAY;
            case 3 -> software.amazon.awscdk.services.logs.RetentionDays.THREE_DAYS;
            case 5 -> software.amazon.awscdk.services.logs.RetentionDays.FIVE_DAYS;
            case 7 -> software.amazon.awscdk.services.logs.RetentionDays.ONE_WEEK;
            case 14 -> software.amazon.awscdk.services.logs.RetentionDays.TWO_WEEKS;
            case 30 -> software.amazon.awscdk.services.logs.RetentionDays.ONE_MONTH;
            case 60 -> software.amazon.awscdk.services.logs.RetentionDays.TWO_MONTHS;
            case 90 -> software.amazon.awscdk.services.logs.RetentionDays.THREE_MONTHS;
            case 180 -> software.amazon.awscdk.services.logs.RetentionDays.SIX_MONTHS;
            case 365 -> software.amazon.awscdk.services.logs.RetentionDays.ONE_YEAR;
            default -> throw new IllegalStateException("unmapped retention " + logRetentionDays);
        };
    }

    /** The address subscribed to the alarm topic, if one is set. */
    public Optional<String> alarmSubscription() {
        return alarmEmail.isEmpty() ? Optional.empty() : Optional.of(alarmEmail);
    }

    /** The prefix the job writes insights under. */
    public String insightsPrefix() {
        return outputPrefix + "insights/";
    }

    /** The prefix the Lambda job keeps its per-file partials under (incremental hours). */
    public String partialsPrefix() {
        return outputPrefix + "_partials/";
    }

    /** The prefix the job writes rejected rows under. */
    public String quarantinePrefix() {
        return outputPrefix + "quarantine/";
    }

    /**
     * The environment both variants' processes get (the contract with the adapters); the Lambda and fan-out
     * functions also get {@code TWINRUN_S3_CLIENT} when [lambdaS3Client] is not {@code auto}.
     */
    public Map<String, String> jobEnvironment(String bucketName, Variant variant) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("TWINRUN_BUCKET", bucketName);
        env.put("TWINRUN_INPUT_PREFIX", inputPrefix);
        env.put("TWINRUN_OUTPUT_PREFIX", outputPrefix);
        env.put("TWINRUN_TRANSFORMATION", transformation);
        env.put("TWINRUN_VARIANT", variant.id());
        if ((variant == Variant.LAMBDA || variant == Variant.FANOUT) && !lambdaS3Client.equals("auto")) {
            env.put("TWINRUN_S3_CLIENT", lambdaS3Client);
        }
        return Map.copyOf(env);
    }

    private static void checkNoOverlap(String inputPrefix, String outputPrefix) {
        for (String other : List.of(
                outputPrefix + "insights/",
                outputPrefix + "quarantine/",
                outputPrefix + "_shards/",
                outputPrefix + "_partials/")) {
            check(
                    !inputPrefix.startsWith(other) && !other.startsWith(inputPrefix),
                    "inputPrefix '" + inputPrefix + "' and the output prefix '" + other + "' (outputPrefix '"
                            + outputPrefix + "') overlap: the raw-input expiry would delete outputs and outputs would"
                            + " trigger the job; choose prefixes where neither starts with the other");
        }
    }

    private static boolean validPrefix(String prefix) {
        return (prefix.isEmpty() || prefix.endsWith("/")) && !prefix.startsWith("/") && !prefix.contains("*");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static Set<Variant> parseVariants(String csv) {
        List<Variant> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                out.add(parseEnum(Variant.class, part.trim().replace('-', '_'), "variants"));
            }
        }
        return out.isEmpty() ? Set.of() : EnumSet.copyOf(out);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String key) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + ": unknown value '" + value + "', expected one of " + List.of(type.getEnumConstants()), e);
        }
    }

    /** Context values arrive as strings from {@code -c} and as JSON values from cdk.json. */
    private record Ctx(Function<String, Object> source) {
        String string(String key, String fallback) {
            Object value = source.apply(key);
            return value == null ? fallback : String.valueOf(value).trim();
        }

        int integer(String key, int fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return value.contains(".") ? (int) Double.parseDouble(value) : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: " + value, e);
            }
        }

        boolean bool(String key, boolean fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(key + ": not a boolean: " + value);
            };
        }
    }
}
