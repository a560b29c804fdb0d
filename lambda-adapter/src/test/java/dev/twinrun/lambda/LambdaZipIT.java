package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.lambda.Phase;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged zip, run by the real Lambda runtime client in its own JVM against the embedded S3 server. */
class LambdaZipIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    private static TestBucket bucket;

    @BeforeAll
    static void start() {
        bucket = new TestBucket();
    }

    @AfterAll
    static void stop() {
        bucket.close();
    }

    private static LambdaSpec.Builder function(String handler) {
        return LambdaSpec.builder(ZIP, handler)
                .memoryMb(512)
                .timeout(Duration.ofMinutes(2))
                .env(bucket.env())
                .env("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = LambdaZipIT.class.getResourceAsStream("/events/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<JsonNode> json(Invocation r) {
        return r.logLines().stream()
                .map(S3EventHandlerTest::parse)
                .filter(Objects::nonNull)
                .toList();
    }

    @Test
    void zipHasTheLambdaLayoutAndNoHarnessOrRuntime() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .as("handler classes at the root")
                    .contains(
                            "dev/twinrun/lambda/S3EventHandler.class", "dev/twinrun/lambda/ScheduledHourHandler.class");
            assertThat(names)
                    .as("dependencies under lib/")
                    .anyMatch(n -> n.matches("lib/twinrun-core-.*\\.jar"))
                    .anyMatch(n -> n.matches("lib/url-connection-client-.*\\.jar"));
            assertThat(names)
                    .as("no harness, no runtime client, no heavy HTTP clients, no test servers")
                    .noneMatch(n -> n.startsWith("dev/twinrun/lambda/harness/"))
                    .noneMatch(n -> n.contains("runtime-interface-client"))
                    .noneMatch(n -> n.contains("netty") || n.contains("apache-client") || n.contains("httpclient"))
                    .noneMatch(n -> n.contains("s3proxy") || n.contains("jetty"));
        }
    }

    @Test
    void s3EventPublishesTheHourThenAWarmRepeatChangesNothing() throws Exception {
        HourId hour = HourId.parse("2026-11-26T13");
        bucket.writeHour(hour, 1_000_000, 0.01);
        String event = fixture("s3-object-created.json");

        try (ForkedLambda fn =
                ForkedLambda.start(function("dev.twinrun.lambda.S3EventHandler").build())) {
            Invocation cold = fn.invoke(event);
            byte[] manifest = bucket.root.read(HourJob.insightsKey(hour, "_SUCCESS"));
            Invocation warm = fn.invoke(event);

            assertThat(cold.error())
                    .as("cold invocation error; logs:\n" + String.join("\n", cold.logLines()))
                    .isNull();
            assertThat(cold.phase()).as("first invocation").isEqualTo(Phase.COLD);
            assertThat(cold.initMs()).as("init duration").isPositive();
            JsonNode response = JSON.readTree(cold.response()).path("hours").get(0);
            assertThat(response.path("outcome").asText()).as("outcome").isEqualTo("PUBLISHED");
            assertThat(response.path("rowsQuarantined").asLong())
                    .as("bad rows quarantined, not fatal")
                    .isPositive();
            assertThat(bucket.published(hour, "summary.json"))
                    .as("summary.json")
                    .isTrue();
            JsonNode summary = JSON.readTree(
                    Publication.readPublished(bucket.root, hour, "summary.json").orElseThrow());
            assertThat(summary.isObject()).as("summary.json is a JSON object").isTrue();
            assertThat(manifest).as("_SUCCESS published").isNotEmpty();

            JsonNode hourLine = json(cold).stream()
                    .filter(n -> n.path("message").asText().startsWith("hour 2026-11-26T13"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no hour line in " + cold.logLines()));
            assertThat(hourLine.path("requestId").asText())
                    .as("log requestId is Lambda's request id")
                    .isEqualTo(cold.requestId());
            assertThat(hourLine.path("runId").asText())
                    .as("log runId")
                    .isEqualTo(response.path("runId").asText());
            JsonNode emf = json(cold).stream()
                    .filter(n -> n.has("_aws"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no EMF line in " + cold.logLines()));
            assertThat(emf.path("ColdStart").asInt()).as("EMF ColdStart").isEqualTo(1);
            assertThat(emf.path("RowsRead").asLong())
                    .as("EMF RowsRead")
                    .isEqualTo(response.path("rowsRead").asLong());

            assertThat(warm.error()).as("warm invocation error").isNull();
            assertThat(warm.phase()).as("second invocation").isEqualTo(Phase.WARM);
            assertThat(JSON.readTree(warm.response())
                            .path("hours")
                            .get(0)
                            .path("outcome")
                            .asText())
                    .as("outcome of a repeated event")
                    .isEqualTo("ALREADY_CURRENT");
            assertThat(bucket.root.read(HourJob.insightsKey(hour, "_SUCCESS")))
                    .as("manifest after a repeated event")
                    .isEqualTo(manifest);
        }
    }

    @Test
    void anEmptyFileIsSkippedNamedAndCountedAndTheHourPublishedFromTheRest() throws Exception {
        HourId hour = HourId.parse("2026-11-26T15");
        bucket.writeHour(hour, 200_000, 0.0);
        bucket.incoming.put(hour.path() + "/part-9999.csv", new byte[0]);
        String event = fixture("s3-object-created.json").replace("hour%3D13", "hour%3D15");

        try (ForkedLambda fn =
                ForkedLambda.start(function("dev.twinrun.lambda.S3EventHandler").build())) {
            Invocation r = fn.invoke(event);

            assertThat(r.error())
                    .as("an empty file does not fail the hour; logs:\n" + String.join("\n", r.logLines()))
                    .isNull();
            String manifest =
                    new String(bucket.root.read(HourJob.insightsKey(hour, "_SUCCESS")), StandardCharsets.UTF_8);
            assertThat(manifest)
                    .as("the manifest names the skipped file and why")
                    .contains("part-9999.csv")
                    .contains("empty_file");
            assertThat(r.logLines())
                    .as("a WARN line names the skipped file")
                    .anyMatch(l -> l.contains("WARN") && l.contains("part-9999.csv"));
            assertThat(r.logLines())
                    .as("the SkippedInputs metric is written")
                    .anyMatch(l -> l.contains("\"SkippedInputs\":1"));
        }
    }

    @Test
    void scheduledEventProcessesTheNamedHour() throws Exception {
        HourId hour = HourId.parse("2026-11-26T16");
        bucket.writeHour(hour, 200_000, 0.0);
        String event = fixture("scheduled-backfill.json").replace("2026-11-26T13", "2026-11-26T16");

        try (ForkedLambda fn = ForkedLambda.start(
                function("dev.twinrun.lambda.ScheduledHourHandler").build())) {
            Invocation r = fn.invoke(event);

            assertThat(r.error())
                    .as("scheduled invocation error; logs:\n" + String.join("\n", r.logLines()))
                    .isNull();
            assertThat(JSON.readTree(r.response()).path("outcome").asText())
                    .as("outcome")
                    .isEqualTo("PUBLISHED");
            assertThat(bucket.exists(HourJob.insightsKey(hour, "_SUCCESS")))
                    .as("_SUCCESS")
                    .isTrue();
        }
    }

    @Test
    void missingBucketSettingFailsTheInit() throws Exception {
        LambdaSpec spec = LambdaSpec.builder(ZIP, "dev.twinrun.lambda.S3EventHandler")
                .memoryMb(512)
                .timeout(Duration.ofSeconds(60))
                .env(Map.of("TWINRUN_VARIANT", "lambda"))
                .build();
        try (ForkedLambda fn = ForkedLambda.start(spec)) {
            Invocation r = fn.invoke(fixture("s3-object-created.json"));

            assertThat(r.phase()).as("phase").isEqualTo(Phase.COLD);
            assertThat(r.error()).as("init error").isNotNull();
            assertThat(r.error().body()).as("init error names the setting").contains("TWINRUN_BUCKET is not set");
        }
    }
}
