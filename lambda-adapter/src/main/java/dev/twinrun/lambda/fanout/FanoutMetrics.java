package dev.twinrun.lambda.fanout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.twinrun.lambda.LogFields;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format line per task on stdout, namespace {@code twinrun}, dimension
 * {@code Variant=fanout}, the same shape as the Lambda variant's (written with jackson-core for the same reason).
 */
final class FanoutMetrics {
    static final String VARIANT = "fanout";
    private static final JsonFactory JSON = new JsonFactory();

    private FanoutMetrics() {
    }

    /** A metric value with its CloudWatch unit. */
    record Value(long value, String unit) {
    }

    static void emit(Map<String, Value> metrics, Map<String, String> properties) {
        System.out.println(emf(Instant.now(), metrics, properties));
    }

    static String emf(Instant timestamp, Map<String, Value> metrics, Map<String, String> properties) {
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
            g.writeStringField(LogFields.VARIANT_DIMENSION, VARIANT);
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
