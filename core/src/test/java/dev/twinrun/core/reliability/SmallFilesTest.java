package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An hour of 5,000 files of about 1 KB: the same rows as one file give the same totals, in a 128 MB heap, with one
 * input GET a file (BOM, header and data in one request).
 */
class SmallFilesTest {
    static final int FILES = 5_000;

    @TempDir
    Path tmp;

    @Test
    void fiveThousandSmallFilesRunInA128MbHeapWithOneGetEach() throws Exception {
        byte[] whole = TestData.file(17, 0.01, TestData.HOUR, 0, FILES * 880L);
        List<byte[]> parts = TestData.splitRecords(whole, FILES);
        Path in = tmp.resolve("in");
        long bytes = write(new LocalObjectStore(in), parts);
        assertThat(bytes / FILES).as("mean file size").isBetween(900L, 1200L);
        JsonNode oracle = oneFile(whole);

        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SmallFilesProbe.class.getName(),
                        in.toString(),
                        tmp.resolve("out").toString(),
                        tmp.resolve("t").toString())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("finished in time; output: %s", output).isTrue();
        assertThat(p.exitValue())
                .as("exit code (OutOfMemoryError exits non-zero); output: %s", output)
                .isZero();
        String line =
                output.lines().filter(l -> l.startsWith("result ")).findFirst().orElse("");
        List<String> f = List.of(line.split(" "));
        assertThat(f).as("probe output: %s", output).hasSize(9);
        assertThat(f.get(1)).isEqualTo("PUBLISHED");
        assertThat(Long.parseLong(f.get(2))).as("files").isEqualTo(FILES);
        JsonNode acc = oracle.path("accounting");
        assertThat(Long.parseLong(f.get(3)))
                .as("rows read")
                .isEqualTo(acc.path("rowsRead").asLong());
        assertThat(Long.parseLong(f.get(4)))
                .as("rows aggregated")
                .isEqualTo(acc.path("rowsAggregated").asLong());
        assertThat(Long.parseLong(f.get(5)))
                .as("rows quarantined")
                .isEqualTo(acc.path("rowsQuarantined").asLong());
        assertThat(Long.parseLong(f.get(5))).as("some rows are bad").isPositive();
        assertThat(Long.parseLong(f.get(6))).as("bytes read").isEqualTo(bytes);
        assertThat(Long.parseLong(f.get(7))).as("input GETs: one a file").isEqualTo(FILES);
        JsonNode summary =
                Json.parse(TestData.published(new LocalObjectStore(tmp.resolve("out")), TestData.HOUR, "summary.json"));
        assertThat(summary.path("totals"))
                .as("the totals of 5,000 files are those of the same rows in one file")
                .isEqualTo(oracle.path("totals"));
        System.out.printf(
                "reliability: %,d files of about %d bytes (%,d rows) in a 128 MB heap: peak heap %d MB, %,d input"
                        + " GETs, totals equal to the same rows in one file%n",
                FILES,
                bytes / FILES,
                Long.parseLong(f.get(3)),
                Long.parseLong(f.get(8)) >> 20,
                Long.parseLong(f.get(7)));
    }

    /**
     * A fan-out shard reads a range that starts a file (every range of a shard that covers whole files) with one GET,
     * header and rows together, as a whole-file scan does; a range further in reads the header apart, so it takes two.
     * The merged publication is what one pass publishes.
     */
    @Test
    void aShardReadsARangeFromTheFilesStartWithOneGet() throws Exception {
        byte[] whole = TestData.file(23, 0.02, TestData.HOUR, 0, 120_000);
        List<byte[]> parts = TestData.splitRecords(whole, 3);
        CountingStore in = new CountingStore(new LocalObjectStore(tmp.resolve("shard-in")), 0);
        write(new LocalObjectStore(tmp.resolve("shard-in")), parts);
        HourJob job = new HourJob(
                in,
                new LocalObjectStore(tmp.resolve("shard-out")),
                new EcommerceInsights(),
                JobOptions.defaults().withTempDir(tmp.resolve("shard-t")));

        List<dev.twinrun.core.job.ShardSpec> one = job.planShards(TestData.HOUR, 1);
        assertThat(one).hasSize(1);
        assertThat(one.get(0).ranges()).as("one whole-file range a file").hasSize(3);
        long before = in.gets.get();
        List<byte[]> results = new java.util.ArrayList<>();
        results.add(job.runShard(TestData.HOUR, one.get(0)));
        assertThat(in.gets.get() - before)
                .as("input GETs of one shard over 3 whole files")
                .isEqualTo(3);

        List<dev.twinrun.core.job.ShardSpec> seven = job.planShards(TestData.HOUR, 7);
        long starts = seven.stream()
                .flatMap(sh -> sh.ranges().stream())
                .filter(r -> r.start() == 0)
                .count();
        long later = seven.stream()
                .flatMap(sh -> sh.ranges().stream())
                .filter(r -> r.start() > 0)
                .count();
        assertThat(later).as("ranges that start inside a file").isPositive();
        before = in.gets.get();
        List<byte[]> cut = new java.util.ArrayList<>();
        for (dev.twinrun.core.job.ShardSpec sh : seven) {
            cut.add(job.runShard(TestData.HOUR, sh));
        }
        assertThat(in.gets.get() - before)
                .as("one GET a range from a file's start, two (header, range) a range further in")
                .isEqualTo(starts + 2 * later);
        job.mergeShards(TestData.HOUR, cut, "merge");
        JsonNode merged = Json.parse(
                TestData.published(new LocalObjectStore(tmp.resolve("shard-out")), TestData.HOUR, "summary.json"));
        assertThat(merged.path("totals")).isEqualTo(oneFile(whole).path("totals"));
    }

    /**
     * The wall time of the same hour on the embedded S3 with 20 ms added to every request (input and output), 2
     * parser threads; runs only with {@code -Dtwinrun.latency=true} and asserts the totals, never the time.
     */
    @Test
    void fiveThousandSmallFilesOnS3With20MsARequest() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("twinrun.latency"), "run with -Dtwinrun.latency=true");
        byte[] whole = TestData.file(17, 0.01, TestData.HOUR, 0, FILES * 880L);
        List<byte[]> parts = TestData.splitRecords(whole, FILES);
        JsonNode oracle = oneFile(whole);
        try (EmbeddedS3 s3 = EmbeddedS3.start().createBucket("small")) {
            write(Stores.openS3("s3://small/incoming", s3.client()), parts);
            // The job's own client configuration (S3Clients: standard retries).
            S3Client client = S3Clients.create(s3.endpoint(), Region.US_EAST_1, s3.credentials());
            CountingStore in = new CountingStore(Stores.openS3("s3://small/incoming", client), 20);
            CountingStore out = new CountingStore(Stores.openS3("s3://small", client), 20);
            long t0 = System.nanoTime();
            RunResult r = new HourJob(
                            in,
                            out,
                            new EcommerceInsights(),
                            JobOptions.defaults().withThreads(2).withTempDir(tmp.resolve("t")))
                    .run(TestData.HOUR);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
            assertThat(r.rowsRead())
                    .isEqualTo(oracle.path("accounting").path("rowsRead").asLong());
            assertThat(r.rowsQuarantined())
                    .isEqualTo(oracle.path("accounting").path("rowsQuarantined").asLong());
            client.close();
            System.out.printf(
                    "reliability: %,d files of about 1 KB on the embedded S3 with 20 ms a request, 2 threads: %.1f s,"
                            + " %,d input GETs, %,d requests in all%n",
                    FILES, ms / 1000.0, in.gets.get(), in.requests() + out.requests());
        }
    }

    private static long write(ObjectStore store, List<byte[]> parts) throws Exception {
        long bytes = 0;
        for (int i = 0; i < parts.size(); i++) {
            String key = TestData.HOUR.path() + "/part-" + String.format("%05d", i) + ".csv";
            for (int attempt = 1; ; attempt++) {
                try {
                    store.put(key, parts.get(i));
                    break;
                } catch (java.io.IOException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    Thread.sleep(100); // the embedded server now and then drops a pooled connection
                }
            }
            bytes += parts.get(i).length;
        }
        return bytes;
    }

    private JsonNode oneFile(byte[] whole) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "one");
        LocalObjectStore in = new LocalObjectStore(dir.resolve("in"));
        in.put(TestData.HOUR.path() + "/all.csv", whole);
        LocalObjectStore out = new LocalObjectStore(dir.resolve("out"));
        new HourJob(in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(dir.resolve("t")))
                .run(TestData.HOUR);
        return Json.parse(TestData.published(out, TestData.HOUR, "summary.json"));
    }
}
