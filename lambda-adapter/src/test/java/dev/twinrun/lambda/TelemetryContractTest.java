package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.MetricUnit;
import dev.twinrun.adapter.Telemetry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One real hour through the S3 event handler, then the same event again (the hour is current): the result log line's
 * keys, the EMF metrics with their units and the EMF properties are {@link Telemetry}'s, as the EC2 runner's are
 * (its {@code TelemetryContractTest} holds it to the same lists).
 */
class TelemetryContractTest {
    private TestBucket bucket;
    private S3EventHandler handler;

    @BeforeEach
    void start() {
        bucket = new TestBucket();
        handler = new S3EventHandler(HourRunner.fromEnvironment(bucket.env()));
    }

    @AfterEach
    void stop() {
        bucket.close();
    }

    @Test
    void oneHourWritesTheSharedLogKeysAndHourMetricsPublishedOrCurrent() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 200_000, 0.01);
        Map<String, Object> event = TestEvents.load("events/s3-object-created.json");

        for (String outcome : List.of("published", "already_current")) {
            TestBucket.Captured<Map<String, Object>> run =
                    TestBucket.capture(() -> handler.handleRequest(event, new FakeContext()));
            assertThat(run.error()).as("handler error (" + outcome + ")").isNull();
            List<JsonNode> lines = run.lines().stream()
                    .map(S3EventHandlerTest::parse)
                    .filter(n -> n != null)
                    .toList();

            JsonNode result = lines.stream()
                    .filter(n -> n.path("message").asText().startsWith("hour 2026-11-26T13 " + outcome + ":"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + outcome + " line in\n" + run.stdout()));
            assertThat(keys(result)).as("keys of the " + outcome + " line").isEqualTo(Telemetry.HOUR_LOG_KEYS);

            List<JsonNode> emf = lines.stream().filter(n -> n.has("_aws")).toList();
            assertThat(emf).as("one EMF document per hour (" + outcome + ")").hasSize(1);
            assertThat(metrics(emf.get(0)))
                    .as("EMF metrics and units (" + outcome + ")")
                    .containsExactlyElementsOf(Telemetry.HOUR_METRICS);
            Set<String> properties = keys(emf.get(0));
            properties.remove("_aws");
            properties.remove(Telemetry.VARIANT_DIMENSION);
            Telemetry.HOUR_METRICS.forEach(m -> properties.remove(m.name()));
            assertThat(properties).as("EMF properties (" + outcome + ")").isEqualTo(Telemetry.HOUR_METRIC_PROPERTIES);
            assertThat(emf.get(0).path(Telemetry.VARIANT_DIMENSION).asText())
                    .as("dimension")
                    .isEqualTo("lambda");
        }
    }

    static Set<String> keys(JsonNode n) {
        Set<String> keys = new HashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The metrics an EMF document declares, in order, with their units. */
    static List<Metric> metrics(JsonNode emf) {
        Map<String, Metric> m = new LinkedHashMap<>();
        for (JsonNode d : emf.at("/_aws/CloudWatchMetrics/0/Metrics")) {
            String name = d.path("Name").asText();
            m.put(
                    name,
                    new Metric(name, MetricUnit.ofCloudWatchName(d.path("Unit").asText())));
        }
        return List.copyOf(m.values());
    }
}
