package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.job.PublishPolicy;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Many small files uploaded one by one through the S3 handler, debounced: a handful of publications, each input byte
 * read about once (each event parses only its new file; the publication merges the partials), and the published bytes
 * those of a single pass over the same files.
 */
class DebouncedEventsTest {
    private static final HourId HOUR = TestBucket.HOUR;
    private static final int FILES = 300;
    private static final PublishPolicy POLICY =
            new PublishPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15), 0, PublishPolicy.DEFAULT_MARKER);

    private TestBucket bucket;
    private final AtomicReference<Instant> now = new AtomicReference<>();
    private final AtomicLong inputGets = new AtomicLong();
    private final AtomicLong inputBytes = new AtomicLong();
    /** While set, every GET of an input file lands one more file in the hour: files arriving during a run. */
    private final java.util.concurrent.atomic.AtomicBoolean arriving = new java.util.concurrent.atomic.AtomicBoolean();

    private final AtomicLong arrived = new AtomicLong();
    /** While set (with {@link #arriving}), every listing of the hour also moves the clock 10 minutes on. */
    private final java.util.concurrent.atomic.AtomicBoolean clockRuns = new java.util.concurrent.atomic.AtomicBoolean();

    private HourRunner runner;

    /** A clock the test moves. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() {
        bucket = new TestBucket();
        DeployedJob deployed = DeployedJob.fromEnvironment(bucket.env(), this::counting);
        runner = new HourRunner(deployed, EmfWriter.toStdout(HourRunner.VARIANT), true, POLICY, clock);
    }

    @AfterEach
    void stop() {
        bucket.close();
    }

    /** The client, counting the GETs of input objects and the bytes they return. */
    private S3Client counting(S3Client real) {
        return (S3Client) Proxy.newProxyInstance(
                S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    Object r;
                    try {
                        r = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("getObject")
                            && args != null
                            && args[0] instanceof GetObjectRequest req
                            && req.key().startsWith("incoming/")
                            && r instanceof ResponseInputStream<?> in) {
                        inputGets.incrementAndGet();
                        Long length = ((GetObjectResponse) in.response()).contentLength();
                        inputBytes.addAndGet(length == null ? 0 : length);
                    }
                    if (arriving.get()
                            && method.getName().startsWith("listObjectsV2")
                            && args != null
                            && args[0] instanceof ListObjectsV2Request list
                            && list.prefix() != null
                            && list.prefix().startsWith("incoming/" + HOUR.path())) {
                        // a file lands just after the run listed the hour
                        if (clockRuns.get()) {
                            now.set(now.get().plus(Duration.ofMinutes(10))); // a long run on a compressed clock
                        }
                        real.putObject(
                                b -> b.bucket(list.bucket())
                                        .key("incoming/" + HOUR.path() + "/late-" + arrived.incrementAndGet() + ".csv"),
                                software.amazon.awssdk.core.sync.RequestBody.fromString(LATE_FILE));
                    }
                    return r;
                });
    }

    /** A small valid input file. */
    private static final String LATE_FILE;

    static {
        try {
            Path d = Files.createTempDirectory("late");
            LocalObjectStore s = new LocalObjectStore(d);
            List<String> keys = new EventGenerator(5, 0).writeHour(s, HOUR, 2_000, 1);
            LATE_FILE = new String(s.read(keys.get(0)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> created(String key) {
        return Map.of(
                "Records",
                List.of(Map.of(
                        "eventName",
                        "ObjectCreated:Put",
                        "s3",
                        Map.of("bucket", Map.of("name", TestBucket.BUCKET), "object", Map.of("key", key)))));
    }

    private static Map<String, Object> scheduled(Instant at) {
        return Map.of("source", "aws.events", "time", at.toString(), "detail-type", "Scheduled Event");
    }

    @SuppressWarnings("unchecked")
    private static int published(Map<String, Object> response) {
        List<Map<String, Object>> hours = response.containsKey("hours")
                        && response.get("hours") instanceof List<?> l
                        && !l.isEmpty()
                        && l.get(0) instanceof Map
                ? (List<Map<String, Object>>) response.get("hours")
                : List.of(response);
        return (int)
                hours.stream().filter(h -> "PUBLISHED".equals(h.get("outcome"))).count();
    }

    @Test
    void threeHundredFilesOneByOneGiveAHandfulOfPublicationsAndReadEachByteAboutOnce() throws Exception {
        Path staging = Files.createTempDirectory("staging");
        LocalObjectStore generated = new LocalObjectStore(staging);
        new EventGenerator(42, 0.02).writeHour(generated, HOUR, 600_000, FILES);
        List<ObjectInfo> files = generated.list(HOUR.path() + "/");
        assertThat(files).hasSize(FILES);
        long total = files.stream().mapToLong(ObjectInfo::sizeBytes).sum();

        S3EventHandler events = new S3EventHandler(runner);
        ScheduledHourHandler schedule = new ScheduledHourHandler(runner);
        int publications = 0;
        int invocations = 0;
        Instant t = HOUR.start().plus(Duration.ofMinutes(10));
        for (ObjectInfo f : files) {
            now.set(t);
            bucket.incoming.put(f.key(), generated.read(f.key()));
            publications += published(events.handleRequest(created("incoming/" + f.key()), new FakeContext()));
            invocations++;
            t = t.plusSeconds(2);
            if (invocations % 100 == 0) {
                // the schedule ticks every 5 minutes meanwhile: files keep coming, nothing is quiet yet
                publications += published(schedule.handleRequest(scheduled(t), new FakeContext()));
            }
        }
        assertThat(publications).as("no publication while files keep arriving").isZero();

        now.set(t.plus(Duration.ofMinutes(6)));
        publications += published(schedule.handleRequest(scheduled(now.get()), new FakeContext()));
        assertThat(Publication.readPublished(bucket.root, HOUR, "summary.json"))
                .as("published provisionally once quiet")
                .isPresent();
        assertThat(statusOf()).isEqualTo("provisional");

        now.set(HOUR.end().plus(Duration.ofMinutes(16)));
        publications += published(schedule.handleRequest(scheduled(now.get()), new FakeContext()));
        assertThat(statusOf()).isEqualTo("final");
        now.set(now.get().plus(Duration.ofMinutes(5)));
        publications += published(schedule.handleRequest(scheduled(now.get()), new FakeContext()));

        assertThat(publications).as("publications of the hour").isBetween(1, 3);
        assertThat(inputGets.get()).as("input GETs for %d files", FILES).isLessThanOrEqualTo(FILES + FILES / 20);
        assertThat(inputBytes.get())
                .as("input bytes read for %d bytes of input", total)
                .isGreaterThanOrEqualTo(total)
                .isLessThanOrEqualTo(total + total / 10);

        // the same files in one pass, final: the same bytes
        ObjectStore single = new S3ObjectStore(bucket.s3.client(), TestBucket.BUCKET, "single/");
        new HourJob(bucket.incoming, single, new EcommerceInsights(), JobOptions.defaults())
                .withPolicy(POLICY, clock)
                .run(HOUR);
        assertThat(outputs(bucket.root)).isNotEmpty().isEqualTo(outputs(single));
    }

    @Test
    void theCompletionMarkerPublishesTheHourAtOnceAsFinal() throws Exception {
        now.set(HOUR.start().plus(Duration.ofMinutes(20)));
        List<String> keys = new EventGenerator(7, 0).writeHour(bucket.incoming, HOUR, 100_000, 3);
        S3EventHandler events = new S3EventHandler(runner);
        int publications = 0;
        for (String k : keys) {
            publications += published(events.handleRequest(created("incoming/" + k), new FakeContext()));
        }
        assertThat(publications).as("open hour, not quiet: deferred").isZero();
        bucket.incoming.put(HOUR.path() + "/_COMPLETE", new byte[0]);
        Map<String, Object> r =
                events.handleRequest(created("incoming/" + HOUR.path() + "/_COMPLETE"), new FakeContext());
        assertThat(published(r)).as("the marker's event publishes").isEqualTo(1);
        assertThat(statusOf()).isEqualTo("final");
    }

    @Test
    void aQuietHourWhoseFilesKeepArrivingDuringTheTickWaitsForALaterTickButAFinalOneFails() throws Exception {
        Instant t = HOUR.start().plus(Duration.ofMinutes(10));
        now.set(t);
        List<String> keys = new EventGenerator(3, 0).writeHour(bucket.incoming, HOUR, 20_000, 2);
        S3EventHandler events = new S3EventHandler(runner);
        for (String k : keys) {
            events.handleRequest(created("incoming/" + k), new FakeContext());
        }
        ScheduledHourHandler schedule = new ScheduledHourHandler(runner);
        now.set(t.plus(Duration.ofMinutes(6)));
        arriving.set(true);

        Map<String, Object> tick = schedule.handleRequest(scheduled(now.get()), new FakeContext());

        assertThat(arrived.get()).as("files arrived during the tick's run").isPositive();
        assertThat(published(tick))
                .as("not quiet any more: nothing published, and no failure")
                .isZero();
        assertThat(Publication.readPublished(bucket.root, HOUR, "summary.json")).isEmpty();

        now.set(HOUR.end().plus(Duration.ofMinutes(16)));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> schedule.handleRequest(scheduled(now.get()), new FakeContext()))
                .as("a final hour whose input keeps changing is a failure, as without the debounce")
                .isInstanceOf(HourFailedException.class)
                .hasMessageContaining("kept changing");
        arriving.set(false);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(published(schedule.handleRequest(scheduled(now.get()), new FakeContext())))
                .as("once the files stop, the next tick publishes")
                .isEqualTo(1);
    }

    @Test
    void anOpenHourThatTurnsFinalOnTheClockWhileTheTickRetriesIsStillLeftForALaterTick() throws Exception {
        Instant t = HOUR.start().plus(Duration.ofMinutes(40));
        now.set(t);
        List<String> keys = new EventGenerator(3, 0).writeHour(bucket.incoming, HOUR, 20_000, 2);
        S3EventHandler events = new S3EventHandler(runner);
        for (String k : keys) {
            events.handleRequest(created("incoming/" + k), new FakeContext());
        }
        now.set(t.plus(Duration.ofMinutes(6)));
        arriving.set(true);
        clockRuns.set(true);

        Map<String, Object> tick =
                new ScheduledHourHandler(runner).handleRequest(scheduled(now.get()), new FakeContext());

        assertThat(now.get())
                .as("the retries took the clock past the hour's end and grace")
                .isAfter(HOUR.end().plus(POLICY.grace()));
        assertThat(published(tick))
                .as("the hour was open when the tick began: not quiet, left for a later tick, no failure")
                .isZero();
    }

    @Test
    void anUndebouncedEventWhoseOpenHourKeepsChangingLeavesItToTheNewerFilesEvents() throws Exception {
        HourRunner undebounced = new HourRunner(
                DeployedJob.fromEnvironment(bucket.env(), this::counting),
                EmfWriter.toStdout(HourRunner.VARIANT),
                true,
                new PublishPolicy(Duration.ZERO, Duration.ofMinutes(15), 0, PublishPolicy.DEFAULT_MARKER),
                clock);
        now.set(HOUR.start().plus(Duration.ofMinutes(30)));
        List<String> keys = new EventGenerator(3, 0).writeHour(bucket.incoming, HOUR, 20_000, 1);
        S3EventHandler events = new S3EventHandler(undebounced);
        arriving.set(true);

        Map<String, Object> r = events.handleRequest(created("incoming/" + keys.get(0)), new FakeContext());

        assertThat(arrived.get()).as("files arrived during the event's run").isPositive();
        assertThat(r.toString()).contains(HourRunner.SUPERSEDED);
        arriving.set(false);
        assertThat(published(events.handleRequest(created("incoming/" + keys.get(0)), new FakeContext())))
                .as("a later event publishes the hour")
                .isEqualTo(1);

        now.set(HOUR.end().plus(Duration.ofMinutes(16)));
        arriving.set(true);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> events.handleRequest(created("incoming/" + keys.get(0)), new FakeContext()))
                .as("a final hour whose input keeps changing is a failure")
                .isInstanceOf(HourFailedException.class)
                .hasMessageContaining("kept changing");
    }

    private String statusOf() throws Exception {
        return dev.twinrun.core.Json.parse(bucket.root.read(HourJob.insightsKey(HOUR, HourJob.MANIFEST)))
                .path("status")
                .asText();
    }

    /** The hour's published files by name with their bytes as text. */
    private static Map<String, String> outputs(ObjectStore out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        Publication p = Publication.current(out, HOUR).orElseThrow();
        for (String name : new ArrayList<>(p.files().keySet())) {
            m.put(
                    name,
                    new String(
                            Publication.readPublished(out, HOUR, name).orElseThrow(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return m;
    }
}
