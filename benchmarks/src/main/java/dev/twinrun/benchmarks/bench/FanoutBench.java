package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.benchmarks.measure.Bucket;
import dev.twinrun.benchmarks.measure.QuietLogging;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.transform.Transformations;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.lambda.Phase;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the fan-out (plan, N shards at the same time, merge) from the deployment zip as N+2 forked Lambda runtimes
 * against the in-process S3 server, and writes one raw {@link FanoutRecord} per invocation and per pass span to
 * {@code raw.jsonl} before any statistic ({@link FanoutSummary}).
 *
 * <p>Runtimes: one for Plan, one for Merge, and a pool of Shard runtimes (as many as the largest shard count, at
 * least the merge series' concurrency), each its own JVM, i.e. its own execution environment. A throw-away pass at
 * the pool's size first gives every runtime its cold invocation, one runtime after the other (recorded as {@code cold},
 * repetition 0, each cold figure a runtime alone on the machine); the measured
 * passes are then warm. Speedup series: for each repetition, for each shard count N, a pass with shard i on runtime
 * i, all N at the same time. Merge series: for each K, K shards on {@code mergeConcurrency} runtimes, then the timed
 * merge.
 *
 * <p>After every pass the published files (every object of the hour under {@code insights/} and {@code quarantine/})
 * are compared byte for byte with an in-process {@code HourJob.run} of the same hour into another prefix.
 */
public final class FanoutBench {
    /** The bucket of the in-process S3 server. */
    public static final String BUCKET = "twinrun-fanout";
    /** The generated hour. */
    public static final HourId HOUR = HourId.parse("2026-11-26T13");
    /** Where the fan-out publishes (its TWINRUN_OUTPUT_PREFIX). */
    public static final String FANOUT_PREFIX = "fanout/";
    /** Where the single in-process reference run publishes. */
    public static final String SINGLE_PREFIX = "single/";

    public static final String RAW = "raw.jsonl";
    public static final String SUMMARY = "summary.json";

    // Handler names as strings: the benchmarks never link against the adapter's handlers (DependencyRuleTest).
    static final String PLAN_HANDLER = "dev.twinrun.lambda.fanout.PlanHandler::handleRequest";
    static final String SHARD_HANDLER = "dev.twinrun.lambda.fanout.ShardHandler::handleRequest";
    static final String MERGE_HANDLER = "dev.twinrun.lambda.fanout.MergeHandler::handleRequest";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HS_ERR = Pattern.compile("/\\S*hs_err_pid\\d+\\.log");

