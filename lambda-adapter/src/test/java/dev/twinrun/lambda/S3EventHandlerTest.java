package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class S3EventHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static Map<String, Object> created() {
        return TestEvents.load("events/s3-object-created.json");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hours(Map<String, Object> response) {
        return (List<Map<String, Object>>) response.get("hours");
    }

    @Test
    void objectCreatedPublishesTheObjectsHour() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 400_000, 0.0);
        FakeContext ctx = new FakeContext();

        TestBucket.Captured<Map<String, Object>> run = TestBucket.capture(() -> handler.handleRequest(created(), ctx));

        assertThat(run.error()).as("handler error").isNull();
        List<Map<String, Object>> hours = hours(run.value());
        assertThat(hours).as("hours processed").hasSize(1);
        assertThat(hours.get(0))
                .as("hour result")
                .containsEntry("hour", "2026-11-26T13")
                .containsEntry("outcome", "PUBLISHED")
                .containsEntry("files", 2)
                .containsEntry("rowsQuarantined", 0L);
        assertThat((Long) hours.get(0).get("rowsRead")).as("rows read").isGreaterThan(1000);
        assertThat(bucket.published(TestBucket.HOUR, "summary.json"))
                .as("summary.json published")
                .isTrue();
        assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                .as("_SUCCESS published")
                .isTrue();

        JsonNode log = run.lines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(n -> n != null && n.path("message").asText().startsWith("hour 2026-11-26T13 published"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 'hour ...' log line in\n" + run.stdout()));
        assertThat(log.path("requestId").asText()).as("log requestId").isEqualTo(ctx.getAwsRequestId());
        assertThat(log.path("runId").asText())
                .as("log runId")
                .isEqualTo(hours.get(0).get("runId"));
        assertThat(log.path("bucket").asText()).as("log bucket").isEqualTo(TestBucket.BUCKET);
        assertThat(log.path("key").asText()).as("log key").isEqualTo("incoming/dt=2026-11-26/hour=13/part-0000.csv");
        assertThat(log.path("hour").asText()).as("log hour").isEqualTo("2026-11-26T13");
        assertThat(log.path("rowsRead").isNumber())
                .as("rowsRead is a JSON number")
                .isTrue();
        assertThat(log.path("variant").asText()).as("log variant").isEqualTo("lambda");

        JsonNode emf = run.lines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(n -> n != null && n.has("_aws"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no EMF line in\n" + run.stdout()));
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).as("EMF namespace").isEqualTo("twinrun");
        assertThat(directive.path("Dimensions").toString()).as("EMF dimensions").isEqualTo("[[\"Variant\"]]");
        assertThat(directive.path("Metrics").findValuesAsText("Name"))
                .as("EMF metric names")
                .containsExactlyInAnyOrder(
                        "RowsRead", "RowsQuarantined", "BytesRead", "SkippedInputs", "DurationMs", "ColdStart");
        assertThat(emf.path("Variant").asText()).as("EMF Variant").isEqualTo("lambda");
        assertThat(emf.path("RowsRead").asLong()).as("EMF RowsRead").isEqualTo((Long)
                hours.get(0).get("rowsRead"));
        assertThat(emf.path("ColdStart").asInt())
                .as("EMF ColdStart on the first invocation")
                .isEqualTo(1);
        assertThat(emf.path("requestId").asText()).as("EMF requestId").isEqualTo(ctx.getAwsRequestId());
    }

    @Test
    void repeatedEventFindsTheHourCurrentAndWritesNothing() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 200_000, 0.0);
        handler.handleRequest(created(), new FakeContext());
        byte[] manifest = bucket.root.read(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS"));
        byte[] summary = Publication.readPublished(bucket.root, TestBucket.HOUR, "summary.json")
                .orElseThrow();

        TestBucket.Captured<Map<String, Object>> again =
                TestBucket.capture(() -> handler.handleRequest(created(), new FakeContext()));

        Map<String, Object> hour = hours(again.value()).get(0);
        assertThat(hour.get("outcome")).as("second run of the same hour").isEqualTo("ALREADY_CURRENT");
        assertThat(bucket.root.read(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                .as("manifest unchanged")
                .isEqualTo(manifest);
        assertThat(Publication.readPublished(bucket.root, TestBucket.HOUR, "summary.json")
                        .orElseThrow())
                .as("summary unchanged")
                .isEqualTo(summary);
        JsonNode emf = again.lines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(n -> n != null && n.has("_aws"))
                .findFirst()
                .orElseThrow();
        assertThat(emf.path("ColdStart").asInt())
                .as("EMF ColdStart on a warm invocation")
                .isZero();
        assertThat(emf.path("RowsRead").asLong())
                .as("EMF RowsRead when nothing was processed")
                .isZero();
        assertThat(emf.path("outcome").asText()).as("EMF outcome").isEqualTo("ALREADY_CURRENT");
    }

    @Test
    void theRuntimesStreamCallReadsTheEventBytesAndAnswersInJson() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 100_000, 0.0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        handler.handleRequest(
                new java.io.ByteArrayInputStream(TestEvents.bytes("events/s3-object-created.json")),
                out,
                new FakeContext());

        Map<String, Object> answer = TestEvents.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(hours(answer)).as("hours processed").hasSize(1);
        assertThat(hours(answer).get(0)).containsEntry("hour", "2026-11-26T13").containsEntry("outcome", "PUBLISHED");
        assertThat(bucket.published(TestBucket.HOUR, "summary.json"))
                .as("published")
                .isTrue();
        assertThatThrownBy(() -> handler.handleRequest(
                        new java.io.ByteArrayInputStream("{\"Records\":".getBytes()),
                        new java.io.ByteArrayOutputStream(),
                        new FakeContext()))
                .as("bytes that are not an event")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("S3 event is not JSON");
    }

    @Test
    void badRowsAreQuarantinedAndDoNotFailTheInvocation() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 300_000, 0.05);

        Map<String, Object> response = handler.handleRequest(created(), new FakeContext());

        Map<String, Object> hour = hours(response).get(0);
        assertThat(hour).as("hour with bad rows").containsEntry("outcome", "PUBLISHED");
        assertThat((Long) hour.get("rowsQuarantined")).as("rows quarantined").isGreaterThan(0);
        assertThat((Long) hour.get("rowsRead"))
                .as("every row accounted for")
                .isEqualTo((Long) hour.get("rowsAggregated") + (Long) hour.get("rowsQuarantined"));
        assertThat(bucket.published(TestBucket.HOUR, HourJob.QUARANTINE_FILE))
                .as("quarantine file published")
                .isTrue();
    }

    @Test
    void objectsOutsideTheInputOrBucketAreSkipped() throws Exception {
        bucket.writeHour(TestBucket.HOUR, 100_000, 0.0);
        Map<String, Object> event = TestEvents.load("events/s3-object-created-elsewhere.json");

        TestBucket.Captured<Map<String, Object>> run =
                TestBucket.capture(() -> handler.handleRequest(event, new FakeContext()));

        assertThat(hours(run.value())).as("hours processed for foreign objects").isEmpty();
        assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                .as("nothing published")
                .isFalse();
        assertThat(run.stdout())
                .as("skip lines")
                .contains(
                        "skipped s3://twinrun-test/insights/dt=2026-11-26/hour=13/summary.json: not under the input prefix")
                .contains("skipped s3://some-other-bucket/")
                .contains("skipped s3://twinrun-test/incoming/readme.csv: the key names no hour");
    }

    @Test
    void anUnusableFileIsSkippedNamedInAWarningAndCountedInSkippedInputs() throws Exception {
        bucket.incoming.put("dt=2026-11-26/hour=13/part-0000.csv", new byte[0]);

        TestBucket.Captured<Map<String, Object>> run =
                TestBucket.capture(() -> handler.handleRequest(created(), new FakeContext()));

        assertThat(run.error()).as("invocation error").isNull();
        JsonNode warn = run.lines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(n -> n != null && "WARN".equals(n.path("level").asText()))
                .filter(n -> n.path("message").asText().contains("not read"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no WARN line in\n" + run.stdout()));
        assertThat(warn.path("message").asText())
                .as("the WARN line names the object and the reason")
                .contains("dt=2026-11-26/hour=13/part-0000.csv")
                .contains("empty_file");
        JsonNode emf = run.lines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(n -> n != null && n.has("_aws"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no EMF line in\n" + run.stdout()));
        assertThat(emf.path("SkippedInputs").asLong()).as("EMF SkippedInputs").isEqualTo(1);
        assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "_SUCCESS")))
                .as("the hour is published, with no rows and the reason")
                .isTrue();
    }

    @Test
    void storageFailureFailsTheInvocation() throws Exception {
        Map<String, String> env = new HashMap<>(bucket.env());
        env.put("TWINRUN_BUCKET", "no-such-bucket");
        S3EventHandler elsewhere = new S3EventHandler(HourRunner.fromEnvironment(env));
        Map<String, Object> event = TestEvents.load("events/s3-object-created-no-such-bucket.json");

        assertThatThrownBy(() -> elsewhere.handleRequest(event, new FakeContext()))
                .as("missing bucket")
                .isInstanceOf(HourFailedException.class)
                .hasMessageContaining(
                        "storage failure on s3://no-such-bucket/incoming/dt=2026-11-26/hour=13/part-0000.csv");
    }

    @Test
    void missingBucketSettingFailsTheInitWithItsName() {
        assertThatThrownBy(() -> HourRunner.fromEnvironment(Map.of()))
                .as("init without TWINRUN_BUCKET")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWINRUN_BUCKET is not set");
    }

    static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }
}
