package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.measure.AwsDeployment.AwsVariant;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS target, against the deployed stacks. Before anything is uploaded, {@link AwsDeployment#check} verifies that
 * the stacks exist, run the artifacts built here and publish under distinct prefixes, and that every variant's next
 * scheduled run falls within {@code --await}. Then it uploads the generated hours to the data bucket (the S3
 * notification invokes the event-driven Lambda; the scheduled variants run the due hours at their next run) and
 * polls CloudWatch Logs Insights per variant: the function's REPORT lines ({@code @initDuration}, SnapStart's
 * {@code Restore Duration}) joined by request id with its hours' EMF documents, the runner's tick summary lines joined
 * by run id with its hours' EMF documents ({@link AwsRecords}). With {@code cleanup} it deletes what it uploaded and
 * what the variants published for those hours.
 *
 * <p>Never run against AWS in the project (no account): its checks, schedule arithmetic and joins are tested on
 * recorded responses in the documented API shapes (AwsDeploymentTest, ScheduleTest, AwsRecordsTest).
 */
public final class AwsTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Time a scheduled variant gets after its start to finish and ship its log lines (boot, image pull, agent). */
    static final Duration RUN_ALLOWANCE = Duration.ofMinutes(15);

    /** Logs Insights price per GB scanned, us-east-1 (https://aws.amazon.com/cloudwatch/pricing/, Logs, Analyze). */
    static final BigDecimal INSIGHTS_USD_PER_GB = new BigDecimal("0.005");

    private AwsTarget() {}

    /**
     * What the command line says about the AWS target; nulls are looked up in the stacks' outputs.
     *
     * @param variants the variants to measure (empty: every deployed one)
     * @param cleanup  delete the uploaded inputs and the variants' outputs of those hours at the end
     */
    public record Names(String bucket, String function, String region, List<String> variants, boolean cleanup) {
        public Names {
            variants = variants == null ? List.of() : List.copyOf(variants);
        }

        public Names(String bucket, String function, String region) {
            this(bucket, function, region, List.of(), false);
        }
    }

    /** The record of one invocation from its REPORT line and its response (payload and function error). */
    public static InvocationRecord fromReport(
            LambdaReportLine report, String functionError, String payload, String arch) {
        if (report == null) {
            return new InvocationRecord(
                    Platform.LAMBDA,
                    Phase.COLD,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    true,
                    null,
                    arch,
                    null,
                    null,
                    null);
        }
        Long rows = null;
        Long bytes = null;
        boolean failed = functionError != null || report.status() != null;
        if (!failed && payload != null) {
            try {
                JsonNode hour = JSON.readTree(payload).path("hours").path(0);
                rows = hour.has("rowsRead") ? hour.path("rowsRead").asLong() : null;
                bytes = hour.has("bytesRead") ? hour.path("bytesRead").asLong() : null;
                failed = hour.has("outcome") && !hour.path("outcome").asText().equals("PUBLISHED");
            } catch (IOException e) {
                failed = true;
            }
        }
        return new InvocationRecord(
                Platform.LAMBDA,
                report.cold() ? Phase.COLD : Phase.WARM,
                report.durationMs(),
                null,
                (double) report.billedTotalMs(),
                // SnapStart: Restore Duration stands where INIT would (the cold start's extra time).
                report.initMs() != null ? report.initMs() : report.restoreMs(),
                report.memorySizeMb(),
                report.maxMemoryUsedMb(),
                rows,
                bytes,
                failed,
                null,
                arch,
                null,
                report.requestId(),
                null);
    }

    /** Checks the stacks, uploads the hours and waits up to {@code awaitMs} for every variant's lines about them. */
    public static Experiment.Result run(
            ExperimentSettings s, Names given, long awaitMs, ProgressBar bar, Consumer<String> warn) throws Exception {
        Region region;
        try {
            region = given.region() != null
                    ? Region.of(given.region())
                    : new DefaultAwsRegionProviderChain().getRegion();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IllegalStateException("target aws: no AWS region; set AWS_REGION or pass --region", e);
        }
        Set<AwsVariant> wanted = EnumSet.noneOf(AwsVariant.class);
        given.variants().forEach(v -> wanted.add(AwsVariant.parse(v)));
        try (S3Client s3 = S3Client.builder()
                        .region(region)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
                AwsSdkApi api = new AwsSdkApi(region, s3)) {
            AwsDeployment.Plan plan = AwsDeployment.check(
                    api.stacks(),
                    api.functions(),
                    new AwsDeployment.Local(
                            s.lambdaZip(), s.ec2Jar(), wanted, given.bucket(), given.function(), region.id()));
            Bucket bucket = new Bucket(null, s3, plan.bucket(), null, region.id());
            return measure(
                    s,
                    plan,
                    new Session(api.queries(), api.objects(plan.bucket()), Clock.systemUTC(), Thread::sleep),
                    (settings, b) -> bucket.generate(settings, b),
                    awaitMs,
                    given.cleanup(),
                    bar,
                    warn);
        }
    }

    /** Sleeps; tests pass one that advances their clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** Writes the generated hours to the bucket; answers each hour's input keys. */
    @FunctionalInterface
    interface Uploader {
        Map<HourId, List<String>> upload(ExperimentSettings s, ProgressBar bar) throws IOException;
    }

    /** The calls made after the checks. */
    record Session(AwsApi.LogQueries queries, AwsApi.Objects objects, Clock clock, Sleeper sleeper) {}

    /** How far one variant got. */
    record Progress(AwsDeployment.Deployed variant, List<InvocationRecord> records, Instant nextRun) {
        long hoursDone() {
            return records.stream().filter(r -> !r.failed()).count();
        }
    }

    /**
     * After the checks: refuses when a scheduled variant's next run is beyond the wait, or when input is already there
     * for the hours; uploads; polls every variant's log group once a minute until each reported every hour or the
     * wait is over; writes the raw records; cleans up when asked.
     */
    static Experiment.Result measure(
            ExperimentSettings s,
            AwsDeployment.Plan plan,
            Session session,
            Uploader uploader,
            long awaitMs,
            boolean cleanup,
            ProgressBar bar,
            Consumer<String> warn)
            throws Exception {
        long t0 = System.nanoTime();
        Instant now = session.clock().instant();
        ExperimentSettings recent = recentHours(s, now);
        List<HourId> hourIds = recent.hourIds();
        Instant deadline = now.plusMillis(awaitMs);

        List<String> tooLate = new ArrayList<>();
        Map<AwsVariant, Instant> nextRuns = new EnumMap<>(AwsVariant.class);
        for (AwsDeployment.Deployed d : plan.variants()) {
            if (d.eventDriven()) {
                continue;
            }
            Optional<Instant> next = d.schedule().next(now.plusSeconds(60));
            if (next.isEmpty() || next.get().plus(RUN_ALLOWANCE).isAfter(deadline)) {
                long needMin = next.map(n -> minutesUp(Duration.between(now, n.plus(RUN_ALLOWANCE))))
                        .orElse(-1L);
                tooLate.add(d.stack() + " (" + d.schedule() + ") next runs "
                        + next.map(Instant::toString).orElse("never") + ", beyond --await "
                        + Duration.ofMillis(awaitMs).toMinutes() + "m"
                        + (needMin > 0 ? ": pass --await " + needMin + "m or more" : ""));
            } else {
                nextRuns.put(d.variant(), next.get());
            }
        }
        if (!tooLate.isEmpty()) {
            throw new IllegalStateException("target aws: not starting (nothing was uploaded): "
                    + String.join("; ", tooLate) + " (each scheduled variant gets " + RUN_ALLOWANCE.toMinutes()
                    + " min after its start to finish and ship its logs)");
        }
        List<String> occupied = new ArrayList<>();
        for (HourId h : hourIds) {
            String prefix = Bucket.INPUT_PREFIX + h.path() + "/";
            if (!session.objects().list(prefix).isEmpty()) {
                occupied.add("s3://" + plan.bucket() + "/" + prefix);
            }
        }
        if (!occupied.isEmpty()) {
            throw new IllegalStateException("target aws: not starting (nothing was uploaded): input already exists"
                    + " under " + String.join(", ", occupied) + "; compare writes its generated hours there and would"
                    + " mix with it. Use a bucket only the experiment writes to, or remove that input first.");
        }

        Files.createDirectories(s.outDir());
        Files.deleteIfExists(s.rawFile());
        Instant since = now.minusSeconds(60);
        Map<HourId, List<String>> uploaded = new LinkedHashMap<>();
        List<Progress> progress = new ArrayList<>();
        double[] scanned = {0};
        try {
            uploaded.putAll(uploader.upload(recent, bar));
            Set<String> wanted = hourIds.stream().map(HourId::toString).collect(Collectors.toSet());
            for (AwsDeployment.Deployed d : plan.variants()) {
                progress.add(new Progress(d, List.of(), nextRuns.get(d.variant())));
            }
            while (true) {
                Instant t = session.clock().instant();
                for (int i = 0; i < progress.size(); i++) {
                    Progress p = progress.get(i);
                    boolean started = p.nextRun() == null || !t.isBefore(p.nextRun());
                    if (started && p.hoursDone() < hourIds.size()) {
                        progress.set(
                                i,
                                new Progress(
                                        p.variant(),
                                        records(session.queries(), p.variant(), since, t, wanted, recent, scanned),
                                        p.nextRun()));
                    }
                }
                boolean done = progress.stream().allMatch(p -> p.hoursDone() >= hourIds.size());
                if (done || !t.isBefore(deadline)) {
                    break;
                }
                bar.show(progressLine(progress, hourIds.size(), t, deadline));
                session.sleeper().sleep(60_000);
            }
            List<String> missing = new ArrayList<>();
            for (Progress p : progress) {
                if (p.hoursDone() < hourIds.size()) {
                    missing.add(p.variant().variant().label() + " " + p.hoursDone() + " of " + hourIds.size());
                }
                // Measured on AWS in the function's own architecture: no host-architecture copies
                // (Experiment.append models those for the local targets).
                RawRecords.append(s.rawFile(), p.records());
            }
            for (Progress p : progress) {
                String label = p.variant().variant().label();
                try {
                    warn.accept(AwsFreshness.line(
                            label,
                            AwsFreshness.read(
                                    session.objects(),
                                    Bucket.INPUT_PREFIX,
                                    p.variant().outputPrefix(),
                                    hourIds),
                            hourIds.size()));
                } catch (IOException | RuntimeException e) {
                    warn.accept(label + ": time to insight not read from s3://" + plan.bucket() + ": " + e);
                }
            }
            if (!missing.isEmpty()) {
                warn.accept(
                        "timed out after --await " + Duration.ofMillis(awaitMs).toMinutes() + "m: "
                                + String.join(", ", missing) + " hours reported; the report uses what arrived");
            }
            warn.accept(String.format(
                    Locale.ROOT,
                    "Logs Insights scanned %.1f MB for this run (modelled cost $%s at $%s per GB scanned,"
                            + " https://aws.amazon.com/cloudwatch/pricing/)",
                    scanned[0] / 1e6,
                    insightsCost(scanned[0]).toPlainString(),
                    INSIGHTS_USD_PER_GB.toPlainString()));
        } finally {
            if (cleanup) {
                int n = cleanup(session.objects(), plan, uploaded, hourIds);
                warn.accept("--cleanup: deleted " + n + " objects (the uploaded input and the variants' outputs of "
                        + hourIds.size() + " hours) from s3://" + plan.bucket()
                        + "; the versioned bucket keeps noncurrent versions until its lifecycle rule expires them");
            }
        }
        if (!Files.exists(s.rawFile())) {
            Files.createFile(s.rawFile());
        }
        return new Experiment.Result(
                s.rawFile(),
                RawRecords.read(s.rawFile()),
                hourIds,
                new Experiment.OutputCheck(0, 0, List.of()),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The settings with the hours moved to the ones just before {@code now} (the scheduled variants' due hours). */
    static ExperimentSettings recentHours(ExperimentSettings s, Instant now) {
        HourId first = HourId.of(now).previous();
        for (int i = 1; i < s.hours(); i++) {
            first = first.previous();
        }
        return new ExperimentSettings(
                s.target(),
                s.sizeBytes(),
                s.hours(),
                s.filesPerHour(),
                first,
                s.seed(),
                s.badRowRatio(),
                s.lambdaMemoryMb(),
                s.arches(),
                s.repetitions(),
                s.instanceType(),
                s.outDir(),
                s.lambdaZip(),
                s.ec2Jar());
    }

    static String progressLine(List<Progress> progress, int hours, Instant now, Instant deadline) {
        List<String> parts = new ArrayList<>();
        for (Progress p : progress) {
            String part = p.variant().variant().label() + " " + p.hoursDone() + "/" + hours;
            if (p.nextRun() != null && now.isBefore(p.nextRun())) {
                part += " (next run " + p.nextRun().truncatedTo(ChronoUnit.MINUTES) + ", in "
                        + minutesUp(Duration.between(now, p.nextRun())) + " min)";
            }
            parts.add(part);
        }
        return "waiting: " + String.join(", ", parts) + "; gives up in " + minutesUp(Duration.between(now, deadline))
                + " min";
    }

    /** Whole minutes, rounded up. */
    static long minutesUp(Duration d) {
        return (d.getSeconds() + 59) / 60;
    }

    static BigDecimal insightsCost(double bytesScanned) {
        return INSIGHTS_USD_PER_GB
                .multiply(BigDecimal.valueOf(bytesScanned))
                .divide(BigDecimal.valueOf(1L << 30), 6, RoundingMode.HALF_UP);
    }

    private static List<InvocationRecord> records(
            AwsApi.LogQueries q,
            AwsDeployment.Deployed d,
            Instant since,
            Instant now,
            Set<String> hours,
            ExperimentSettings s,
            double[] scanned)
            throws InterruptedException {
        Instant until = now.plusSeconds(60);
        AwsApi.QueryResult emf = q.run(d.logGroup(), since, until, AwsRecords.EMF_HOUR_QUERY);
        scanned[0] += emf.bytesScanned();
        if (d.variant() == AwsVariant.LAMBDA) {
            AwsApi.QueryResult reports = q.run(d.logGroup(), since, until, AwsRecords.REPORT_QUERY);
            scanned[0] += reports.bytesScanned();
            return AwsRecords.lambda(
                    reports.rows(), emf.rows(), hours, s.arches().get(0), d.snapStart());
        }
        AwsApi.QueryResult ticks = q.run(d.logGroup(), since, until, AwsRecords.TICK_QUERY);
        scanned[0] += ticks.bytesScanned();
        return AwsRecords.runner(ticks.rows(), emf.rows(), hours, d.variant(), s.instanceType());
    }

    /** Deletes the uploaded keys and every object of those hours under each variant's insights and quarantine. */
    static int cleanup(
            AwsApi.Objects objects, AwsDeployment.Plan plan, Map<HourId, List<String>> uploaded, List<HourId> hours) {
        Set<String> keys = new LinkedHashSet<>();
        uploaded.values().forEach(keys::addAll);
        for (AwsDeployment.Deployed d : plan.variants()) {
            for (HourId h : hours) {
                keys.addAll(objects.list(d.outputPrefix() + HourJob.INSIGHTS + h.path() + "/"));
                keys.addAll(objects.list(d.outputPrefix() + HourJob.QUARANTINE + h.path() + "/"));
            }
        }
        return keys.isEmpty() ? 0 : objects.delete(List.copyOf(keys));
    }
}
