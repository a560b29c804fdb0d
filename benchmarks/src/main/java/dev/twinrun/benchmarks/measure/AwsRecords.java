package dev.twinrun.benchmarks.measure;

import dev.twinrun.benchmarks.measure.AwsDeployment.AwsVariant;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.VariantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logs Insights rows to raw records: the queries compare runs on each variant's log group, and the joins of their
 * rows. Lambda: REPORT lines joined by request id with the hour's EMF document; the runner (EC2 always on, EC2 per run,
 * Fargate): the tick's summary line joined by run id with the hours' EMF documents.
 */
public final class AwsRecords {
    /**
     * The function's REPORT lines: Logs Insights' discovered fields and the message, which also carries SnapStart's
     * {@code Restore Duration} and {@code Billed Restore Duration}
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html) and the memory in MB (the discovered
     * {@code @memorySize} and {@code @maxMemoryUsed} are bytes).
     */
    public static final String REPORT_QUERY = "filter @type = \"REPORT\""
            + " | fields @requestId, @duration, @billedDuration, @initDuration, @message | limit 10000";

    /** Each hour run's EMF document (adapter-common Telemetry.HOUR_METRICS with its properties). */
    public static final String EMF_HOUR_QUERY = "filter ispresent(RowsRead) and ispresent(hour)"
            + " | fields requestId, runId, hour, outcome, RowsRead, BytesRead, DurationMs | limit 10000";

    /** The runner's tick summary lines. */
    public static final String TICK_QUERY = "filter ispresent(exitCode) and ispresent(wallMs)"
            + " | fields runId, exitCode, wallMs, peakRssKb, hoursFailed | limit 10000";

    private AwsRecords() {}

    /** The Lambda records of the {@code hours} wanted: one per hour published, plus one per failed invocation. */
    public static List<InvocationRecord> lambda(
            List<Map<String, String>> reportRows,
            List<Map<String, String>> emfRows,
            Set<String> hours,
            String arch,
            boolean snapStart) {
        Map<String, LambdaReportLine> reports = new LinkedHashMap<>();
        for (Map<String, String> row : reportRows) {
            LambdaReportLine.parse(row.getOrDefault("@message", ""))
                    .map(r -> r.withInitMs(number(row.get("@initDuration"))))
                    .ifPresent(r -> reports.put(r.requestId(), r));
        }
        List<InvocationRecord> out = new ArrayList<>();
        Set<String> seenHours = new HashSet<>();
        Set<String> joined = new HashSet<>();
        for (Map<String, String> row : emfRows) {
            String hour = row.get("hour");
            LambdaReportLine rep = reports.get(row.get("requestId"));
            if (rep == null || !hours.contains(hour)) {
                continue;
            }
            joined.add(rep.requestId());
            if (!"PUBLISHED".equals(row.get("outcome")) || !seenHours.add(hour)) {
                continue; // ALREADY_CURRENT, NO_INPUT: another invocation's hour (one event per uploaded file)
            }
            String payload = "{\"hours\":[{\"outcome\":\"PUBLISHED\",\"rowsRead\":" + whole(row.get("RowsRead"))
                    + ",\"bytesRead\":" + whole(row.get("BytesRead")) + "}]}";
            out.add(label(AwsTarget.fromReport(rep, null, payload, arch), snapStart));
        }
        for (LambdaReportLine rep : reports.values()) {
            if (rep.status() != null && !joined.contains(rep.requestId())) {
                out.add(label(AwsTarget.fromReport(rep, rep.status(), null, arch), snapStart));
            }
        }
        return out;
    }

