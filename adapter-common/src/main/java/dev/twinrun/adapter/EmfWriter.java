package dev.twinrun.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch metrics as Embedded Metric Format documents, one per line: namespace {@value Telemetry#NAMESPACE}, one
 * dimension {@code Variant=<variant>}, the metrics with their units, then string properties (sorted by name, null ones
 * left out). CloudWatch Logs turns the shipped lines into metrics.
 *
 * <p>Lambda ships stdout ({@link #toStdout}); the EC2 runner writes the lines through the log ({@link #toLog}), so
 * they land in the file the CloudWatch agent ships, and {@link JsonLogEncoder} writes them unchanged.
 *
 * <p>Written with jackson-core rather than aws-embedded-metrics: that library's first flush cost a median 256 ms of a
 * cold Lambda invocation, against about 1 ms here, and 880 KB of the zip (lambda-adapter/BENCHMARKS-lambda.md).
 */
public final class EmfWriter {
    /** The logger whose messages are raw EMF JSON. */
    public static final String LOGGER = "twinrun.metrics";

    private static final JsonFactory JSON = new JsonFactory();

    private final String variant;
    private final Consumer<String> sink;

    /** Writes documents for {@code variant} to {@code sink}, one call per document. */
    public EmfWriter(String variant, Consumer<String> sink) {
        this.variant = Objects.requireNonNull(variant, "variant");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** To the current {@link System#out} (looked up on every write). */
    public static EmfWriter toStdout(String variant) {
        return new EmfWriter(variant, line -> System.out.println(line));
    }

    /** Through the {@value #LOGGER} logger at INFO. */
    public static EmfWriter toLog(String variant) {
        org.slf4j.Logger log = LoggerFactory.getLogger(LOGGER);
        return new EmfWriter(variant, log::info);
    }

    public String variant() {
        return variant;
    }

    /** Writes one document, timestamped now; {@code metrics} in the order to declare them. */
    public void write(Map<Metric, Long> metrics, Map<String, String> properties) {
        sink.accept(document(Instant.now(), variant, metrics, properties));
    }

    /** One EMF document on one line. */
    public static String document(
            Instant timestamp, String variant, Map<Metric, Long> metrics, Map<String, String> properties) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp.toEpochMilli());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", Telemetry.NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString(Telemetry.VARIANT_DIMENSION);
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Metric m : metrics.keySet()) {
                g.writeStartObject();
                g.writeStringField("Name", m.name());
                g.writeStringField("Unit", m.unit().cloudWatchName());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField(Telemetry.VARIANT_DIMENSION, variant);
            for (Map.Entry<Metric, Long> e : metrics.entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
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
