package dev.twinrun.lambda.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Lambda zip in the real runtime interface client, its JVM killed with SIGKILL at random moments of an
 * invocation (as Lambda does on a timeout, an out-of-memory kill or a host failure), several times: after each
 * kill any manifest left vouches for the bytes next to it, and the next invocation (a fresh, cold runtime)
 * publishes outputs byte-identical to an invocation that was never interrupted.
 * {@code -Dtwinrun.soak=true} kills 30 times instead of 4.
 */
class RuntimeKillsIT {
    static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    static final HourId HOUR = HourId.parse("2026-11-26T13");
    static final String BUCKET = "twinrun-kills";
    static final String EVENT = "{\"version\":\"0\",\"id\":\"k\",\"detail-type\":\"Scheduled Event\","
            + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"2026-11-27T09:00:00Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"hour\":\"" + HOUR + "\"}}";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The main class of the runtime interface client the harness starts. */
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    EmbeddedS3 s3;

    @BeforeEach
    void start() throws Exception {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        s3 = EmbeddedS3.start().createBucket(BUCKET);
        ObjectStore incoming = new S3ObjectStore(s3.client(), BUCKET, "incoming/");
        new EventGenerator(42, 0.01).writeHour(incoming, HOUR.previous(), 500_000, 1);
        new EventGenerator(42, 0.01).writeHour(incoming, HOUR, 6_000_000, 2);
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private LambdaSpec spec() {
        return LambdaSpec.builder(ZIP, "dev.twinrun.lambda.ScheduledHourHandler")
                .memoryMb(1024)
                .timeout(Duration.ofMinutes(2))
                .env("TWINRUN_BUCKET", BUCKET)
                .env("TWINRUN_VARIANT", "lambda")
                .env("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
                .env("AWS_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY)
                .build();
    }

    @Test
    void sigkillOfTheRuntimeAtRandomMomentsNeverLeavesAWrongResultAndTheRetryIsByteIdentical() throws Exception {
        Map<String, byte[]> expected;
        long referenceMs;
        try (ForkedLambda fn = ForkedLambda.start(spec())) {
            Invocation prev =
                    fn.invoke(EVENT.replace(HOUR.toString(), HOUR.previous().toString()));
            assertThat(prev.error())
                    .as("previous hour; logs: %s", prev.logLines())
                    .isNull();
            fn.recycle(); // the reference is cold too, as every invocation after a kill is
            long t0 = System.nanoTime();
            Invocation ref = fn.invoke(EVENT);
            referenceMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ref.error())
                    .as("reference invocation; logs: %s", ref.logLines())
                    .isNull();
            expected = outputs();
        }
        int kills = Integer.getInteger("twinrun.kills", Boolean.getBoolean("twinrun.soak") ? 30 : 4);
        Random random = new Random(20261126);
        int killed = 0;
        int leftUnpublished = 0;
        int midPublication = 0;
        try (ForkedLambda fn = ForkedLambda.start(spec())) {
            for (int i = 0; i < kills; i++) {
                deleteHourOutputs();
                CompletableFuture<Invocation> inv = CompletableFuture.supplyAsync(() -> {
                    try {
                        return fn.invoke(EVENT);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long delayMs;
                if (i % 2 == 0) {
                    delayMs = (long) ((0.1 + 0.9 * random.nextDouble()) * referenceMs);
                    Thread.sleep(delayMs);
                } else {
                    // Every other kill lands inside publication: as soon as the first output object appears.
                    long s0 = System.nanoTime();
                    while (!inv.isDone() && !publishingStarted()) {
                        Thread.sleep(1);
                    }
                    delayMs = (System.nanoTime() - s0) / 1_000_000;
                }
                Optional<ProcessHandle> runtime = runtimeProcess();
                if (inv.isDone() || runtime.isEmpty()) {
                    inv.get(120, TimeUnit.SECONDS);
                    continue;
                }
                runtime.get().destroyForcibly(); // SIGKILL
                Invocation r = inv.get(120, TimeUnit.SECONDS);
                if (r.error() == null) {
                    continue; // it answered just before the kill
                }
                killed++;
                Thread.sleep(300); // requests the killed runtime already sent are still served, as S3 would
                Map<String, byte[]> now = outputs();
                if (!now.containsKey(manifestKey())) {
                    leftUnpublished++;
                    if (now.keySet().stream().anyMatch(k -> k.contains(HOUR.path() + "/"))) {
                        midPublication++;
                    }
                }
                verifyEveryManifest(now, "after kill " + i + " at " + delayMs + " ms (" + r.error() + ")");
            }
            Invocation retry = fn.invoke(EVENT); // from whatever the last kill left

            assertThat(retry.error())
                    .as("retry after the kills; logs: %s", retry.logLines())
                    .isNull();
        }
        Map<String, byte[]> actual = outputs();
        assertThat(actual.keySet())
                .as("same objects as the uninterrupted invocation")
                .isEqualTo(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as("bytes of %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(killed).as("invocations actually killed mid-run").isGreaterThan(0);
        System.out.printf(
                "reliability: Lambda runtime JVM killed with SIGKILL %d times mid-invocation (%d left the "
                        + "hour unpublished, %d of them with some outputs written, 0 left a wrong manifest); retry "
                        + "byte-identical to an uninterrupted invocation (%d objects)%n",
                killed, leftUnpublished, midPublication, expected.size());
    }

    /** The runtime interface client JVM this test's harness started (a child process running the RIC). */
    static Optional<ProcessHandle> runtimeProcess() {
        return ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().commandLine().map(c -> c.contains(RIC_MAIN)).orElse(false))
                .findFirst();
    }

    boolean publishingStarted() {
        return !s3.client()
                .listObjectsV2(b -> b.bucket(BUCKET).prefix("insights/" + HOUR.path() + "/"))
                .contents()
                .isEmpty();
    }

    static String manifestKey() {
        return "insights/" + HOUR.path() + "/_SUCCESS";
    }

    static void verifyEveryManifest(Map<String, byte[]> objects, String when) throws Exception {
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            if (e.getKey().endsWith("/_SUCCESS")) {
                for (JsonNode o : JSON.readTree(e.getValue()).path("outputs")) {
                    String key = o.path("key").asText();
                    assertThat(objects.get(key))
                            .as("%s: %s lists %s, which exists", when, e.getKey(), key)
                            .isNotNull();
                    assertThat(HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(objects.get(key))))
                            .as("%s: sha256 of %s matches %s", when, key, e.getKey())
                            .isEqualTo(o.path("sha256").asText());
                }
            }
        }
    }

    Map<String, byte[]> outputs() {
        Map<String, byte[]> out = new TreeMap<>();
        for (S3Object o :
                s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            if (!o.key().startsWith("incoming/")) {
                try {
                    out.put(
                            o.key(),
                            s3.client()
                                    .getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key()))
                                    .asByteArray());
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
                    // deleted between list and get: a request the killed runtime sent was still being served
                }
            }
        }
        return out;
    }

    void deleteHourOutputs() {
        for (String key : outputs().keySet()) {
            if (key.contains(HOUR.path() + "/")) {
                s3.client().deleteObject(b -> b.bucket(BUCKET).key(key));
            }
        }
    }
}
