package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The hour job on S3 through {@link FaultProxy}: every run either publishes exactly the bytes of a fault-free
 * run or fails with an exception and leaves no partial result (no manifest, or the previous one with its
 * outputs intact); a fault-free rerun after a failure publishes the reference bytes.
 */
class StorageFaultTest {
    static final HourId HOUR = TestData.HOUR;
    static EmbeddedS3 s3;
    static byte[] fileA;
    static byte[] fileB;
    static byte[] previousHourFile;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        quietS3ProxyLogs();
        s3 = EmbeddedS3.start();
        fileA = TestData.file(11, 0.03, HOUR, 0, 200_000);
        fileB = TestData.file(11, 0.03, HOUR, 1, 120_000);
        previousHourFile = TestData.file(11, 0.03, HOUR.previous(), 0, 50_000);
    }

    /** s3proxy brings logback, which defaults to DEBUG: hundreds of MB of Jetty lines per run. */
    static void quietS3ProxyLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    /** Tallies across runs, printed at the end of each scenario. */
    static final class Tally {
        int runs;
        int identical;
        int failedCleanly;
        int failedAfterCompletePublish;
        int wrong;
        int recovered;
        long faults;
        long requests;
        final Map<String, Long> byKind = new TreeMap<>();
        final List<String> wrongDetails = new ArrayList<>();
        final List<String> setupFailures = new ArrayList<>();
        final Map<String, Integer> errors = new TreeMap<>();
    }

    @Test
    void atTenPercentFaultsEveryRunPublishesTheFaultFreeBytesOrFailsCleanly() throws Exception {
        Tally t = scenario("low", 0.10, Soak.count(5, 60));
        assertThat(t.identical).as("most runs ride out 10% faults on retries").isGreaterThan(t.runs / 2);
    }

    @Test
    void atFiftyPercentFaultsRunsFailLoudlyAndNeverPublishAnythingWrong() throws Exception {
        scenario("high", 0.50, Soak.count(3, 20));
    }

    /** An outage: nearly every request fails, so runs must give up, and give up cleanly. */
    @Test
    void inAnOutageRunsGiveUpLoudlyAndLeaveTheOlderResultOrNone() throws Exception {
        Tally t = scenario("outage", 0.95, Soak.count(2, 10));
        assertThat(t.failedCleanly).as("runs that gave up cleanly in an outage").isGreaterThan(0);
    }

    /** A GET whose body ends before its Content-Length must be an error, never short data. */
    @Test
    void aBodyCutShortIsAnErrorNeverShortData() throws Exception {
        s3.createBucket("cut");
        new S3ObjectStore(s3.client(), "cut", "").put("k.csv", fileA);
        try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort(), 1, 1.0, 0, FaultProxy.Fault.TRUNCATED_BODY);
                S3Client faulty = client(URI.create("http://127.0.0.1:" + proxy.port()))) {
            S3ObjectStore store = new S3ObjectStore(faulty, "cut", "");
            for (long offset : new long[] {0, 1000, 150_000}) {
                byte[] got;
                try (var in = store.open("k.csv", offset)) {
                    got = in.readAllBytes();
                } catch (IOException e) {
                    continue; // loud: good
                }
                assertThat(got.length)
                        .as("bytes read from offset %d of a body cut short", offset)
                        .isEqualTo(fileA.length - offset);
            }
            assertThat(proxy.faultsInjected()).as("bodies were cut").isGreaterThan(0);
        }
    }

    /**
     * The answer to a conditional put that the server applied is lost, and the client's retry is refused by the
     * condition the first attempt satisfied: the put still reports that it won, because the key holds its bytes.
     */
    @Test
    void aConditionalPutWhoseAnswerWasLostStillKnowsItWon() throws Exception {
        s3.createBucket("lost");
        try (FaultProxy proxy =
                        new FaultProxy(s3.endpoint().getPort(), 1, 1.0, 0, FaultProxy.Fault.RESET_AFTER_APPLIED);
                S3Client faulty = client(URI.create("http://127.0.0.1:" + proxy.port()))) {
            S3ObjectStore store = new S3ObjectStore(faulty, "lost", "");
            proxy.budget(1);
            assertThat(store.putIf("h/_SUCCESS", fileA, null))
                    .as("create-if-absent whose first, applied attempt lost its answer")
                    .isTrue();
            assertThat(proxy.faultsInjected()).as("the first answer was lost").isEqualTo(1);
            proxy.budget(1);
            assertThat(store.putIf("h/_SUCCESS", fileB, null))
                    .as("another writer's create-if-absent still loses")
                    .isFalse();
        }
    }

    private Tally scenario(String name, double rate, int runs) throws Exception {
        Map<String, byte[]> reference = reference(name);
        Tally t = new Tally();
        for (int i = 0; i < runs; i++) {
            String bucket = name + "-" + i;
            s3.createBucket(bucket);
            S3ObjectStore directIn = new S3ObjectStore(s3.client(), bucket, "incoming");
            S3ObjectStore directOut = new S3ObjectStore(s3.client(), bucket, "");
            Map<String, byte[]> old;
            try {
                old = prepare(directIn, directOut, i % 2 == 0);
            } catch (IOException e) {
                // The fault-free setup itself failed (seen once in a soak: the embedded server dropped a PUT
                // body under a load of 9 on 2 cores): not a run of the job under faults; counted and shown.
                t.setupFailures.add(bucket + ": " + e.getMessage());
                continue;
            }
            try (FaultProxy proxy = new FaultProxy(s3.endpoint().getPort(), 1000L * i + name.hashCode(), rate, 1500);
                    S3Client faulty = client(URI.create("http://127.0.0.1:" + proxy.port()))) {
                RunResult r = null;
                Exception failure = null;
                try {
                    r = job(new S3ObjectStore(faulty, bucket, "incoming"), new S3ObjectStore(faulty, bucket, ""))
                            .run(HOUR);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
                t.runs++;
                t.faults += proxy.faultsInjected();
                t.requests += proxy.requests();
                proxy.counts().forEach((k, v) -> {
                    if (k != FaultProxy.Fault.NONE) {
                        t.byKind.merge(k.name(), v, Long::sum);
                    }
                });
                Map<String, byte[]> after = hourOutputs(directOut);
                if (failure == null) {
                    if (r.outcome() == RunResult.Outcome.PUBLISHED
                            && TestData.text(after).equals(TestData.text(reference))) {
                        t.identical++;
                    } else {
                        t.wrong++;
                        t.wrongDetails.add(bucket + ": returned " + r.outcome() + " rowsRead=" + r.rowsRead()
                                + " but outputs differ from the fault-free run");
                    }
                } else {
                    t.errors.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                    String verdict = afterFailure(after, old, reference);
                    switch (verdict) {
                        case "clean" -> t.failedCleanly++;
                        case "complete" -> t.failedAfterCompletePublish++;
                        default -> {
                            t.wrong++;
                            t.wrongDetails.add(bucket + ": failed with " + failure + " and left " + verdict);
                        }
                    }
                    RunResult again = job(directIn, directOut).run(HOUR);
                    if (TestData.text(hourOutputs(directOut)).equals(TestData.text(reference))) {
                        t.recovered++;
                    } else {
                        t.wrong++;
                        t.wrongDetails.add(bucket + ": fault-free rerun (" + again.outcome() + ") differs");
                    }
                }
            }
        }
        System.out.printf(
                "reliability: storage faults at %.0f%% of %d requests: %d faults injected %s; %d runs, "
                        + "%d published identical results, %d failed cleanly (%d after a complete publish), "
                        + "%d recovered on rerun, %d published anything wrong; errors %s; fault-free setups that failed %s%n",
                rate * 100,
                t.requests,
                t.faults,
                t.byKind,
                t.runs,
                t.identical,
                t.failedCleanly + t.failedAfterCompletePublish,
                t.failedAfterCompletePublish,
                t.recovered,
                t.wrong,
                t.errors,
                t.setupFailures);
        assertThat(t.setupFailures.size())
                .as("fault-free setups that failed: %s", t.setupFailures)
                .isLessThanOrEqualTo(Math.max(1, runs / 20));
        assertThat(t.wrongDetails).as("runs that published anything wrong").isEmpty();
        assertThat(t.faults).as("faults were injected").isGreaterThan(0);
        return t;
    }

    /**
     * After a failed run: "clean" when no manifest is left or the previous manifest is left with its outputs
     * intact; "complete" when the full new result is there; otherwise a description of what is wrong.
     */
    private static String afterFailure(Map<String, byte[]> after, Map<String, byte[]> old, Map<String, byte[]> ref) {
        String manifestKey = HourJob.insightsKey(HOUR, HourJob.MANIFEST);
        if (!after.containsKey(manifestKey)) {
            return "clean";
        }
        try {
            JobCheck.verifyManifest(after, HOUR);
        } catch (AssertionError | IOException e) {
            return "a manifest that does not match the outputs: " + e.getMessage();
        }
        if (Arrays.equals(after.get(manifestKey), ref.get(manifestKey))) {
            return "complete";
        }
        if (old.containsKey(manifestKey) && Arrays.equals(after.get(manifestKey), old.get(manifestKey))) {
            return "clean";
        }
        return "an unexpected manifest";
    }

    /** The fault-free result of the same setup. */
    private Map<String, byte[]> reference(String name) throws Exception {
        s3.createBucket("reference-" + name);
        S3ObjectStore in = new S3ObjectStore(s3.client(), "reference-" + name, "incoming");
        S3ObjectStore out = new S3ObjectStore(s3.client(), "reference-" + name, "");
        prepare(in, out, false);
        job(in, out).run(HOUR);
        Map<String, byte[]> ref = hourOutputs(out);
        JobCheck.verifyManifest(ref, HOUR);
        s3.createBucket("reference2-" + name);
        S3ObjectStore in2 = new S3ObjectStore(s3.client(), "reference2-" + name, "incoming");
        S3ObjectStore out2 = new S3ObjectStore(s3.client(), "reference2-" + name, "");
        prepare(in2, out2, true);
        job(in2, out2).run(HOUR);
        assertThat(TestData.text(hourOutputs(out2)))
                .as("the reference does not depend on an older publish")
                .isEqualTo(TestData.text(ref));
        return ref;
    }

    /**
     * The previous hour published, this hour's files in place; with {@code olderPublish}, this hour was
     * first published from file A alone, so a failure must leave that result or none. Returns what is there.
     */
    private Map<String, byte[]> prepare(ObjectStore in, ObjectStore out, boolean olderPublish) throws Exception {
        in.put(HOUR.previous().path() + "/a.csv", previousHourFile);
        job(in, out).run(HOUR.previous());
        in.put(HOUR.path() + "/a.csv", fileA);
        if (olderPublish) {
            job(in, out).run(HOUR);
        }
        in.put(HOUR.path() + "/b.csv", fileB);
        return hourOutputs(out);
    }

    private static HourJob job(ObjectStore in, ObjectStore out) {
        return new HourJob(
                in,
                out,
                new EcommerceInsights(),
                JobOptions.defaults()
                        .withThreads(2)
                        .withMinSplitBytes(32 * 1024)
                        .withRangesPerThread(4)
                        .withTempDir(tmp.resolve("t")));
    }

    /** The hour's pointer and the files of the version it names (what a reader sees). */
    private static Map<String, byte[]> hourOutputs(ObjectStore out) throws IOException {
        Map<String, byte[]> all = new TreeMap<>(TestData.snapshot(out, HourJob.INSIGHTS + HOUR.path() + "/"));
        all.putAll(TestData.snapshot(out, HourJob.QUARANTINE + HOUR.path() + "/"));
        String pointer = HourJob.insightsKey(HOUR, HourJob.MANIFEST);
        Map<String, byte[]> m = new TreeMap<>();
        if (all.containsKey(pointer)) {
            m.put(pointer, all.get(pointer));
            for (var o : Json.parse(all.get(pointer)).path("outputs")) {
                String key = o.path("key").asText();
                if (all.containsKey(key)) {
                    m.put(key, all.get(key));
                }
            }
        }
        return m;
    }

    /**
     * A client configured as {@link S3Clients#create} configures it (standard retry mode,
     * {@link S3Clients#MAX_ATTEMPTS} attempts), with a 1 s read timeout instead of 60 s so stalls are quick.
     */
    static S3Client client(URI endpoint) {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(1)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(S3Clients.MAX_ATTEMPTS))
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .build())
                .endpointOverride(endpoint)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
