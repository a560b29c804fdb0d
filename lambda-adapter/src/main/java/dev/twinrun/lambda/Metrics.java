package dev.twinrun.lambda;

import dev.twinrun.core.RunResult;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout, through aws-embedded-metrics: namespace
 * {@code twinrun}, one dimension {@code Variant=lambda}; RowsRead, RowsQuarantined, BytesRead, DurationMs and
 * ColdStart (1 on the first invocation of an execution environment, else 0), with requestId, runId, hour, bucket,
 * key and outcome as properties.
 */
final class Metrics {
    private final Environment environment;

    /** On Lambda: no environment probing (the library would otherwise try ECS and EC2 endpoints elsewhere). */
    Metrics() {
        this(new LambdaEnvironment());
    }

    Metrics(Environment environment) {
        this.environment = environment;
    }

    /** One EMF document for one hour's run; rows and bytes count only what this run processed (0 when it published nothing). */
    void hour(RunResult r, String requestId, String bucket, String key, boolean coldStart) {
        boolean processed = r.outcome() == RunResult.Outcome.PUBLISHED;
        MetricsLogger m = new MetricsLogger(environment);
        m.setNamespace(LogFields.NAMESPACE);
        m.setDimensions(DimensionSet.of(LogFields.VARIANT_DIMENSION, LogFields.VARIANT));
        m.putMetric(LogFields.ROWS_READ, processed ? r.rowsRead() : 0, Unit.COUNT);
        m.putMetric(LogFields.ROWS_QUARANTINED, processed ? r.rowsQuarantined() : 0, Unit.COUNT);
        m.putMetric(LogFields.BYTES_READ, processed ? r.bytesRead() : 0, Unit.BYTES);
        m.putMetric(LogFields.DURATION_MS, r.durationMs(), Unit.MILLISECONDS);
        m.putMetric(LogFields.COLD_START, coldStart ? 1 : 0, Unit.COUNT);
        m.putProperty(LogFields.REQUEST_ID, requestId);
        m.putProperty(LogFields.RUN_ID, r.runId());
        m.putProperty(LogFields.HOUR, r.hour().toString());
        m.putProperty(LogFields.BUCKET, bucket);
        if (key != null) {
            m.putProperty(LogFields.KEY, key);
        }
        m.putProperty("outcome", r.outcome().name());
        m.flush();
    }
}
