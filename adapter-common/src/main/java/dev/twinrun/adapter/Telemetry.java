package dev.twinrun.adapter;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The telemetry contract both delivery adapters are held to (each adapter's test runs one hour and compares what it
 * wrote with these lists; the infra test checks that the dashboard charts only these metrics).
 *
 * <p>Per hour run, on Lambda and on EC2 alike: one result log line with {@link #HOUR_LOG_KEYS}, and one EMF document
 * with {@link #HOUR_METRICS} and {@link #HOUR_METRIC_PROPERTIES}, for every outcome ({@code PUBLISHED},
 * {@code ALREADY_CURRENT}, {@code NO_INPUT}); rows and bytes count only what the run processed, so a current hour adds
 * 0 to their sums and 1 to the sample count of {@code DurationMs}. A failed hour writes an ERROR line and no hour
 * metrics (Lambda counts it in its {@code Errors} metric, EC2 in {@link #HOURS_FAILED}).
 *
 * <p>{@link #COLD_START} is 1 on the first hour a JVM runs and 0 after: on Lambda the first run of an execution
 * environment, on EC2 the first hour of every tick (each tick is a fresh JVM). Its sum is the number of cold starts
 * that did work, on both.
 *
 * <p>The EC2 runner also writes {@link #RUN_METRICS} once per tick: a Lambda invocation runs the hour it was given, an
 * EC2 tick finds its hours itself.
 */
public final class Telemetry {
    /** The EMF namespace of every metric. */
    public static final String NAMESPACE = "twinrun";
    /** The one dimension, whose value is the variant ({@code lambda}, {@code fanout}, {@code ec2}). */
    public static final String VARIANT_DIMENSION = "Variant";

    public static final Metric ROWS_READ = new Metric("RowsRead", MetricUnit.COUNT);
    public static final Metric ROWS_QUARANTINED = new Metric("RowsQuarantined", MetricUnit.COUNT);
    public static final Metric BYTES_READ = new Metric("BytesRead", MetricUnit.BYTES);
    /** Input files the published hour did not read (unusable, or a duplicate of another file); alarmed. */
    public static final Metric SKIPPED_INPUTS = new Metric("SkippedInputs", MetricUnit.COUNT);
    /** The core's processing time of the hour. */
    public static final Metric DURATION_MS = new Metric("DurationMs", MetricUnit.MILLISECONDS);

    public static final Metric COLD_START = new Metric("ColdStart", MetricUnit.COUNT);

    public static final Metric HOURS_DUE = new Metric("HoursDue", MetricUnit.COUNT);
    public static final Metric HOURS_PROCESSED = new Metric("HoursProcessed", MetricUnit.COUNT);
    public static final Metric HOURS_FAILED = new Metric("HoursFailed", MetricUnit.COUNT);

    /** The metrics of one hour run, in the order they are written. */
    public static final List<Metric> HOUR_METRICS =
            List.of(ROWS_READ, ROWS_QUARANTINED, BYTES_READ, SKIPPED_INPUTS, DURATION_MS, COLD_START);

    /** The string properties of an hour's EMF document (besides the {@value #VARIANT_DIMENSION} dimension). */
    public static final Set<String> HOUR_METRIC_PROPERTIES =
            keys(LogField.REQUEST_ID, LogField.RUN_ID, LogField.HOUR, LogField.BUCKET, LogField.KEY, LogField.OUTCOME);

    /** The metrics of one EC2 tick. */
    public static final List<Metric> RUN_METRICS = List.of(HOURS_DUE, HOURS_PROCESSED, HOURS_FAILED);

    /** The keys of an hour's result log line ({@code hour 2026-11-26T13 published: ...}). */
    public static final Set<String> HOUR_LOG_KEYS = keys(
            LogField.TIMESTAMP,
            LogField.LEVEL,
            LogField.MESSAGE,
            LogField.REQUEST_ID,
            LogField.RUN_ID,
            LogField.BUCKET,
            LogField.KEY,
            LogField.HOUR,
            LogField.OUTCOME,
            LogField.FILES,
            LogField.ROWS_READ,
            LogField.ROWS_AGGREGATED,
            LogField.ROWS_QUARANTINED,
            LogField.BYTES_READ,
            LogField.DURATION_MS,
            LogField.VARIANT,
            LogField.LOGGER);

    private Telemetry() {}

    /** The metric named {@code name} in {@link #HOUR_METRICS} or {@link #RUN_METRICS}, if any. */
    public static Optional<Metric> metric(String name) {
        return Stream.concat(HOUR_METRICS.stream(), RUN_METRICS.stream())
                .filter(m -> m.name().equals(name))
                .findFirst();
    }

    private static Set<String> keys(LogField... fields) {
        return Stream.of(fields).map(LogField::key).collect(Collectors.toUnmodifiableSet());
    }
}
