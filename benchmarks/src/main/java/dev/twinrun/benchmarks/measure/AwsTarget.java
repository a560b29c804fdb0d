package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS target, against the deployed stacks: uploads the generated hours to the data bucket (the S3 notification
 * invokes the function; the EC2 timer's next tick runs the due hours), then reads the figures back from CloudWatch
 * Logs Insights: the function's REPORT lines ({@code @duration}, {@code @billedDuration}, {@code @maxMemoryUsed},
 * {@code @initDuration}) joined by request id with its hour log lines, and the runner's hour and finish lines.
 *
 * <p>Untested: the project's CI has no AWS account. Only {@link LambdaReportLine} and {@link #fromReport} are
 * unit-tested. With the stacks' shared output prefix, whichever variant publishes an hour first makes it current for
 * the other, which then skips it: deploy the two stacks with different {@code outputPrefix} values to measure both.
 */
public final class AwsTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsTarget() {}

    /** Names given on the command line; nulls are looked up in the stacks' outputs. */
    public record Names(String bucket, String function, String region) {}

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
                (double) report.billedMs(),
                report.initMs(),
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

    /** Uploads the hours and waits up to {@code awaitMs} for both variants' log lines about them. */
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
        Names names = resolve(given, region);
        long t0 = System.nanoTime();
        HourId last = HourId.of(Instant.now()).previous();
        HourId first = last;
        for (int i = 1; i < s.hours(); i++) {
            first = first.previous();
        }
        ExperimentSettings recent = new ExperimentSettings(
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
        Files.createDirectories(s.outDir());
        Files.deleteIfExists(s.rawFile());
        Instant start = Instant.now().minusSeconds(60);
        try (S3Client s3 = S3Client.builder()
                        .region(region)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
                CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                        .region(region)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            Bucket bucket = new Bucket(null, s3, names.bucket(), null, region.id());
            Map<HourId, List<String>> hours = bucket.generate(recent, bar);
            Set<String> wanted = hours.keySet().stream().map(HourId::toString).collect(Collectors.toSet());
            long deadline = System.nanoTime() + awaitMs * 1_000_000;
            List<InvocationRecord> lambda = List.of();
            List<InvocationRecord> ec2 = List.of();
            while (System.nanoTime() < deadline) {
                bar.show("waiting for both variants' log lines (" + lambda.size() + " Lambda, " + ec2.size()
                        + " EC2 of " + hours.size() + " hours)");
                lambda = lambdaRecords(
                        logs,
                        "/aws/lambda/" + names.function(),
                        start,
                        wanted,
                        s.arches().get(0));
                ec2 = ec2Records(logs, start, wanted, s.instanceType());
                if (lambda.size() >= hours.size() && ec2.size() >= hours.size()) {
                    break;
                }
                Thread.sleep(60_000);
            }
            if (lambda.size() < hours.size() || ec2.size() < hours.size()) {
                warn.accept("timed out: " + lambda.size() + " Lambda and " + ec2.size() + " EC2 of " + hours.size()
                        + " hours reported; the report uses what arrived");
            }
            List<InvocationRecord> all = new ArrayList<>(lambda);
            all.addAll(ec2);
            for (InvocationRecord r : all) {
                Experiment.append(s.rawFile(), s, r);
            }
            return new Experiment.Result(
                    s.rawFile(),
                    RawRecords.read(s.rawFile()),
                    List.copyOf(hours.keySet()),
                    new Experiment.OutputCheck(0, 0, List.of()),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static Names resolve(Names given, Region region) {
        if (given.bucket() != null && given.function() != null) {
            return given;
        }
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String bucket = given.bucket() != null ? given.bucket() : output(cfn, "TwinrunData", "BucketName");
            String function =
                    given.function() != null ? given.function() : output(cfn, "TwinrunLambda", "FunctionName");
            return new Names(bucket, function, region.id());
        }
    }

    private static String output(CloudFormationClient cfn, String stack, String key) {
        return cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0).outputs().stream()
                .filter(o -> o.outputKey().equals(key))
                .map(Output::outputValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "stack " + stack + " has no output " + key + "; pass it with --bucket/--function"));
    }

    private static List<InvocationRecord> lambdaRecords(
            CloudWatchLogsClient logs, String group, Instant since, Set<String> hours, String arch)
            throws InterruptedException {
        Map<String, LambdaReportLine> reports = new LinkedHashMap<>();
        String reportQuery =
                "filter @type = \"REPORT\" or @message like /platform.report/ | fields @message | limit 10000";
        for (Map<String, String> row : query(logs, group, since, reportQuery)) {
            LambdaReportLine.parse(row.getOrDefault("@message", "")).ifPresent(r -> reports.put(r.requestId(), r));
        }
        List<InvocationRecord> out = new ArrayList<>();
        for (Map<String, String> row : query(
                logs,
                group,
                since,
                "filter ispresent(rowsRead) and ispresent(hour) and ispresent(outcome)"
                        + " | fields requestId, hour, outcome, rowsRead, bytesRead | limit 10000")) {
            LambdaReportLine rep = reports.get(row.get("requestId"));
            if (rep == null || !hours.contains(row.get("hour")) || !"PUBLISHED".equals(row.get("outcome"))) {
                continue;
            }
            String payload = "{\"hours\":[{\"outcome\":\"PUBLISHED\",\"rowsRead\":" + row.get("rowsRead")
                    + ",\"bytesRead\":" + row.get("bytesRead") + "}]}";
            out.add(fromReport(rep, null, payload, arch));
        }
        return out;
    }

    /**
     * One record per hour the runner published: the hour's processing time plus its share of the tick's JVM start and
     * exit (tick wallMs minus the hours' durationMs, split evenly over the hours of the tick).
     */
    private static List<InvocationRecord> ec2Records(
            CloudWatchLogsClient logs, Instant since, Set<String> hours, String instanceType)
            throws InterruptedException {
        String group = "/twinrun/ec2/runner";
        Map<String, Map<String, String>> ticks = new HashMap<>();
        for (Map<String, String> row : query(
                logs, group, since, "filter ispresent(exitCode) | fields runId, wallMs, peakRssKb | limit 10000")) {
            ticks.put(row.get("runId"), row);
        }
        Map<String, List<Map<String, String>>> hoursByTick = new HashMap<>();
        for (Map<String, String> row : query(
                logs,
                group,
                since,
                "filter ispresent(rowsRead) and ispresent(hour) and outcome = \"PUBLISHED\""
                        + " | fields runId, hour, rowsRead, bytesRead, durationMs | limit 10000")) {
            if (hours.contains(row.get("hour"))) {
                hoursByTick
                        .computeIfAbsent(row.get("runId"), k -> new ArrayList<>())
                        .add(row);
            }
        }
        List<InvocationRecord> out = new ArrayList<>();
        hoursByTick.forEach((runId, rows) -> {
            Map<String, String> tick = ticks.get(runId);
            if (tick == null) {
                return;
            }
            double busy = rows.stream()
                    .mapToDouble(r -> Double.parseDouble(r.get("durationMs")))
                    .sum();
            double overhead = Math.max(0, Double.parseDouble(tick.get("wallMs")) - busy) / rows.size();
            Integer peakMb = tick.get("peakRssKb") == null
                    ? null
                    : (int) ((Long.parseLong(tick.get("peakRssKb")) + 1023) / 1024);
            for (Map<String, String> r : rows) {
                out.add(new InvocationRecord(
                        Platform.EC2,
                        Phase.COLD,
                        Double.parseDouble(r.get("durationMs")) + overhead,
                        null,
                        null,
                        null,
                        null,
                        peakMb,
                        Long.parseLong(r.get("rowsRead")),
                        Long.parseLong(r.get("bytesRead")),
                        false,
                        null,
                        null,
                        instanceType,
                        runId,
                        null));
            }
        });
        return out;
    }

    private static List<Map<String, String>> query(CloudWatchLogsClient logs, String group, Instant since, String q)
            throws InterruptedException {
        String id = logs.startQuery(b -> b.logGroupName(group)
                        .startTime(since.getEpochSecond())
                        .endTime(Instant.now().getEpochSecond() + 60)
                        .queryString(q))
                .queryId();
        while (true) {
            GetQueryResultsResponse r = logs.getQueryResults(b -> b.queryId(id));
            if (r.status() == QueryStatus.COMPLETE) {
                List<Map<String, String>> rows = new ArrayList<>();
                for (List<ResultField> fields : r.results()) {
                    Map<String, String> row = new HashMap<>();
                    fields.forEach(f -> row.put(f.field(), f.value()));
                    rows.add(row);
                }
                return rows;
            }
            if (r.status() == QueryStatus.FAILED
                    || r.status() == QueryStatus.CANCELLED
                    || r.status() == QueryStatus.TIMEOUT) {
                throw new IllegalStateException("Logs Insights query on " + group + " ended " + r.status());
            }
            Thread.sleep(1000);
        }
    }
}
