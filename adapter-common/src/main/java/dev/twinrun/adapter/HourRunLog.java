package dev.twinrun.adapter;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.RunResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One hour run as both adapters log and measure it (the contract is {@link Telemetry}):
 * <ol>
 *   <li>the log context (MDC) gets {@code requestId, runId, bucket, key, hour} (see {@link LogField} for what they
 *       mean) and an INFO line {@code hour H started};</li>
 *   <li>the core job runs the hour;</li>
 *   <li>on success the result's outcome and counts join the context, an INFO line
 *       {@code hour H published: R rows read, A aggregated, Q quarantined} ({@code already_current}, {@code no_input})
 *       is written and one EMF document with {@link Telemetry#HOUR_METRICS}, whatever the outcome;</li>
 *   <li>on failure an ERROR line {@code hour H not published: ...} with the {@code reason}, no metrics, and a
 *       {@link HourFailure} of one of its two kinds: unusable input (the key is then the offending file) or any other
 *       failure (storage, a bug; with the stack trace).</li>
 * </ol>
 * The log context is restored afterwards to what it was before. One instance lives as long as the JVM's adapter (a
 * Lambda execution environment, an EC2 tick): its first hour is the cold start.
 */
public final class HourRunLog {
    private static final Logger LOG = LoggerFactory.getLogger(HourRunLog.class);

    private final JobConfig config;
    private final EmfWriter metrics;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    public HourRunLog(JobConfig config, EmfWriter metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** True the first time it is called on this instance, false after: the {@link Telemetry#COLD_START} value. */
    public boolean takeColdStart() {
        return coldStart.getAndSet(false);
    }

    /**
     * Runs {@code hour} of {@code job} with its log lines and metrics.
     *
     * @param requestId the invocation's id ({@link LogField#REQUEST_ID})
     * @param runId     the id the core writes into the hour's manifest
     * @param key       the object that triggered the run, or null: then the hour's input prefix
     * @throws HourFailure after its ERROR line, when nothing was published
     */
    public RunResult run(HourJob job, HourId hour, String requestId, String runId, String key) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        String runKey = key != null ? key : config.inputPrefix() + hour.path() + "/";
        boolean cold = takeColdStart();
        MDC.put(LogField.REQUEST_ID.key(), requestId);
        MDC.put(LogField.RUN_ID.key(), runId);
        MDC.put(LogField.BUCKET.key(), config.bucket());
        MDC.put(LogField.KEY.key(), runKey);
        MDC.put(LogField.HOUR.key(), hour.toString());
        try {
            LOG.info("hour {} started", hour);
            RunResult r = job.run(hour, runId);
            putResult(r);
            if (r.outcome() == RunResult.Outcome.PUBLISHED) {
                r.skippedInputs()
                        .forEach(s ->
                                LOG.warn("hour {}: input {} not read ({}): {}", hour, s.key(), s.reason(), s.detail()));
            }
            LOG.info(
                    "hour {} {}: {} rows read, {} aggregated, {} quarantined",
                    hour,
                    r.outcome().name().toLowerCase(Locale.ROOT),
                    r.rowsRead(),
                    r.rowsAggregated(),
                    r.rowsQuarantined());
            Map<Metric, Long> m = processedCounts(r);
            m.put(Telemetry.DURATION_MS, r.durationMs());
            m.put(Telemetry.COLD_START, cold ? 1L : 0L);
            metrics.write(
                    m, properties(requestId, runId, hour, runKey, r.outcome().name()));
            return r;
        } catch (UnusableInputException e) {
            MDC.put(LogField.KEY.key(), e.file());
            MDC.put(LogField.REASON.key(), e.reason());
            LOG.error("hour {} not published: unusable input {}: {}", hour, e.file(), e.reason());
            throw new HourFailure(
                    HourFailure.Kind.UNUSABLE_INPUT,
                    hour,
                    e.file(),
                    "hour " + hour + ": unusable input " + e.file() + ": " + e.reason(),
                    e);
        } catch (IOException | RuntimeException e) {
            String what = HourFailure.what(e);
            String object =
                    key != null ? "s3://" + config.bucket() + "/" + key : config.inputLocation() + hour.path() + "/";
            MDC.put(LogField.REASON.key(), e.toString());
            LOG.error("hour {} not published: {} on {}: {}", hour, what, object, e.toString(), e);
            throw new HourFailure(
                    HourFailure.Kind.OTHER, hour, runKey, "hour " + hour + ": " + what + " on " + object + ": " + e, e);
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    /** Puts a run's outcome and counts into the log context, the same fields for every adapter. */
    public static void putResult(RunResult r) {
        MDC.put(LogField.OUTCOME.key(), r.outcome().name());
        MDC.put(LogField.FILES.key(), Integer.toString(r.files()));
        MDC.put(LogField.ROWS_READ.key(), Long.toString(r.rowsRead()));
        MDC.put(LogField.ROWS_AGGREGATED.key(), Long.toString(r.rowsAggregated()));
        MDC.put(LogField.ROWS_QUARANTINED.key(), Long.toString(r.rowsQuarantined()));
        MDC.put(LogField.BYTES_READ.key(), Long.toString(r.bytesRead()));
        MDC.put(LogField.DURATION_MS.key(), Long.toString(r.durationMs()));
    }

    /**
     * RowsRead, RowsQuarantined, BytesRead and SkippedInputs of what this run processed: the result's counts when it
     * published, 0 when the hour was current or had no input (so a skipped file is counted once, by the run that
     * published without it). A mutable map in declaration order, for the caller to add to.
     */
    public static Map<Metric, Long> processedCounts(RunResult r) {
        boolean processed = r.outcome() == RunResult.Outcome.PUBLISHED;
        Map<Metric, Long> m = new LinkedHashMap<>();
        m.put(Telemetry.ROWS_READ, processed ? r.rowsRead() : 0);
        m.put(Telemetry.ROWS_QUARANTINED, processed ? r.rowsQuarantined() : 0);
        m.put(Telemetry.BYTES_READ, processed ? r.bytesRead() : 0);
        m.put(Telemetry.SKIPPED_INPUTS, processed ? (long) r.skippedInputs().size() : 0);
        return m;
    }

    /** An hour's EMF properties ({@link Telemetry#HOUR_METRIC_PROPERTIES}). */
    public Map<String, String> properties(String requestId, String runId, HourId hour, String key, String outcome) {
        Map<String, String> p = new TreeMap<>();
        p.put(LogField.REQUEST_ID.key(), requestId);
        p.put(LogField.RUN_ID.key(), runId);
        p.put(LogField.HOUR.key(), hour.toString());
        p.put(LogField.BUCKET.key(), config.bucket());
        p.put(LogField.KEY.key(), key);
        p.put(LogField.OUTCOME.key(), outcome);
        return p;
    }

    /** A handler's answer for one hour, plain JSON types. */
    public static Map<String, Object> summary(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hour", r.hour().toString());
        m.put("outcome", r.outcome().name());
        m.put("runId", r.runId());
        m.put("files", r.files());
        m.put("rowsRead", r.rowsRead());
        m.put("rowsAggregated", r.rowsAggregated());
        m.put("rowsQuarantined", r.rowsQuarantined());
        m.put("bytesRead", r.bytesRead());
        m.put("durationMs", r.durationMs());
        return m;
    }
}