    /**
     * What to run.
     *
     * @param zip              the deployment zip with the fan-out handlers
     * @param sizeBytes        the generated hour's size
     * @param badRowRatio      share of bad rows generated (0 to 0.5)
     * @param files            CSV files of the hour
     * @param seed             generator seed
     * @param shards           the speedup series' shard counts (each run N at the same time)
     * @param mergeShards      the merge series' shard counts (empty: no merge series)
     * @param memoryMb         memory size of every function
     * @param repetitions      measured passes per shard count (after the throw-away warm-up pass)
     * @param mergeConcurrency shard runtimes used at the same time in the merge series
     * @param capCores         pin each runtime to its memory's cores as {@link LambdaSpec#capCores()} does
     * @param outDir           where raw.jsonl, summary.json and the S3 server's files go
     */
    public record Settings(
            Path zip,
            long sizeBytes,
            double badRowRatio,
            int files,
            long seed,
            List<Integer> shards,
            List<Integer> mergeShards,
            int memoryMb,
            int repetitions,
            int mergeConcurrency,
            boolean capCores,
            Path outDir) {
        /** The planner's default ceiling (TWINRUN_MAX_SHARDS). */
        public static final int MAX_SHARDS = 200;

        public Settings {
            requireNonNull(zip, "zip");
            requireNonNull(outDir, "outDir");
            shards = List.copyOf(requireNonNull(shards, "shards"));
            mergeShards = List.copyOf(requireNonNull(mergeShards, "mergeShards"));
            if (sizeBytes < 1) {
                throw new IllegalArgumentException("--size must be positive, was " + sizeBytes + " bytes");
            }
            if (!(badRowRatio >= 0 && badRowRatio <= 0.5)) {
                throw new IllegalArgumentException("--bad-rows must be 0 to 0.5, was " + badRowRatio);
            }
            if (files < 1 || files > 100) {
                throw new IllegalArgumentException("--files-per-hour must be 1 to 100, was " + files);
            }
            if (shards.isEmpty()) {
                throw new IllegalArgumentException("--shards needs at least one shard count, e.g. 1,2,3,4");
            }
            for (List<Integer> list : List.of(shards, mergeShards)) {
                for (int n : list) {
                    if (n < 1 || n > MAX_SHARDS) {
                        throw new IllegalArgumentException("shard counts must be 1 to " + MAX_SHARDS + ", was " + n
                                + (list == shards ? " in --shards" : " in --merge-shards"));
                    }
                }
                if (list.stream().distinct().count() != list.size()) {
                    throw new IllegalArgumentException("a shard count is given twice: " + list);
                }
            }
            if (shards.stream().mapToInt(Integer::intValue).max().getAsInt() > 16) {
                throw new IllegalArgumentException(
                        "--shards runs N runtimes (JVMs) at the same time; at most 16, was " + shards);
            }
            if (memoryMb < 128 || memoryMb > 10_240) {
                throw new IllegalArgumentException("--memory-mb must be 128 to 10240, was " + memoryMb);
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("--repetitions must be >= 1, was " + repetitions);
            }
            if (mergeConcurrency < 1 || mergeConcurrency > 16) {
                throw new IllegalArgumentException("--merge-concurrency must be 1 to 16, was " + mergeConcurrency);
            }
        }

        /** Shard runtimes started: the largest shard count, and at least the merge series' concurrency. */
        public int poolSize() {
            int max = Collections.max(shards);
            return mergeShards.isEmpty() ? max : Math.max(max, mergeConcurrency);
        }
    }

    /**
     * The byte-for-byte comparison of every fan-out publication with the single run's.
     *
     * @param comparisons publications compared (one per pass)
     * @param differences what differed or was missing, naming the pass and the file
     */
    public record OutputCheck(int comparisons, List<String> differences) {
        public OutputCheck {
            differences = List.copyOf(differences);
        }

        public boolean identical() {
            return comparisons > 0 && differences.isEmpty();
        }
    }

    /**
     * What was run.
     *
     * @param rawFile        the raw records' file
     * @param records        the raw records, as written
     * @param summary        their statistics
     * @param outputCheck    fan-out publications vs the single run
     * @param reference      the single in-process run (rows, bytes)
     * @param referenceFiles the single run's published files (key relative to its prefix, size)
     * @param wallMs         the benchmark's own wall time
     */
    public record Result(
            Path rawFile,
            List<FanoutRecord> records,
            FanoutSummary summary,
            OutputCheck outputCheck,
            RunResult reference,
            Map<String, Integer> referenceFiles,
            long wallMs) {
        public Result {
            records = List.copyOf(records);
        }
    }

    private final Settings s;
    private final Consumer<String> progress;
    private final Path raw;
    private final List<FanoutRecord> records = new ArrayList<>();
    private final List<String> differences = new ArrayList<>();
    private int comparisons;
    private Map<String, byte[]> expected;
    private ObjectStore fanoutOut;
    private ForkedLambda plan;
    private ForkedLambda merge;
    private final List<ForkedLambda> shardPool = new ArrayList<>();
    private ExecutorService executor;

    private FanoutBench(Settings s, Consumer<String> progress) {
        this.s = s;
        this.progress = progress;
        this.raw = s.outDir().resolve(RAW);
    }

