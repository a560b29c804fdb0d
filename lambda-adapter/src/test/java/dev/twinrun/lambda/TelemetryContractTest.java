package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.adapter.Telemetry;
import dev.twinrun.adapter.TelemetryAssertions;
import java.util.List;
import java.util.Map;
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
            TelemetryAssertions.assertHourLogLine(result, outcome);

            List<JsonNode> emf = lines.stream().filter(n -> n.has("_aws")).toList();
            assertThat(emf).as("one EMF document per hour (" + outcome + ")").hasSize(1);
            TelemetryAssertions.assertHourDocument(emf.get(0), outcome, "lambda");
        }
    }
}
