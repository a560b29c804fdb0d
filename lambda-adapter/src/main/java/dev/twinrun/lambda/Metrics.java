package dev.twinrun.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.twinrun.core.job.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout (Lambda ships stdout to CloudWatch Logs, which
 * extracts the metrics): namespace {@code twinrun}, one dimension {@code Variant=lambda}; RowsRead, RowsQuarantined,
 * BytesRead, DurationMs and ColdStart, with requestId, runId, hour, bucket, key and outcome as properties.
 *
 * <p>Written with jackson-core rather than aws-embedded-metrics: that library's first flush cost a median 256 ms
 * (150 to 369 ms, 9 fresh JVMs on one core) of the cold invocation, against 1.1 ms here, and 880 KB of the zip
 * (it brings commons-lang3, javatuples and jackson-datatype-jsr310); see BENCHMARKS-lambda.md. The document is the one the EC2 adapter writes, so both variants' metrics line up.
 */
public final class Metrics {
    private static final JsonFactory JSON = new JsonFactory();
    private final PrintStream out;

    Metrics() {
        this(null);
    }

    /** Writes to {@code out}, or to the current {@link System#out} when null. */
    Metrics(PrintStream out) {
        this.out = out;
    }

    /** A metric value with its CloudWatch unit. */
    public record Value(long value, String unit) {
    }

    /** One EMF document for one hour's run; rows and bytes count only what this run processed (0 when it published nothing). */
    void hour(RunResult r, String requestId, String bucket, String key, boolean coldStart) {
        boolean processed = r.outcome() == RunResult.Outcome.PUBLISHED;
        Map<String, Value> metrics = new LinkedHashMap<>();
        metrics.put(LogFields.ROWS_READ, new Value(processed ? r.rowsRead() : 0, "Count"));
        metrics.put(LogFields.ROWS_QUARANTINED, new Value(processed ? r.rowsQuarantined() : 0, "Count"));
        metrics.put(LogFields.BYTES_READ, new Value(processed ? r.bytesRead() : 0, "Bytes"));
        metrics.put(LogFields.DURATION_MS, new Value(r.durationMs(), "Milliseconds"));
        metrics.put(LogFields.COLD_START, new Value(coldStart ? 1 : 0, "Count"));
        Map<String, String> properties = new TreeMap<>();
        properties.put(LogFields.REQUEST_ID, requestId);
        properties.put(LogFields.RUN_ID, r.runId());
        properties.put(LogFields.HOUR, r.hour().toString());
        properties.put(LogFields.BUCKET, bucket);
        if (key != null) {
            properties.put(LogFields.KEY, key);
        }
        properties.put("outcome", r.outcome().name());
        (out != null ? out : System.out).println(emf(Instant.now(), metrics, properties));
    }

    /** One EMF document on one line, dimension {@code Variant=lambda}. */
    static String emf(Instant timestamp, Map<String, Value> metrics, Map<String, String> properties) {
        return emf(timestamp, LogFields.VARIANT, metrics, properties);
    }

    /** One EMF document on one line for {@code variant}; null properties are left out. */
    public static String emf(Instant timestamp, String variant, Map<String, Value> metrics,
                             Map<String, String> properties) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp.toEpochMilli());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", LogFields.NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString(LogFields.VARIANT_DIMENSION);
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Value> e : metrics.entrySet()) {
                g.writeStartObject();
                g.writeStringField("Name", e.getKey());
                g.writeStringField("Unit", e.getValue().unit());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField(LogFields.VARIANT_DIMENSION, variant);
            for (Map.Entry<String, Value> e : metrics.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue().value());
            }
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (e.getValue() != null) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
