package dev.twinrun.lambda;

import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.local.s3.EmbeddedS3;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.lambda.Phase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Measures the packaged function in the forked runtime: cold and warm invocations of the S3 handler on one generated
 * hour, at several memory sizes; one raw JSON record per invocation, then a Markdown table.
 *
 * <p>Options (defaults): {@code --zip lambda-adapter/target/twinrun-lambda.zip}, {@code --memory 512,1769},
 * {@code --hour-mb 100}, {@code --files 1}, {@code --cold 3}, {@code --warm 5},
 * {@code --out lambda-adapter/target/lambda-measurements.jsonl}.
 */
public final class MeasureLambdaMain {
    private static final String BUCKET = "twinrun-bench";
    private static final HourId HOUR = HourId.parse("2026-11-26T13");

    private MeasureLambdaMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("zip", "lambda-adapter/target/twinrun-lambda.zip",
                "memory", "512,1769", "hour-mb", "100", "files", "1", "cold", "3", "warm", "5",
                "out", "lambda-adapter/target/lambda-measurements.jsonl"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !opt.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opt.keySet());
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        Path zip = Path.of(opt.get("zip"));
        long hourBytes = Long.parseLong(opt.get("hour-mb")) * 1_000_000L;
        int files = Integer.parseInt(opt.get("files"));
        int colds = Integer.parseInt(opt.get("cold"));
        int warms = Integer.parseInt(opt.get("warm"));
        Path out = Path.of(opt.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());

        Path store = Files.createTempDirectory("twinrun-measure-s3");
        List<Record> records = new ArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.start(store).createBucket(BUCKET);
             BufferedWriter raw = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            ObjectStore incoming = new S3ObjectStore(s3.client(), BUCKET, "incoming/");
            ObjectStore root = new S3ObjectStore(s3.client(), BUCKET, "");
            List<String> keys = new EventGenerator(42, 0.001).writeHour(incoming, HOUR, hourBytes, files);
            long inputBytes = 0;
            for (var o : incoming.list(HOUR.path() + "/")) {
                inputBytes += o.sizeBytes();
            }
            System.out.printf(Locale.ROOT, "artifact %s: %,d bytes; hour %s: %d file(s), %,d bytes%n", zip, Files.size(zip),
                    HOUR, keys.size(), inputBytes);
            String event = s3Event("incoming/" + keys.get(0));

            for (String m : opt.get("memory").split(",")) {
                int memoryMb = Integer.parseInt(m.trim());
                LambdaSpec spec = LambdaSpec.builder(zip, "dev.twinrun.lambda.S3EventHandler").memoryMb(memoryMb)
                        .timeout(Duration.ofMinutes(15))
                        .env("TWINRUN_BUCKET", BUCKET).env("TWINRUN_VARIANT", "lambda")
                        .env("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
                        .env("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY).env("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY)
                        .build();
                try (ForkedLambda fn = ForkedLambda.start(spec)) {
                    for (int c = 0; c < colds; c++) {
                        fn.recycle();
                        records.add(measure(fn, event, root, raw, inputBytes));
                        // The warm runs follow the last cold one in the same environment, as on Lambda.
                        if (c == colds - 1) {
                            for (int w = 0; w < warms; w++) {
                                records.add(measure(fn, event, root, raw, inputBytes));
                            }
                        }
                    }
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(store)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println();
        System.out.println(table(records));
        System.out.println("raw records: " + out);
    }

    /** One measured invocation; the hour's manifest is removed first so every run processes the whole hour. */
    private static Record measure(ForkedLambda fn, String event, ObjectStore root, BufferedWriter raw, long inputBytes)
            throws IOException, InterruptedException {
        root.delete(HourJob.insightsKey(HOUR, HourJob.MANIFEST));
        double load = loadAverage();
        Invocation r = fn.invoke(event);
        String outcome = r.succeeded() && r.response().contains("\"PUBLISHED\"") ? "PUBLISHED"
                : r.succeeded() ? "OTHER" : r.error().errorType();
        Record rec = new Record(Instant.now(), r.memorySizeMb(), r.phase(), r.initMs(), r.durationMs(), r.billedMs(),
                r.maxMemoryUsedMb(), r.cpuMs(), inputBytes, outcome, load);
        raw.write(rec.json());
        raw.newLine();
        raw.flush();
        System.out.println(r.reportLine() + "\tCPU: " + r.cpuMs() + " ms\toutcome: " + outcome
                + String.format(Locale.ROOT, "\tload: %.1f", load));
        if (!r.succeeded()) {
            System.out.println("  error: " + r.error().body());
            r.logLines().stream().filter(l -> l.contains("ERROR")).limit(5).forEach(l -> System.out.println("  " + l));
        }
        return rec;
    }

    record Record(Instant at, int memoryMb, Phase phase, double initMs, double durationMs, long billedMs,
                  long maxMemoryUsedMb, long cpuMs, long bytesRead, String outcome, double loadAverage) {
        String json() {
            return String.format(Locale.ROOT, "{\"platform\":\"lambda-forked\",\"at\":\"%s\",\"memoryMb\":%d,\"phase\":\"%s\","
                            + "\"initMs\":%.2f,\"durationMs\":%.2f,\"billedMs\":%d,\"maxMemoryUsedMb\":%d,\"cpuMs\":%d,"
                            + "\"bytesRead\":%d,\"outcome\":\"%s\",\"failed\":%b,\"loadAverage\":%.2f}",
                    at, memoryMb, phase.label(), initMs, durationMs, billedMs, maxMemoryUsedMb, cpuMs, bytesRead, outcome,
                    !"PUBLISHED".equals(outcome), loadAverage);
        }
    }

    static String table(List<Record> records) {
        StringBuilder b = new StringBuilder();
        b.append("| memory | phase | runs | init ms (median) | duration ms (median, min-max) | billed ms (median) | CPU ms (median) | max memory used MB (max) |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        records.stream().map(r -> r.memoryMb() + "|" + r.phase()).distinct().forEach(k -> {
            List<Record> rs = records.stream().filter(r -> (r.memoryMb() + "|" + r.phase()).equals(k)
                    && "PUBLISHED".equals(r.outcome())).toList();
            if (rs.isEmpty()) {
                b.append("| ").append(k.replace("|", " | ")).append(" | 0 | failed | | | | |\n");
                return;
            }
            Record first = rs.get(0);
            b.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %.0f (%.0f-%.0f) | %.0f | %.0f | %d |%n",
                    first.memoryMb(), first.phase().label(), rs.size(),
                    first.phase() == Phase.COLD ? String.format(Locale.ROOT, "%.0f", median(rs, Record::initMs)) : "-",
                    median(rs, Record::durationMs), min(rs, Record::durationMs), max(rs, Record::durationMs),
                    median(rs, r -> r.billedMs()), median(rs, r -> r.cpuMs()),
                    rs.stream().mapToLong(Record::maxMemoryUsedMb).max().orElse(0)));
        });
        return b.toString();
    }

    private static double median(List<Record> rs, ToDoubleFunction<Record> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Record> rs, ToDoubleFunction<Record> f) {
        return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<Record> rs, ToDoubleFunction<Record> f) {
        return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String s3Event(String key) {
        String encoded = Arrays.stream(key.split("/"))
                .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)).reduce((a, c) -> a + "/" + c).orElse(key);
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"" + Instant.now() + "\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + BUCKET + "\",\"arn\":\"arn:aws:s3:::" + BUCKET
                + "\"},\"object\":{\"key\":\"" + encoded + "\",\"size\":1,\"eTag\":\"0\"}}}]}";
    }
}
