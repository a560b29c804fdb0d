package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.TriggerRun;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.job.ReplayClock;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Hours whose files land over time ({@link Arrival}) on a {@link CompressedClock}, each {@link Trigger} the harness
 * can run measured on its own copy of the arrivals (inputs under {@code arrival/TRIGGER/incoming/}, outputs under
 * {@code arrival/TRIGGER/out/}): the real deployment zip in the forked Lambda runtime, the real runner jar as cron
 * ticks. Time to insight per hour = from its last file landing to the end of the first run whose publication (the
 * {@code _SUCCESS} pointer's manifest) names that file. Event triggers wait on the compressed clock, so a run still
 * busy when the next file lands makes that event queue (one execution environment); scheduled triggers (the scheduled
 * function, the fan-out's state machine, the cron tick) jump the clock to each {@code :05} tick and count the wait to
 * it uncompressed.
 */
public final class ArrivalExperiment {
    /** Where the experiment keeps everything in the bucket. */
    public static final String PREFIX = "arrival/";
    /** The raw file, beside raw.jsonl. */
    public static final String FILE = "arrival.json";
    /** The handler the stacks schedule ({@code trigger=schedule}). */
    public static final String SCHEDULED_HANDLER = "dev.twinrun.lambda.ScheduledHourHandler";
    /** Minutes past the hour of every schedule ({@code cron(5 * * * ? *)}, the stacks' and the cron line's). */
    public static final int TICK_MINUTE = 5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ArrivalExperiment() {}

    /**
     * What was run.
     *
     * @param file         the raw file ({@link #FILE})
     * @param arrival      the arrival pattern
     * @param filesPerHour files per hour
     * @param timescale    simulated seconds per real second
     * @param hours        the hours
     * @param runs         one per measured trigger
     * @param wallMs       the experiment's wall time
     */
    public record Result(
            Path file,
            Arrival arrival,
            int filesPerHour,
            double timescale,
            List<String> hours,
            List<TriggerRun> runs,
            long wallMs) {
        public Result {
            hours = List.copyOf(hours);
            runs = List.copyOf(runs);
        }
    }

    /** One file landing: the hour, its key under the trigger's input prefix, its bytes, when (simulated). */
    record Landing(HourId hour, String key, byte[] bytes, Instant at, boolean last) {}

    /** Steps the progress bar counts: one per measured trigger. */
    public static int steps() {
        return (int) java.util.Arrays.stream(Trigger.values())
                .filter(Trigger::measured)
                .count();
    }

    /** On an in-process S3 server of its own, keeping objects under {@code outDir/work/s3-arrival}. */
    public static Result runEmbedded(
            ExperimentSettings s, Arrival arrival, double timescale, ProgressBar bar, Consumer<String> warn)
            throws Exception {
        QuietLogging.apply();
        Path store = s.outDir().resolve("work/s3-arrival");
        Experiment.deleteTree(store);
        Files.createDirectories(store);
        try (EmbeddedS3 s3 = EmbeddedS3.start(store)) {
            s3.createBucket(Experiment.BUCKET);
            Bucket bucket = new Bucket(
                            s3.endpoint(), s3.client(), Experiment.BUCKET, EmbeddedS3.ACCESS_KEY, "us-east-1")
                    .withJobOf(s);
            return run(s, arrival, timescale, bucket, bar, warn);
        }
    }

    /** Every measured trigger in turn on {@code bucket}; writes {@link #FILE} into the settings' output directory. */
    public static Result run(
            ExperimentSettings s,
            Arrival arrival,
            double timescale,
            Bucket bucket,
            ProgressBar bar,
            Consumer<String> warn)
            throws Exception {
        requireArtifacts(s);
        long t0 = System.nanoTime();
        List<Landing> landings = landings(s, arrival, bucket);
        int memoryMb = Collections.max(s.lambdaMemoryMb());
        InstanceShape shape = InstanceShape.of(s.instanceType());
        List<TriggerRun> runs = new ArrayList<>();
        for (Trigger t : Trigger.values()) {
            if (!t.measured()) {
                continue;
            }
            bar.show("arrival " + arrival.label() + ": " + t.id());
            TriggerRun r = switch (t) {
                case LAMBDA_S3_EVENT, LAMBDA_COMPLETE, LAMBDA_EXPECTED ->
                    events(t, s, bucket, landings, memoryMb, timescale, warn);
                case LAMBDA_SCHEDULE, LAMBDA_FANOUT -> scheduled(t, s, bucket, landings, memoryMb, null, warn);
                case EC2_CRON -> scheduled(t, s, bucket, landings, shape.memoryMb(), shape, warn);
                default -> throw new IllegalStateException(t.toString());
            };
            runs.add(r);
            bar.step("arrival " + arrival.label() + ": " + t.id() + (r.failed() > 0 ? " FAILED" : ""));
        }
        Files.createDirectories(s.outDir());
        Path file = s.outDir().resolve(FILE);
        Result result = new Result(
                file,
                arrival,
                s.filesPerHour(),
                timescale,
                s.hourIds().stream().map(HourId::toString).toList(),
                runs,
                (System.nanoTime() - t0) / 1_000_000);
        write(file, result);
        return result;
    }

    /** Writes the result as JSON. */
    static void write(Path file, Result r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arrival", r.arrival().label());
        m.put("filesPerHour", r.filesPerHour());
        m.put("timescale", r.timescale());
        m.put("hours", r.hours());
        m.put("wallMs", r.wallMs());
        m.put("runs", r.runs());
        JSON.writeValue(file.toFile(), m);
    }

    /** Reads what {@link #write} wrote. */
    public static Result read(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        List<TriggerRun> runs = new ArrayList<>();
        for (JsonNode r : n.path("runs")) {
            runs.add(JSON.treeToValue(r, TriggerRun.class));
        }
        List<String> hours = new ArrayList<>();
        n.path("hours").forEach(h -> hours.add(h.asText()));
        return new Result(
                file,
                Arrival.parse(n.path("arrival").asText()),
                n.path("filesPerHour").asInt(),
                n.path("timescale").asDouble(),
                hours,
                runs,
                n.path("wallMs").asLong());
    }

    private static void requireArtifacts(ExperimentSettings s) {
        for (Path p : List.of(s.lambdaZip(), s.ec2Jar())) {
            if (p == null || !Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " not found: build it with ./mvnw -pl lambda-adapter,ec2-adapter"
                        + " -am package -DskipTests (./twinrun does this on first use)");
            }
        }
    }

    /** Generates the hours once (the settings' size, files and seed), each file with its landing time. */
    static List<Landing> landings(ExperimentSettings s, Arrival arrival, Bucket bucket) throws IOException {
        ObjectStore staging = Stores.openS3("s3://" + bucket.bucket() + "/" + PREFIX + "staging/", bucket.client());
        EventGenerator gen = new EventGenerator(s.seed(), s.badRowRatio());
        List<Landing> out = new ArrayList<>();
        for (HourId h : s.hourIds()) {
            List<String> keys = new ArrayList<>(gen.writeHour(staging, h, s.sizeBytes(), s.filesPerHour()));
            Collections.sort(keys);
            List<Long> at = arrival.offsetsMs(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                out.add(new Landing(
                        h,
                        keys.get(i),
                        staging.read(keys.get(i)),
                        h.start().plusMillis(at.get(i)),
                        i == keys.size() - 1));
            }
        }
        out.sort(Comparator.comparing(Landing::at));
        return out;
    }

    private static String inputPrefix(Trigger t) {
        return PREFIX + t.id() + "/incoming/";
    }

    private static String outputPrefix(Trigger t) {
        return PREFIX + t.id() + "/out/";
    }

    private static Map<String, String> environment(Trigger t, Bucket bucket, String platform) {
        Map<String, String> env = bucket.jobEnvironment(outputPrefix(t), platform);
        env.put("TWINRUN_INPUT_PREFIX", inputPrefix(t));
        return env;
    }

    private static void land(Bucket bucket, Trigger t, String key, byte[] bytes) {
        bucket.client()
                .putObject(b -> b.bucket(bucket.bucket()).key(inputPrefix(t) + key), RequestBody.fromBytes(bytes));
    }

    /** The marker the exporter writes after an hour's last file. */
    public static String completeMarker(HourId hour) {
        return hour.path() + "/" + S3Events.COMPLETION_MARKER;
    }

    /** Whether the hour's current publication was made from input that includes {@code key} (input-relative). */
    static boolean includes(Bucket bucket, Trigger t, HourId hour, String key) throws IOException {
        var p = Publication.current(new S3ObjectStore(bucket.client(), bucket.bucket(), outputPrefix(t)), hour);
        if (p.isEmpty()) {
            return false;
        }
        for (JsonNode in : p.get().manifest().path("inputs")) {
            if (in.path("key").asText().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** What every hour needs to tell when its last file is in: the key and when it landed. */
    private static final class Hours {
        final Map<HourId, String> lastKey = new TreeMap<>();
        final Map<HourId, Long> lastLandedNanos = new TreeMap<>();
        final Map<HourId, Instant> lastLandedSim = new TreeMap<>();
        final Map<HourId, Double> tti = new TreeMap<>();
        final Map<HourId, Double> wait = new TreeMap<>();
    }

    /**
     * An event trigger, as the Lambda stack with {@code trigger=s3} delivers events: files land on the compressed
     * clock and S3 notifies the function of every object its filters match ({@link S3Events#notified}: a
     * {@code .csv} under the input prefix, and the exporter's {@code hour=HH/_COMPLETE} marker), one
     * {@code ObjectCreated} event each, to the S3 handler. {@code lambda-s3-event} runs without the debounce
     * ({@code lambdaQuietMinutes=0}: every event publishes); {@code lambda-complete-marker} with the stacks' default
     * debounce ({@link #DEBOUNCE}: an open hour's event only parses its file) and its rate rule every
     * {@value #DEBOUNCE_SCHEDULE_MINUTES} minutes on the same function, and the exporter writes the marker after the
     * hour's last file, which publishes the hour as final; {@code lambda-expected-files} the same without the marker
     * and with {@code TWINRUN_EXPECTED_FILES} the hour's file count, so the event of the file that completes the count
     * publishes it final. The function's publish policy runs on the compressed clock
     * ({@link ReplayClock}), so quiet periods and grace pass as they would in real time.
     */
    private static TriggerRun events(
            Trigger t,
            ExperimentSettings s,
            Bucket bucket,
            List<Landing> landings,
            int memoryMb,
            double timescale,
            Consumer<String> warn)
            throws Exception {
        boolean marker = t == Trigger.LAMBDA_COMPLETE;
        boolean debounced = t.debounced();
        Hours hours = new Hours();
        List<Double> invocationMs = new ArrayList<>();
        long loggedBytes = 0;
        int failed = 0;
        int invocations = 0;
        Event end = new Event(null, null, 0);
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        List<Throwable> landingErrors = Collections.synchronizedList(new ArrayList<>());
        CompressedClock clock = new CompressedClock(landings.get(0).hour().start(), timescale);
        Map<String, String> env = environment(t, bucket, Platform.LAMBDA.json());
        // The function's clock is the arrivals' (compressed) clock, so an hour is open or final as it would be then.
        env.put(ReplayClock.VARIABLE, clock.replay().value());
        if (debounced) {
            env.putAll(DEBOUNCE);
        }
        if (t == Trigger.LAMBDA_EXPECTED) {
            env.put("TWINRUN_EXPECTED_FILES", Integer.toString(s.filesPerHour()));
        }
        try (S3RequestCounter counter = counter(bucket, t)) {
            if (counter != null) {
                env.put("AWS_ENDPOINT_URL_S3", counter.endpoint().toString());
            }
            LambdaSpec spec = LambdaSpec.builder(FunctionZip.forJob(s), LambdaVariant.HANDLER)
                    .memoryMb(memoryMb)
                    .timeout(Duration.ofMinutes(15))
                    .functionName("twinrun-arrival-" + t.id())
                    .region(bucket.region())
                    .env(FunctionZip.lambdaEnvironment(env))
                    .build();
            try (ForkedLambda fn = ForkedLambda.start(spec)) {
                java.util.concurrent.atomic.AtomicInteger producers =
                        new java.util.concurrent.atomic.AtomicInteger(debounced ? 2 : 1);
                Thread lander = new Thread(
                        () -> {
                            try {
                                for (Landing l : landings) {
                                    clock.sleepUntil(l.at());
                                    land(bucket, t, l.key(), l.bytes());
                                    long landed = System.nanoTime();
                                    synchronized (hours) {
                                        if (l.last()) {
                                            hours.lastKey.put(l.hour(), l.key());
                                            hours.lastLandedNanos.put(l.hour(), landed);
                                        }
                                    }
                                    notify(bucket, t, l.key(), l.bytes().length, clock, l.hour(), landed, queue);
                                    if (marker && l.last()) {
                                        String m = completeMarker(l.hour());
                                        land(bucket, t, m, new byte[0]);
                                        notify(bucket, t, m, 0, clock, l.hour(), System.nanoTime(), queue);
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                landingErrors.add(e);
                            } finally {
                                if (producers.decrementAndGet() == 0) {
                                    queue.add(end);
                                }
                            }
                        },
                        "twinrun-arrival-lander");
                lander.setDaemon(true);
                Thread ticker = new Thread(
                        () -> {
                            // The debounce's rate rule: every few minutes from the first hour to one tick after
                            // the last landing's hour is final (its marker, or its end plus the grace).
                            Instant last = landings.get(landings.size() - 1).at();
                            Instant stop = last.plus(Duration.ofMinutes(DEBOUNCE_SCHEDULE_MINUTES));
                            try {
                                for (Instant tick = landings.get(0)
                                                .hour()
                                                .start()
                                                .plus(Duration.ofMinutes(DEBOUNCE_SCHEDULE_MINUTES));
                                        !tick.isAfter(stop);
                                        tick = tick.plus(Duration.ofMinutes(DEBOUNCE_SCHEDULE_MINUTES))) {
                                    clock.sleepUntil(tick);
                                    queue.put(new Event(null, scheduledEvent(tick), System.nanoTime()));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                if (producers.decrementAndGet() == 0) {
                                    queue.add(end);
                                }
                            }
                        },
                        "twinrun-arrival-debounce");
                ticker.setDaemon(true);
                lander.start();
                if (debounced) {
                    ticker.start();
                }
                for (Event e = queue.take(); e != end; e = queue.take()) {
                    long started = System.nanoTime();
                    Invocation inv = fn.invoke(e.json());
                    long ended = System.nanoTime();
                    invocations++;
                    invocationMs.add(billedMs(inv));
                    loggedBytes += bytesRead(inv.logLines());
                    if (!inv.succeeded()) {
                        failed++;
                        warn.accept("arrival " + t.id() + (e.hour() == null ? " debounce tick" : " hour " + e.hour())
                                + " failed: " + LambdaVariant.describe(inv));
                    }
                    resolve(bucket, t, hours, started, ended, e.landedNanos());
                }
                lander.join(TimeUnit.MINUTES.toMillis(1));
                ticker.join(TimeUnit.MINUTES.toMillis(1));
            }
            if (!landingErrors.isEmpty()) {
                throw new IOException("arrival " + t.id() + ": a file could not land: " + landingErrors.get(0));
            }
            return run(
                    t,
                    memoryMb,
                    null,
                    s,
                    hours,
                    invocations,
                    counter == null ? loggedBytes : counter.inputBytes(),
                    invocationMs,
                    failed,
                    counter == null ? null : counter.counts(),
                    null);
        }
    }

    /** The debounce settings the stacks deploy by default (infra's TwinrunConfig.Debounce) as the function sees them. */
    static final Map<String, String> DEBOUNCE =
            Map.of("TWINRUN_QUIET_MINUTES", "5", "TWINRUN_GRACE_MINUTES", "15", "TWINRUN_EXPECTED_FILES", "0");

    /** The debounce's rate rule, minutes (the stacks' default lambdaDebounceScheduleMinutes). */
    static final int DEBOUNCE_SCHEDULE_MINUTES = 5;

    /** An EventBridge scheduled event at {@code tick}. */
    static String scheduledEvent(Instant tick) {
        return "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"" + tick
                + "\",\"detail\":{}}";
    }

    /** Queues the S3 event for a landed object when the stack's notification filters match it. */
    private static void notify(
            Bucket bucket,
            Trigger t,
            String key,
            long size,
            CompressedClock clock,
            HourId hour,
            long landedNanos,
            BlockingQueue<Event> queue)
            throws InterruptedException {
        String full = inputPrefix(t) + key;
        if (S3Events.notified(inputPrefix(t), full)) {
            queue.put(new Event(
                    hour,
                    S3Events.objectCreated(bucket.bucket(), full, size, bucket.region(), clock.simNow()),
                    landedNanos));
        }
    }

    /** One invocation to make: its hour (null for a debounce tick), the event, when its object landed. */
    private record Event(HourId hour, String json, long landedNanos) {}

    /** A request counter in front of the bucket's endpoint for trigger {@code t}; null when it has none (AWS). */
    private static S3RequestCounter counter(Bucket bucket, Trigger t) throws IOException {
        return bucket.endpoint() == null
                ? null
                : S3RequestCounter.start(bucket.endpoint(), bucket.bucket(), inputPrefix(t));
    }

    /**
     * Gives every hour that the invocation run from {@code started} to {@code ended} published (with its last file)
     * its time to insight, and the part of it the invocation's event ({@code enqueued}: when it was queued) waited
     * for the harness's one environment: from the later of the hour's last landing and the event's queueing to the
     * start (an invocation on AWS would get another environment, up to the reserved concurrency).
     */
    private static void resolve(Bucket bucket, Trigger t, Hours hours, long started, long ended, long enqueued)
            throws IOException {
        Map<HourId, Long> landed;
        synchronized (hours) {
            landed = new TreeMap<>(hours.lastLandedNanos);
        }
        for (Map.Entry<HourId, Long> h : landed.entrySet()) {
            if (!hours.tti.containsKey(h.getKey())
                    && h.getValue() <= started
                    && includes(bucket, t, h.getKey(), hours.lastKey.get(h.getKey()))) {
                hours.tti.put(h.getKey(), (ended - h.getValue()) / 1e6);
                hours.wait.put(h.getKey(), Math.max(0, started - Math.max(h.getValue(), enqueued)) / 1e6);
            }
        }
    }

    /**
     * A scheduled trigger: the clock jumps from landing to landing and to every {@code :05} tick (no real waiting); at
     * each tick the scheduled function, one execution of the fan-out's state machine ({@link FanoutExecution}) or the
     * runner's {@code run-due} runs, measured. An hour apart, every tick starts cold: the function's environment is
     * recycled before each (Lambda keeps an idle environment minutes, not an hour), and the runner is a fresh JVM.
     */
    private static TriggerRun scheduled(
            Trigger t,
            ExperimentSettings s,
            Bucket bucket,
            List<Landing> landings,
            int memoryMb,
            InstanceShape shape,
            Consumer<String> warn)
            throws Exception {
        Instant lastLanding = landings.get(landings.size() - 1).at();
        List<Instant> ticks = new ArrayList<>();
        // from the first tick after the first hour ends: a tick before it has no hour due (the harness's first hour
        // has no hour before it, which a deployment in its steady state always has)
        for (Instant tick = landings.get(0).hour().end().plus(Duration.ofMinutes(TICK_MINUTE));
                !tick.isAfter(lastLanding.plus(Duration.ofHours(1)));
                tick = tick.plus(Duration.ofHours(1))) {
            ticks.add(tick);
        }
        boolean fanout = t == Trigger.LAMBDA_FANOUT;
        Hours hours = new Hours();
        List<Double> invocationMs = new ArrayList<>();
        Map<String, Long> steps = fanout ? new TreeMap<>() : null;
        long bytes = 0;
        int failed = 0;
        int invocations = 0;
        ForkedLambda fn = null;
        FanoutExecution machine = null;
        Path dir = Files.createDirectories(s.outDir().resolve("work/arrival-" + t.id()));
        S3RequestCounter counter = counter(bucket, t);
        URI endpoint = counter == null ? null : counter.endpoint();
        try {
            if (shape == null) {
                Map<String, String> env = environment(t, bucket, fanout ? FANOUT_VARIANT : Platform.LAMBDA.json());
                if (endpoint != null) {
                    env.put("AWS_ENDPOINT_URL_S3", endpoint.toString());
                }
                FunctionZip.lambdaEnvironment(env);
                if (fanout) {
                    machine = FanoutExecution.start(FunctionZip.forJob(s), memoryMb, bucket.region(), env);
                } else {
                    fn = ForkedLambda.start(LambdaSpec.builder(FunctionZip.forJob(s), SCHEDULED_HANDLER)
                            .memoryMb(memoryMb)
                            .timeout(Duration.ofMinutes(15))
                            .functionName("twinrun-arrival-" + t.id())
                            .region(bucket.region())
                            .env(env)
                            .build());
                }
            }
            int next = 0;
            for (Instant tick : ticks) {
                for (; next < landings.size() && !landings.get(next).at().isAfter(tick); next++) {
                    Landing l = landings.get(next);
                    land(bucket, t, l.key(), l.bytes());
                    if (l.last()) {
                        hours.lastKey.put(l.hour(), l.key());
                        hours.lastLandedSim.put(l.hour(), l.at());
                    }
                }
                double runMs;
                Map<HourId, Double> publishedAfterMs = Map.of();
                if (machine != null) {
                    FanoutExecution.Result r = machine.execute(tick);
                    runMs = r.wallMs();
                    publishedAfterMs = r.mergedAfterMs();
                    for (FanoutExecution.Call c : r.invocations()) {
                        invocationMs.add(billedMs(c.invocation()));
                        bytes += bytesRead(c.invocation().logLines());
                        steps.merge(c.step().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                    }
                    invocations += r.invocations().size();
                    steps.merge("executions", 1L, Long::sum);
                    steps.merge("transitions", (long) r.transitions(), Long::sum);
                    steps.merge("childExecutions", (long) r.childExecutions(), Long::sum);
                    for (String why : r.failures()) {
                        failed++;
                        warn.accept("arrival " + t.id() + " tick " + tick + ": " + why);
                    }
                } else if (fn != null) {
                    fn.recycle();
                    Invocation inv = fn.invoke("{\"version\":\"0\",\"detail-type\":\"Scheduled Event\","
                            + "\"source\":\"aws.scheduler\",\"time\":\"" + tick + "\",\"detail\":{}}");
                    runMs = billedMs(inv);
                    invocationMs.add(runMs);
                    invocations++;
                    bytes += bytesRead(inv.logLines());
                    if (!inv.succeeded()) {
                        failed++;
                        warn.accept("arrival " + t.id() + " tick " + tick + " failed: " + LambdaVariant.describe(inv));
                    }
                } else {
                    Tick r = ec2Tick(s, bucket, t, shape, tick, dir, endpoint);
                    runMs = r.wallMs();
                    invocationMs.add(runMs);
                    invocations++;
                    bytes += r.bytesRead();
                    if (r.exit() != 0) {
                        failed++;
                        warn.accept("arrival " + t.id() + " tick " + tick + " failed: exit " + r.exit() + "; output in "
                                + r.out());
                    }
                }
                for (Map.Entry<HourId, Instant> h : hours.lastLandedSim.entrySet()) {
                    if (!hours.tti.containsKey(h.getKey())
                            && includes(bucket, t, h.getKey(), hours.lastKey.get(h.getKey()))) {
                        double waitMs = Duration.between(h.getValue(), tick).toNanos() / 1e6;
                        hours.tti.put(h.getKey(), waitMs + publishedAfterMs.getOrDefault(h.getKey(), runMs));
                        hours.wait.put(h.getKey(), waitMs);
                    }
                }
            }
        } finally {
            if (fn != null) {
                fn.close();
            }
            if (machine != null) {
                machine.close();
            }
            if (counter != null) {
                counter.close();
            }
        }
        return run(
                t,
                memoryMb,
                shape == null ? null : shape.instanceType(),
                s,
                hours,
                invocations,
                counter == null ? bytes : counter.inputBytes(),
                invocationMs,
                failed,
                counter == null ? null : counter.counts(),
                steps);
    }

    /** The fan-out functions' {@code TWINRUN_VARIANT} (their log lines' variant), as the fan-out stack sets it. */
    static final String FANOUT_VARIANT = "fanout";

    private static TriggerRun run(
            Trigger t,
            int memoryMb,
            String instanceType,
            ExperimentSettings s,
            Hours hours,
            int invocations,
            long bytes,
            List<Double> invocationMs,
            int failed,
            Map<String, Long> s3Requests,
            Map<String, Long> stateMachine) {
        return new TriggerRun(
                t.id(),
                t.label(),
                instanceType == null ? Platform.LAMBDA.json() : Platform.EC2.json(),
                memoryMb,
                instanceType,
                s.hours(),
                invocations,
                bytes,
                invocationMs,
                List.copyOf(hours.tti.values()),
                List.copyOf(hours.wait.values()),
                s.hours() - hours.tti.size(),
                failed,
                s3Requests,
                stateMachine);
    }

    /**
     * Lambda's billed time of an invocation: its Billed Duration, which for a cold invocation already includes the
     * INIT ({@link Invocation#billedMs}; adding {@code initMs} again counted the INIT twice).
     */
    static double billedMs(Invocation inv) {
        return inv.billedMs();
    }

    /** Input bytes the runs of one invocation or process logged: each hour's last line with bytesRead and outcome. */
    static long bytesRead(List<String> lines) {
        Map<String, Long> perHour = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.strip();
            int brace = l.indexOf('{');
            if (brace < 0) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(l.substring(brace));
                if (n.has("bytesRead") && n.has("outcome") && n.has("hour") && !n.has("_aws")) {
                    perHour.put(n.path("hour").asText(), n.path("bytesRead").asLong());
                }
            } catch (IOException | RuntimeException e) {
                // not a JSON log line
            }
        }
        return perHour.values().stream().mapToLong(Long::longValue).sum();
    }

    record Tick(double wallMs, long bytesRead, int exit, Path out) {}

    /** One cron tick of the runner jar: {@code run-due --now TICK}, in a fresh JVM with the instance's shape. */
    static Tick ec2Tick(
            ExperimentSettings s, Bucket bucket, Trigger t, InstanceShape shape, Instant tick, Path dir, URI endpoint)
            throws IOException, InterruptedException {
        String name = "tick-" + tick.toString().replace(':', '-');
        Path log = dir.resolve(name + ".log");
        Path out = dir.resolve(name + ".out");
        Files.deleteIfExists(log);
        Path config = dir.resolve("twinrun.env");
        if (!Files.exists(config)) {
            Files.writeString(config, "# written by twinrun compare --arrival; the environment overrides it\n");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(shape.jvmOptions());
        if (bucket.userJar() == null) {
            cmd.addAll(List.of("-jar", s.ec2Jar().toString()));
        } else {
            cmd.addAll(List.of(
                    "-cp", s.ec2Jar() + File.pathSeparator + bucket.userJar().jar(), Ec2Variant.mainClass(s.ec2Jar())));
        }
        cmd.addAll(List.of("run-due", "--now", tick.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
        env.putAll(environment(t, bucket, Platform.EC2.json()));
        if (endpoint != null) {
            env.put("AWS_ENDPOINT_URL_S3", endpoint.toString()); // through the request counter
        }
        env.put("TWINRUN_CONFIG", config.toString());
        env.put("TWINRUN_LOCK_FILE", dir.resolve("runner.lock").toString());
        env.put("TWINRUN_LOG_FILE", log.toString());
        env.put("TWINRUN_STATE_FILE", "-");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        int exit = p.isAlive() ? -1 : p.exitValue();
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Tick(wallMs, bytesRead(lines), exit, out);
    }

    /** Objects under a trigger's prefix, for tests. */
    static List<ObjectInfo> inputs(Bucket bucket, Trigger t) throws IOException {
        return Stores.openS3("s3://" + bucket.bucket() + "/" + inputPrefix(t), bucket.client())
                .list("");
    }
}
