package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.measure.Bucket;
import dev.twinrun.benchmarks.measure.LambdaVariant;
import dev.twinrun.benchmarks.measure.QuietLogging;
import dev.twinrun.benchmarks.measure.S3Events;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code twinrun bench lambda}: the deployment zip's S3 handler in the forked Lambda runtime ({@link ForkedLambda})
 * against the in-process S3 server, on one generated hour: for each memory size, {@code cold} invocations each in a
 * new execution environment, then {@code warm} ones in the last environment, as on Lambda. The hour's manifest is
 * deleted before every invocation so each one processes the whole hour.
 *
 * <p>Raw records: the stats module's {@link InvocationRecord} ({@code platform lambda}, the REPORT line's figures,
 * rows and bytes from the handler's answer), one JSON line per invocation in {@code out/raw.jsonl}, written as
 * measured, before the table; {@code twinrun report stats} reads them. The machine's load average is printed per
 * invocation, not recorded (the schema has no field for it).
 */
public final class LambdaBench {
    public static final String BUCKET = "twinrun-bench";
    public static final HourId HOUR = HourId.parse("2026-11-26T13");
    public static final String RAW = "raw.jsonl";
    private static final String REGION = "us-east-1";

    private LambdaBench() {}

    /** The benchmark's settings ({@code twinrun bench lambda}'s options). */
    public record Settings(
            Path zip,
            List<Integer> memoryMbs,
            long sizeBytes,
            int files,
            long seed,
            double badRows,
            int cold,
            int warm,
            Path out) {
        public Settings {
            requireNonNull(zip, "zip");
            requireNonNull(out, "out");
            memoryMbs = List.copyOf(memoryMbs);
            if (memoryMbs.isEmpty() || cold < 1 || warm < 0 || files < 1) {
                throw new IllegalArgumentException("need a memory size, cold >= 1, warm >= 0 and files >= 1");
            }
        }
    }

    /** An entry of the zip, compressed and uncompressed bytes. */
    public record ZipPart(String name, long compressedBytes, long bytes) {}

    /** What the benchmark measured. */
    public record Result(
            long zipBytes,
            List<ZipPart> largestEntries,
            long inputBytes,
            List<InvocationRecord> records,
            Path rawFile) {}