    /**
     * The runner's records of the {@code hours} wanted: per hour published, its processing time plus its share of the
     * tick's JVM start and exit (tick wallMs minus the hours' durationMs, split evenly over the tick's hours); a tick
     * with failed hours adds one failed record.
     */
    public static List<InvocationRecord> runner(
            List<Map<String, String>> tickRows,
            List<Map<String, String>> emfRows,
            Set<String> hours,
            AwsVariant variant,
            String instanceType) {
        Map<String, Map<String, String>> ticks = new LinkedHashMap<>();
        for (Map<String, String> row : tickRows) {
            if (row.get("runId") != null) {
                ticks.put(row.get("runId"), row);
            }
        }
        Map<String, List<Map<String, String>>> hoursByTick = new LinkedHashMap<>();
        Set<String> seenHours = new HashSet<>();
        for (Map<String, String> row : emfRows) {
            if (hours.contains(row.get("hour"))
                    && "PUBLISHED".equals(row.get("outcome"))
                    && ticks.containsKey(row.get("runId"))
                    && seenHours.add(row.get("hour"))) {
                hoursByTick
                        .computeIfAbsent(row.get("runId"), k -> new ArrayList<>())
                        .add(row);
            }
        }
        String label = switch (variant) {
            case EC2_PER_RUN -> "ec2-per-run-" + instanceType;
            case FARGATE -> "fargate";
            default -> null;
        };
        List<InvocationRecord> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> t : ticks.entrySet()) {
            Map<String, String> tick = t.getValue();
            List<Map<String, String>> rows = hoursByTick.getOrDefault(t.getKey(), List.of());
            Integer peakMb = number(tick.get("peakRssKb")) == null
                    ? null
                    : (int) Math.ceil(number(tick.get("peakRssKb")) / 1024);
            double wall = Optional.ofNullable(number(tick.get("wallMs"))).orElse(0.0);
            double busy = rows.stream()
                    .mapToDouble(r ->
                            Optional.ofNullable(number(r.get("DurationMs"))).orElse(0.0))
                    .sum();
            double overhead = rows.isEmpty() ? 0 : Math.max(0, wall - busy) / rows.size();
            for (Map<String, String> r : rows) {
                out.add(new InvocationRecord(
                        Platform.EC2,
                        Phase.COLD,
                        Optional.ofNullable(number(r.get("DurationMs"))).orElse(0.0) + overhead,
                        null,
                        null,
                        null,
                        null,
                        peakMb,
                        whole(r.get("RowsRead")),
                        whole(r.get("BytesRead")),
                        false,
                        label,
                        null,
                        instanceType,
                        t.getKey(),
                        null));
            }
            Double failedHours = number(tick.get("hoursFailed"));
            boolean failed = failedHours != null && failedHours > 0
                    || number(tick.get("exitCode")) != null && number(tick.get("exitCode")) != 0;
            if (failed && !rows.isEmpty() || failed && wantedTick(emfRows, t.getKey(), hours)) {
                out.add(new InvocationRecord(
                        Platform.EC2,
                        Phase.COLD,
                        wall,
                        null,
                        null,
                        null,
                        null,
                        peakMb,
                        null,
                        null,
                        true,
                        label,
                        null,
                        instanceType,
                        t.getKey(),
                        null));
            }
        }
        return out;
    }

    /** How many of {@code hours} the records cover (distinct hours published). */
    public static long hoursCovered(List<InvocationRecord> records) {
        return records.stream().filter(r -> !r.failed()).count();
    }

    private static boolean wantedTick(List<Map<String, String>> emfRows, String runId, Set<String> hours) {
        return emfRows.stream().anyMatch(r -> runId.equals(r.get("runId")) && hours.contains(r.get("hour")));
    }

    private static InvocationRecord label(InvocationRecord r, boolean snapStart) {
        if (!snapStart) {
            return r;
        }
        return new InvocationRecord(
                r.platform(),
                r.phase(),
                r.wallMs(),
                r.cpuMs(),
                r.billedMs(),
                r.initMs(),
                r.memoryMb(),
                r.maxMemoryUsedMb(),
                r.rowsRead(),
                r.bytesRead(),
                r.failed(),
                VariantId.lambda(r.memoryMb(), r.arch()).value() + "-snapstart",
                r.arch(),
                r.instanceType(),
                r.runId(),
                r.provenance());
    }

    /** Logs Insights returns every value as a string; numbers may be written {@code 1.2E7}. */
    static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long whole(String s) {
        Double d = number(s);
        return d == null ? null : Math.round(d);
    }
}