    /** Runs both series; every record is in {@code raw.jsonl} before this returns or throws. */
    public static Result run(Settings s, Consumer<String> progress) throws Exception {
        requireNonNull(s, "settings");
        requireNonNull(progress, "progress");
        if (!Files.isRegularFile(s.zip())) {
            throw new IllegalArgumentException(
                    s.zip() + " not found: build it with ./mvnw -pl lambda-adapter -am package "
                            + "-DskipTests (./twinrun does this on first use), or give --zip");
        }
        return new FanoutBench(s, progress).run();
    }

    private Result run() throws Exception {
        long t0 = System.nanoTime();
        QuietLogging.apply();
        Files.createDirectories(s.outDir());
        Files.deleteIfExists(raw);
        Path store = s.outDir().resolve("work/s3");
        deleteTree(store);
        Files.createDirectories(store);
        try (EmbeddedS3 s3 = EmbeddedS3.start(store)) {
            s3.createBucket(BUCKET);
            Bucket bucket = new Bucket(s3.endpoint(), s3.client(), BUCKET, EmbeddedS3.ACCESS_KEY, "us-east-1");
            progress.accept(String.format(
                    Locale.ROOT,
                    "generating hour %s: %,d bytes in %d file(s), bad rows %.3f",
                    HOUR,
                    s.sizeBytes(),
                    s.files(),
                    s.badRowRatio()));
            new EventGenerator(s.seed(), s.badRowRatio())
                    .writeHour(
                            new S3ObjectStore(s3.client(), BUCKET, Bucket.INPUT_PREFIX),
                            HOUR,
                            s.sizeBytes(),
                            s.files());

            HourJob single = new HourJob(
                    new S3ObjectStore(s3.client(), BUCKET, Bucket.INPUT_PREFIX),
                    new S3ObjectStore(s3.client(), BUCKET, SINGLE_PREFIX),
                    Transformations.byName(Transformations.DEFAULT),
                    JobOptions.defaults());
            RunResult reference = single.run(HOUR);
            if (reference.outcome() != RunResult.Outcome.PUBLISHED) {
                throw new IllegalStateException("the single reference run did not publish: " + reference.outcome());
            }
            expected = published(single.output());
            fanoutOut = new S3ObjectStore(s3.client(), BUCKET, FANOUT_PREFIX);
            progress.accept(String.format(
                    Locale.ROOT,
                    "single reference run (in-process, not timed here): %,d rows, "
                            + "%,d quarantined, %d files published",
                    reference.rowsRead(),
                    reference.rowsQuarantined(),
                    expected.size()));

            Map<String, String> env = bucket.jobEnvironment(FANOUT_PREFIX, "fanout");
            executor = Executors.newFixedThreadPool(s.poolSize());
            try {
                plan = ForkedLambda.start(spec(PLAN_HANDLER, "plan", env));
                merge = ForkedLambda.start(spec(MERGE_HANDLER, "merge", env));
                for (int i = 0; i < s.poolSize(); i++) {
                    shardPool.add(ForkedLambda.start(spec(SHARD_HANDLER, "shard-" + i, env)));
                }
                // Throw-away pass: every runtime's cold invocation, one after the other, so each cold figure is a
                // runtime alone on the machine (and JIT warm-up of one does not slow the others' figures).
                pass(FanoutRecord.SPEEDUP, s.poolSize(), 0, shardPool, false);
                for (int rep = 1; rep <= s.repetitions(); rep++) {
                    for (int n : s.shards()) {
                        pass(FanoutRecord.SPEEDUP, n, rep, shardPool.subList(0, n), true);
                    }
                }
                List<ForkedLambda> mergeRuntimes =
                        shardPool.subList(0, Math.min(s.mergeConcurrency(), shardPool.size()));
                for (int rep = 1; rep <= s.repetitions(); rep++) {
                    for (int k : s.mergeShards()) {
                        pass(FanoutRecord.MERGE, k, rep, mergeRuntimes, true);
                    }
                }
            } finally {
                executor.shutdownNow();
                closeAll();
            }
            Map<String, Integer> files = new TreeMap<>();
            expected.forEach((k, v) -> files.put(k, v.length));
            return new Result(
                    raw,
                    FanoutRecord.read(raw),
                    FanoutSummary.of(FanoutRecord.read(raw)),
                    new OutputCheck(comparisons, differences),
                    reference,
                    files,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private LambdaSpec spec(String handler, String name, Map<String, String> env) {
        return LambdaSpec.builder(s.zip(), handler)
                .memoryMb(s.memoryMb())
                .timeout(Duration.ofMinutes(15))
                .functionName("twinrun-fanout-" + name)
                .region("us-east-1")
                .env(env)
                .capCores(s.capCores())
                .build();
    }

    /**
     * One plan-shards-merge pass; shard i runs on {@code runtimes.get(i % runtimes.size())}, the runtimes at the same
     * time when {@code parallel}, else one shard after the other.
     */
    private void pass(String series, int n, int rep, List<ForkedLambda> runtimes, boolean parallel) throws Exception {
        long t0 = System.nanoTime();
        ObjectNode planEvent = JSON.createObjectNode();
        planEvent.put("hour", HOUR.toString());
        planEvent.put("shards", n);
        planEvent.put("force", true); // the previous pass published the hour; plan it again
        Invocation p = plan.invoke(planEvent.toString());
        String where = series + " pass, " + n + " shard(s), repetition " + rep;
        JsonNode planned = answer(p, "plan (" + where + ")");
        ArrayNode items = (ArrayNode) planned.path("shards");
        if (items.size() != n) {
            throw new IllegalStateException("plan (" + where + ") made " + items.size() + " shards, not " + n
                    + ": the hour is too small to cut into " + n + " shards; use a larger --size");
        }

        long t1 = System.nanoTime();
        Invocation[] shardInv = new Invocation[n];
        List<Future<?>> futures = new ArrayList<>();
        int lanes = Math.min(n, runtimes.size());
        if (!parallel) {
            for (int i = 0; i < n; i++) {
                shardInv[i] = runtimes.get(i % lanes).invoke(items.get(i).toString());
            }
        }
        for (int lane = 0; parallel && lane < lanes; lane++) {
            int first = lane;
            ForkedLambda fn = runtimes.get(lane);
            futures.add(executor.submit(() -> {
                for (int i = first; i < n; i += lanes) {
                    shardInv[i] = fn.invoke(items.get(i).toString());
                }
                return null;
            }));
        }
        Exception failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure != null
                        ? failure
                        : new IllegalStateException(
                                "shard invocation (" + where + ") could not run: " + e.getCause(), e.getCause());
            }
        }
        long t2 = System.nanoTime();
        if (failure != null) {
            throw failure;
        }

        ArrayNode results = JSON.createArrayNode();
        List<FanoutRecord> out = new ArrayList<>();
        boolean anyCold = p.phase() == Phase.COLD;
        long resultBytes = 0;
        String shardError = null;
        for (int i = 0; i < n; i++) {
            Invocation inv = shardInv[i];
            anyCold |= inv.phase() == Phase.COLD;
            JsonNode a = inv.succeeded() ? JSON.readTree(inv.response()) : null;
            if (a != null) {
                results.add(a);
                resultBytes += a.path("resultBytes").asLong();
            } else if (shardError == null) {
                shardError = "shard " + i + " (" + where + ") failed: " + describe(inv);
            }
            out.add(invocationRecord(
                    series,
                    n,
                    rep,
                    FanoutRecord.SHARD,
                    i,
                    inv,
                    a == null ? null : a.path("inputBytes").asLong(),
                    a == null ? null : a.path("resultBytes").asLong(),
                    a == null ? null : a.path("durationMs").asLong()));
        }
        if (shardError != null) {
            out.add(invocationRecord(
                    series,
                    n,
                    rep,
                    FanoutRecord.PLAN,
                    null,
                    p,
                    planned.path("inputBytes").asLong(),
                    null,
                    null));
            append(out);
            throw new IllegalStateException(shardError);
        }

        ObjectNode mergeEvent = JSON.createObjectNode();
        mergeEvent.put("hour", planned.path("hour").asText());
        mergeEvent.put("runId", planned.path("runId").asText());
        mergeEvent.put("shardCount", planned.path("shardCount").asInt());
        mergeEvent.set("results", results);
        Invocation m = merge.invoke(mergeEvent.toString());
        long t3 = System.nanoTime();
        anyCold |= m.phase() == Phase.COLD;
        String phase = anyCold ? FanoutRecord.COLD : FanoutRecord.WARM;
        out.add(
                0,
                invocationRecord(
                        series,
                        n,
                        rep,
                        FanoutRecord.PLAN,
                        null,
                        p,
                        planned.path("inputBytes").asLong(),
                        null,
                        null));
        JsonNode merged = m.succeeded() ? JSON.readTree(m.response()) : null;
        out.add(invocationRecord(
                series,
                n,
                rep,
                FanoutRecord.MERGE_STEP,
                null,
                m,
                merged == null ? null : merged.path("bytesRead").asLong(),
                resultBytes,
                merged == null ? null : merged.path("durationMs").asLong()));
        out.add(FanoutRecord.span(series, n, rep, phase, FanoutRecord.SHARD_PHASE, (t2 - t1) / 1e6, false));
        out.add(FanoutRecord.span(series, n, rep, phase, FanoutRecord.END_TO_END, (t3 - t0) / 1e6, merged == null));
        append(out);
        if (merged == null) {
            throw new IllegalStateException("merge (" + where + ") failed: " + describe(m));
        }
        if (!merged.path("outcome").asText().equals("PUBLISHED")) {
            throw new IllegalStateException("merge (" + where + ") did not publish: outcome "
                    + merged.path("outcome").asText());
        }
        compare(where);
        progress.accept(String.format(
                Locale.ROOT,
                "%-7s r%d %2d shard(s) %s: shard phase %,8.0f ms, merge %,6.0f ms, "
                        + "end-to-end %,8.0f ms, shard results %,d bytes%s",
                series,
                rep,
                n,
                phase,
                (t2 - t1) / 1e6,
                m.durationMs(),
                (t3 - t0) / 1e6,
                resultBytes,
                parallel ? "" : " (shards one after the other)"));
    }

    private FanoutRecord invocationRecord(
            String series,
            int n,
            int rep,
            String step,
            Integer index,
            Invocation inv,
            Long inputBytes,
            Long resultBytes,
            Long jobMs) {
        boolean cold = inv.phase() == Phase.COLD;
        return new FanoutRecord(
                series,
                n,
                rep,
                cold ? FanoutRecord.COLD : FanoutRecord.WARM,
                step,
                index,
                inv.durationMs(),
                cold ? inv.initMs() : null,
                inv.cpuMs() >= 0 ? inv.cpuMs() : null,
                inv.maxMemoryUsedMb(),
                inputBytes,
                resultBytes,
                jobMs,
                !inv.succeeded(),
                inv.succeeded() ? null : describe(inv));
    }

    private JsonNode answer(Invocation inv, String what) throws IOException {
        if (!inv.succeeded()) {
            throw new IllegalStateException(what + " failed: " + describe(inv));
        }
        return JSON.readTree(inv.response());
    }

    private String describe(Invocation inv) {
        String error =
                inv.failure().map(e -> e.errorType() + ": " + e.errorMessage()).orElse("?");
        List<String> log = inv.logLines();
        // A JVM crash: its report is in the task root, which is deleted with the runtime; keep a copy.
        List<String> crash = new ArrayList<>();
        for (String line : log) {
            Matcher m = HS_ERR.matcher(line);
            if (m.find()) {
                Path report = Path.of(m.group());
                try {
                    Path copy = s.outDir().resolve(report.getFileName());
                    Files.copy(report, copy, StandardCopyOption.REPLACE_EXISTING);
                    crash.add("JVM crash report kept at " + copy);
                } catch (IOException | RuntimeException e) {
                    crash.add("JVM crash report " + report + " could not be kept: " + e);
                }
            }
            if (line.startsWith("# ")
                    && (line.contains("SIG")
                            || line.contains("frame")
                            || line.startsWith("# C ")
                            || line.startsWith("# J ")
                            || line.startsWith("# V ")
                            || line.contains("failed"))) {
                crash.add(line);
            }
        }
        List<String> tail = log.subList(Math.max(0, log.size() - 8), log.size());
        List<String> shown = new ArrayList<>(crash);
        shown.addAll(tail);
        return error + "\n  " + String.join("\n  ", shown);
    }

    private void append(List<FanoutRecord> out) throws IOException {
        FanoutRecord.append(raw, out);
        records.addAll(out);
    }

    /** Every published object of the hour under the fan-out's prefix against the single run's. */
    private void compare(String where) throws IOException {
        comparisons++;
        Map<String, byte[]> actual = published(fanoutOut);
        if (!actual.keySet().equals(expected.keySet())) {
            differences.add(where + ": published files " + actual.keySet() + " vs single run " + expected.keySet());
            return;
        }
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!Arrays.equals(e.getValue(), actual.get(e.getKey()))) {
                differences.add(where + ": " + e.getKey() + " differs from the single run's");
            }
        }
    }

    /** The hour's published objects (insights and quarantine) by key relative to the store. */
    static Map<String, byte[]> published(ObjectStore store) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        for (String folder : List.of(HourJob.INSIGHTS, HourJob.QUARANTINE)) {
            for (ObjectInfo o : store.list(folder + HOUR.path() + "/")) {
                out.put(o.key(), store.read(o.key()));
            }
        }
        return out;
    }

    private void closeAll() {
        List<AutoCloseable> all = new ArrayList<>(shardPool);
        all.add(plan);
        all.add(merge);
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    progress.accept("could not close a runtime: " + e);
                }
            }
        }
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg (else the JVM's 1-minute figure). */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f (1 min)",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The figures and settings as one JSON document (summary.json). */
    public static ObjectNode summaryJson(Settings s, Result r, String loadBefore, String loadAfter) {
        ObjectNode root = JSON.createObjectNode();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("zip", s.zip().toString());
        settings.put("sizeBytes", s.sizeBytes());
        settings.put("badRowRatio", s.badRowRatio());
        settings.put("files", s.files());
        settings.put("seed", s.seed());
        settings.put("shards", s.shards());
        settings.put("mergeShards", s.mergeShards());
        settings.put("memoryMb", s.memoryMb());
        settings.put("repetitions", s.repetitions());
        settings.put("mergeConcurrency", s.mergeConcurrency());
        settings.put("capCores", s.capCores());
        root.set("settings", JSON.valueToTree(settings));
        root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        root.put("loadAverageBefore", loadBefore);
        root.put("loadAverageAfter", loadAfter);
        root.put("rowsRead", r.reference().rowsRead());
        root.put("rowsQuarantined", r.reference().rowsQuarantined());
        root.put("outputsIdentical", r.outputCheck().identical());
        root.put("outputComparisons", r.outputCheck().comparisons());
        root.set("outputDifferences", JSON.valueToTree(r.outputCheck().differences()));
        root.put("wallMs", r.wallMs());
        root.set("statistics", JSON.valueToTree(r.summary()));
        return root;
    }

    /** Writes {@link #summaryJson} to {@code outDir/summary.json}. */
    public static Path writeSummary(Settings s, Result r, String loadBefore, String loadAfter) throws IOException {
        Path file = s.outDir().resolve(SUMMARY);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), summaryJson(s, r, loadBefore, loadAfter));
        return file;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