    /** Runs the benchmark, printing every invocation and then the table to {@code out}. */
    public static Result run(Settings s, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(s.zip())) {
            throw new IOException("no deployment zip at " + s.zip() + " (./mvnw -pl lambda-adapter -am package)");
        }
        QuietLogging.apply();
        long zipBytes = Files.size(s.zip());
        List<ZipPart> largest = largestEntries(s.zip(), 3);
        Path raw = s.out().resolve(RAW);
        Files.createDirectories(s.out());
        Files.deleteIfExists(raw);
        Path store = Files.createTempDirectory("twinrun-bench-lambda-s3");
        List<InvocationRecord> records = new ArrayList<>();
        long inputBytes = 0;
        try (EmbeddedS3 s3 = EmbeddedS3.start(store).createBucket(BUCKET)) {
            Bucket bucket = new Bucket(s3.endpoint(), s3.client(), BUCKET, EmbeddedS3.ACCESS_KEY, REGION);
            S3ObjectStore incoming = Stores.openS3("s3://" + BUCKET + "/" + Bucket.INPUT_PREFIX, s3.client());
            S3ObjectStore root = new S3ObjectStore(s3.client(), BUCKET, "");
            List<String> keys =
                    new EventGenerator(s.seed(), s.badRows()).writeHour(incoming, HOUR, s.sizeBytes(), s.files());
            for (ObjectInfo o : incoming.list(HOUR.path() + "/")) {
                inputBytes += o.sizeBytes();
            }
            out.printf(
                    Locale.ROOT,
                    "zip %s: %,d bytes; largest entries: %s%n",
                    s.zip(),
                    zipBytes,
                    largest.stream()
                            .map(p -> String.format(
                                    Locale.ROOT,
                                    "%s %,d bytes (%,d unpacked)",
                                    p.name(),
                                    p.compressedBytes(),
                                    p.bytes()))
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("none"));
            out.printf(
                    Locale.ROOT,
                    "hour %s: %d file(s), %,d bytes; load average %s%n",
                    HOUR,
                    keys.size(),
                    inputBytes,
                    FanoutBench.loadAverage());
            String event = S3Events.objectCreated(
                    BUCKET,
                    Bucket.INPUT_PREFIX + keys.get(keys.size() - 1),
                    inputBytes / keys.size(),
                    REGION,
                    HOUR.end());
            for (int memoryMb : s.memoryMbs()) {
                LambdaSpec spec = LambdaSpec.builder(s.zip(), LambdaVariant.HANDLER)
                        .memoryMb(memoryMb)
                        .timeout(Duration.ofMinutes(15))
                        .functionName("twinrun-bench-" + memoryMb)
                        .region(REGION)
                        .env(bucket.jobEnvironment("", "lambda"))
                        .build();
                try (ForkedLambda fn = ForkedLambda.start(spec)) {
                    for (int c = 0; c < s.cold(); c++) {
                        fn.recycle();
                        records.add(measure(fn, event, root, raw, out));
                    }
                    // The warm runs follow the last cold one in the same environment, as on Lambda.
                    for (int w = 0; w < s.warm(); w++) {
                        records.add(measure(fn, event, root, raw, out));
                    }
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(store)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.println();
        out.print(table(records));
        out.println("raw records: " + raw);
        return new Result(zipBytes, largest, inputBytes, records, raw);
    }

    private static InvocationRecord measure(
            ForkedLambda fn, String event, S3ObjectStore root, Path raw, PrintStream out)
            throws IOException, InterruptedException {
        root.delete(HourJob.insightsKey(HOUR, HourJob.MANIFEST));
        Invocation inv = fn.invoke(event);
        InvocationRecord rec = LambdaVariant.record(inv, null);
        RawRecords.append(raw, List.of(rec));
        out.println(inv.reportLine() + "\tCPU: " + inv.cpuMs() + " ms" + (rec.failed() ? "\tFAILED" : "") + "\tload: "
                + FanoutBench.loadAverage());
        if (!inv.succeeded()) {
            out.println("  error: " + inv.error().body());
            inv.logLines().stream().filter(l -> l.contains("ERROR")).limit(5).forEach(l -> out.println("  " + l));
        } else if (rec.failed()) {
            out.println("  response: " + inv.response());
        }
        return rec;
    }

    /** The zip's {@code n} largest entries by compressed size. */
    public static List<ZipPart> largestEntries(Path zip, int n) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream()
                    .filter(e -> !e.isDirectory())
                    .sorted(Comparator.comparingLong(ZipEntry::getCompressedSize)
                            .reversed())
                    .limit(n)
                    .map(e -> new ZipPart(e.getName(), e.getCompressedSize(), e.getSize()))
                    .toList();
        }
    }

    /** A Markdown table per memory size and phase of the records that did not fail. */
    public static String table(List<InvocationRecord> records) {
        StringBuilder b = new StringBuilder();
        b.append("| memory | phase | runs | init ms (median) | duration ms (median, min-max) | billed ms (median) "
                + "| CPU ms (median) | max memory used MB (max) |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        records.stream().map(r -> r.memoryMb() + "|" + r.phase()).distinct().forEach(k -> {
            List<InvocationRecord> rs = records.stream()
                    .filter(r -> (r.memoryMb() + "|" + r.phase()).equals(k) && !r.failed())
                    .toList();
            if (rs.isEmpty()) {
                b.append("| ").append(k.replace("|", " | ")).append(" | 0 | failed | | | | |\n");
                return;
            }
            InvocationRecord first = rs.get(0);
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %s | %.0f (%.0f-%.0f) | %.0f | %s | %d |%n",
                    first.memoryMb(),
                    first.phase(),
                    rs.size(),
                    first.initMs() != null
                            ? String.format(Locale.ROOT, "%.0f", median(rs, InvocationRecord::initMs))
                            : "-",
                    median(rs, InvocationRecord::wallMs),
                    min(rs, InvocationRecord::wallMs),
                    max(rs, InvocationRecord::wallMs),
                    median(rs, InvocationRecord::billedMs),
                    rs.stream().allMatch(r -> r.cpuMs() != null)
                            ? String.format(Locale.ROOT, "%.0f", median(rs, InvocationRecord::cpuMs))
                            : "-",
                    rs.stream()
                            .mapToInt(InvocationRecord::maxMemoryUsedMb)
                            .max()
                            .orElse(0)));
        });
        return b.toString();
    }

    static double median(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }
}
