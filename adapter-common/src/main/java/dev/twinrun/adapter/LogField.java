package dev.twinrun.adapter;

import java.util.List;

/**
 * Every field of the adapters' JSON log lines, the same names on Lambda and on EC2, so both variants' logs line up
 * in CloudWatch Logs Insights. The encoder writes {@link #TIMESTAMP}, {@link #LEVEL}, {@link #MESSAGE}, then
 * {@link #FIRST} from the log context (MDC) in that order, then every other MDC entry sorted by name (whole numbers as
 * JSON numbers), then {@link #VARIANT}, {@link #LOGGER} and, with a throwable, {@link #ERROR} and {@link #STACK_TRACE}.
 *
 * <p>What the ids mean, on both adapters:
 * <ul>
 *   <li>{@link #REQUEST_ID}: one invocation of the adapter. Lambda: the platform's request id. EC2 has no platform
 *       request id; one cron tick is its invocation, so the runner writes {@code ec2-} followed by the tick's run id.
 *       Counting distinct request ids counts invocations on both.</li>
 *   <li>{@link #RUN_ID}: the id the core writes into the manifests the run publishes. Lambda: one per hour run. EC2: one
 *       per tick, shared by the hours the tick processes, so the tick's summary line joins its hour lines.</li>
 *   <li>{@link #KEY}: the S3 object that triggered the run; with no trigger (a scheduled Lambda run, the EC2 runner)
 *       the hour's input prefix ({@code incoming/dt=2026-11-26/hour=13/}); on unusable input, the offending file.</li>
 * </ul>
 */
public enum LogField {
    TIMESTAMP("timestamp"),
    LEVEL("level"),
    MESSAGE("message"),
    REQUEST_ID("requestId"),
    RUN_ID("runId"),
    BUCKET("bucket"),
    KEY("key"),
    HOUR("hour"),
    /** {@code PUBLISHED}, {@code ALREADY_CURRENT} or {@code NO_INPUT}. */
    OUTCOME("outcome"),
    FILES("files"),
    ROWS_READ("rowsRead"),
    ROWS_AGGREGATED("rowsAggregated"),
    ROWS_QUARANTINED("rowsQuarantined"),
    BYTES_READ("bytesRead"),
    DURATION_MS("durationMs"),
    /** Why an hour failed. */
    REASON("reason"),
    /** Fan-out plan: the hour's status when planned. */
    STATUS("status"),
    /** Fan-out: how many shards a plan has or a merge read. */
    SHARDS("shards"),
    /** Fan-out: the shard's index. */
    SHARD("shard"),
    /** Fan-out: the size of one shard's partial result. */
    RESULT_BYTES("resultBytes"),
    /** EC2 tick summary: the process exit code. */
    EXIT_CODE("exitCode"),
    HOURS_DUE("hoursDue"),
    HOURS_PROCESSED("hoursProcessed"),
    HOURS_FAILED("hoursFailed"),
    /** EC2 tick summary: JVM start to end. */
    WALL_MS("wallMs"),
    /** EC2 tick summary: JVM start to the first input byte read, -1 when nothing was read. */
    JVM_START_TO_FIRST_ROW_MS("jvmStartToFirstRowMs"),
    /** EC2 tick summary: the process's peak resident set ({@code VmHWM}). */
    PEAK_RSS_KB("peakRssKb"),
    /** {@code lambda}, {@code fanout} or {@code ec2}: which variant wrote the line. */
    VARIANT("variant"),
    LOGGER("logger"),
    ERROR("error"),
    STACK_TRACE("stackTrace");

    /** The context fields written right after the message, in this order. */
    public static final List<LogField> FIRST = List.of(REQUEST_ID, RUN_ID, BUCKET, KEY, HOUR);

    private final String key;

    LogField(String key) {
        this.key = key;
    }

    /** The JSON (and MDC) key. */
    public String key() {
        return key;
    }
}
