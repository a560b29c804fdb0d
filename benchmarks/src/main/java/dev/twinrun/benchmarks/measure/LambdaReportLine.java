package dev.twinrun.benchmarks.measure;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a Lambda {@code REPORT} log line (what CloudWatch Logs Insights exposes as {@code @duration},
 * {@code @billedDuration}, {@code @memorySize}, {@code @maxMemoryUsed}, {@code @initDuration}), e.g.
 * {@code REPORT RequestId: 8f5…\tDuration: 1234.56 ms\tBilled Duration: 1235 ms\tMemory Size: 512 MB\tMax Memory Used:
 * 180 MB\tInit Duration: 456.78 ms}.
 *
 * @param requestId       the invocation's request id
 * @param durationMs      handler duration
 * @param billedMs        billed duration (includes INIT for zip functions on managed runtimes since 2025-08-01)
 * @param memorySizeMb    configured memory
 * @param maxMemoryUsedMb peak memory used
 * @param initMs          INIT duration, present only on a cold start (not on SnapStart functions, whose INIT runs when
 *                        a version is published)
 * @param status          {@code Status:} when the platform reports one (e.g. {@code timeout}, {@code error}), else null
 * @param restoreMs       SnapStart: {@code Restore Duration}, present only when a snapshot was restored (the cold start
 *                        of a SnapStart function), else null
 * @param billedRestoreMs SnapStart: {@code Billed Restore Duration}, else null
 */
public record LambdaReportLine(
        String requestId,
        double durationMs,
        long billedMs,
        int memorySizeMb,
        int maxMemoryUsedMb,
        Double initMs,
        String status,
        Double restoreMs,
        Long billedRestoreMs) {

    private static final Pattern REQUEST = Pattern.compile("REPORT\\s+RequestId:\\s*([0-9A-Za-z-]+)");

    /** A line without SnapStart fields. */
    public LambdaReportLine(
            String requestId,
            double durationMs,
            long billedMs,
            int memorySizeMb,
            int maxMemoryUsedMb,
            Double initMs,
            String status) {
        this(requestId, durationMs, billedMs, memorySizeMb, maxMemoryUsedMb, initMs, status, null, null);
    }

    /** Whether the line reports a cold start: an INIT duration, or a SnapStart restore. */
    public boolean cold() {
        return initMs != null || restoreMs != null;
    }

    /**
     * What the invocation is billed for in ms: Billed Duration plus, on a SnapStart restore, Billed Restore Duration
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html).
     */
    public long billedTotalMs() {
        return billedMs + (billedRestoreMs == null ? 0 : billedRestoreMs);
    }

    /** The same line with the INIT duration from elsewhere (Logs Insights' {@code @initDuration}) when it has none. */
    public LambdaReportLine withInitMs(Double init) {
        return init == null || initMs != null
                ? this
                : new LambdaReportLine(
                        requestId,
                        durationMs,
                        billedMs,
                        memorySizeMb,
                        maxMemoryUsedMb,
                        init,
                        status,
                        restoreMs,
                        billedRestoreMs);
    }

    /** Parses the first REPORT line found in {@code text} (a log line, or a log tail of several lines). */
    public static Optional<LambdaReportLine> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (String line : text.split("\\R")) {
            if (line.contains("REPORT") && line.contains("RequestId:") || line.contains("\"platform.report\"")) {
                Optional<LambdaReportLine> r = parse(line);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses one REPORT line, in the text format or the JSON log format ({@code "type":"platform.report"}); empty
     * when it is not one or lacks Duration, Billed Duration or Memory Size.
     */
    public static Optional<LambdaReportLine> parse(String line) {
        if (line.stripLeading().startsWith("{")) {
            return parseJson(line);
        }
        Matcher req = REQUEST.matcher(line);
        if (!req.find()) {
            return Optional.empty();
        }
        Double duration = number(line, "Duration");
        Double billed = number(line, "Billed Duration");
        Double memory = number(line, "Memory Size");
        if (duration == null || billed == null || memory == null) {
            return Optional.empty();
        }
        Double maxUsed = number(line, "Max Memory Used");
        Double init = number(line, "Init Duration");
        Double restore = number(line, "Restore Duration");
        Double billedRestore = number(line, "Billed Restore Duration");
        Matcher st = Pattern.compile("(?:^|\\s)Status:\\s*([A-Za-z.]+)").matcher(line);
        return Optional.of(new LambdaReportLine(
                req.group(1),
                duration,
                Math.round(billed),
                (int) Math.round(memory),
                maxUsed == null ? 0 : (int) Math.round(maxUsed),
                init,
                st.find() ? st.group(1).toLowerCase(Locale.ROOT) : null,
                restore,
                billedRestore == null ? null : Math.round(billedRestore)));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code {"type":"platform.report","record":{"requestId":..,"metrics":{"durationMs":..,...},"status":..}}}. */
    private static Optional<LambdaReportLine> parseJson(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(line);
            com.fasterxml.jackson.databind.JsonNode rec = n.path("record");
            com.fasterxml.jackson.databind.JsonNode m = rec.path("metrics");
            if (!n.path("type").asText().equals("platform.report")
                    || !m.has("durationMs")
                    || !m.has("billedDurationMs")
                    || !m.has("memorySizeMB")) {
                return Optional.empty();
            }
            String status = rec.path("status").asText(null);
            return Optional.of(new LambdaReportLine(
                    rec.path("requestId").asText(),
                    m.path("durationMs").asDouble(),
                    m.path("billedDurationMs").asLong(),
                    m.path("memorySizeMB").asInt(),
                    m.path("maxMemoryUsedMB").asInt(),
                    m.has("initDurationMs") ? m.path("initDurationMs").asDouble() : null,
                    status == null || status.equals("success") ? null : status.toLowerCase(Locale.ROOT),
                    m.has("restoreDurationMs") ? m.path("restoreDurationMs").asDouble() : null,
                    m.has("billedRestoreDurationMs")
                            ? m.path("billedRestoreDurationMs").asLong()
                            : null));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The number after {@code "Name: "}; "Duration" never matches "Billed Duration", "Init Duration" or "Restore
     * Duration", nor "Restore Duration" "Billed Restore Duration".
     */
    private static Double number(String line, String name) {
        String guard = name.equals("Duration")
                ? "(?<!Billed )(?<!Init )(?<!Restore )"
                : name.equals("Restore Duration") ? "(?<!Billed )" : "";
        Matcher m = Pattern.compile(guard + Pattern.quote(name) + ":\\s*([0-9]+(?:\\.[0-9]+)?)")
                .matcher(line);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
