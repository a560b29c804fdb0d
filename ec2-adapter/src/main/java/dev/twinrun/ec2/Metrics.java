package dev.twinrun.ec2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch metrics as Embedded Metric Format lines, namespace {@value #NAMESPACE}, dimension
 * {@code Variant=ec2}; the same names as the Lambda adapter. Written through the log, so they land in
 * the file the CloudWatch agent ships and CloudWatch Logs turns them into metrics.
 */
public final class Metrics {
    /** The logger whose messages are raw EMF JSON. */
    public static final String LOGGER = "twinrun.metrics";
    public static final String NAMESPACE = "twinrun";
    public static final String VARIANT = "ec2";

    private static final JsonFactory JSON = new JsonFactory();
    private final Logger log = LoggerFactory.getLogger(LOGGER);

    /** A metric value with its CloudWatch unit. */
    public record Value(long value, String unit) {
    }

    /** After one hour was processed: RowsRead, RowsQuarantined, BytesRead, DurationMs. */
    public void hour(String hour, String runId, long rowsRead, long rowsQuarantined, long bytesRead, long durationMs) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("RowsRead", new Value(rowsRead, "Count"));
        m.put("RowsQuarantined", new Value(rowsQuarantined, "Count"));
        m.put("BytesRead", new Value(bytesRead, "Bytes"));
        m.put("DurationMs", new Value(durationMs, "Milliseconds"));
        log.info(emf(Instant.now(), m, Map.of("hour", hour, "runId", runId, "requestId", runId)));
    }

    /** After one invocation: HoursDue, HoursProcessed, HoursFailed. */
    public void run(String runId, long hoursDue, long hoursProcessed, long hoursFailed) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("HoursDue", new Value(hoursDue, "Count"));
        m.put("HoursProcessed", new Value(hoursProcessed, "Count"));
        m.put("HoursFailed", new Value(hoursFailed, "Count"));
        log.info(emf(Instant.now(), m, Map.of("runId", runId, "requestId", runId)));
    }

    /** One EMF document on one line. */
    public static String emf(Instant timestamp, Map<String, Value> metrics, Map<String, String> properties) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp.toEpochMilli());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("Variant");
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
            g.writeStringField("Variant", VARIANT);
            for (Map.Entry<String, Value> e : metrics.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue().value());
            }
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(properties).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
