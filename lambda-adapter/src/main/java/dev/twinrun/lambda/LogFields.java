package dev.twinrun.lambda;

/** Names of the structured log fields and EMF metrics, the same in the EC2 adapter so both variants' logs line up. */
public final class LogFields {
    public static final String REQUEST_ID = "requestId";
    public static final String RUN_ID = "runId";
    public static final String BUCKET = "bucket";
    public static final String KEY = "key";
    public static final String HOUR = "hour";
    /** Written first, in this order. */
    static final String[] ORDER = {REQUEST_ID, RUN_ID, BUCKET, KEY, HOUR};

    public static final String NAMESPACE = "twinrun";
    public static final String VARIANT_DIMENSION = "Variant";
    public static final String VARIANT = "lambda";
    public static final String ROWS_READ = "RowsRead";
    public static final String ROWS_QUARANTINED = "RowsQuarantined";
    public static final String BYTES_READ = "BytesRead";
    public static final String DURATION_MS = "DurationMs";
    public static final String COLD_START = "ColdStart";

    private LogFields() {
    }

    /** A handler's answer for one hour, plain JSON types: the same fields from every Lambda handler. */
    public static java.util.Map<String, Object> summary(dev.twinrun.core.job.RunResult r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
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

    /** Puts a run's outcome and counts into the log context (MDC), the same fields on every Lambda handler's line. */
    public static void putResult(dev.twinrun.core.job.RunResult r) {
        org.slf4j.MDC.put("outcome", r.outcome().name());
        org.slf4j.MDC.put("files", Integer.toString(r.files()));
        org.slf4j.MDC.put("rowsRead", Long.toString(r.rowsRead()));
        org.slf4j.MDC.put("rowsAggregated", Long.toString(r.rowsAggregated()));
        org.slf4j.MDC.put("rowsQuarantined", Long.toString(r.rowsQuarantined()));
        org.slf4j.MDC.put("bytesRead", Long.toString(r.bytesRead()));
        org.slf4j.MDC.put("durationMs", Long.toString(r.durationMs()));
    }
}
