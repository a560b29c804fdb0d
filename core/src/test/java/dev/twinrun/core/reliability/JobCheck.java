package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.TestData;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * Runs the whole hour job on given files and checks what every run must satisfy, whatever the bytes: it
 * ends within a time bound, it either publishes a self-consistent result (rows read = aggregated +
 * quarantined everywhere it is stated, manifest hashes match, every quarantined row is in the quarantine
 * file; an unusable file is skipped with its reason, the others are read) or throws {@link UnusableInputException}
 * and publishes nothing, and the result does not depend on how many threads and ranges parsed it.
 */
final class JobCheck {
    /** Small limits so long fields and rows are exercised by small inputs. */
    static final Limits SMALL = new Limits(256, 2048, 512);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reliability-job");
        t.setDaemon(true);
        return t;
    });

    /** What one input did; {@code unusableReason} lists the skipped files' reasons (null when none was skipped). */
    record Outcome(boolean published, RunResult result, Map<String, byte[]> outputs, String unusableReason) {}

    private JobCheck() {}

    /** Runs single-threaded and split into tiny ranges on 3 threads; both must agree. */
    static Outcome check(List<byte[]> files, Limits limits, long timeoutMs) throws Exception {
        Outcome one = runOnce(files, JobOptions.defaults().withThreads(1).withLimits(limits), timeoutMs);
        Outcome split = runOnce(
                files,
                JobOptions.defaults()
                        .withThreads(3)
                        .withMinSplitBytes(7)
                        .withRangesPerThread(4)
                        .withLimits(limits),
                timeoutMs);
        assertThat(split.published())
                .as("published or not, whatever the thread count")
                .isEqualTo(one.published());
        if (one.published()) {
            assertThat(TestData.publishedText(split.outputs(), AdversarialCsv.HOUR))
                    .as("outputs with 3 threads and 7-byte ranges")
                    .isNotEmpty()
                    .isEqualTo(TestData.publishedText(one.outputs(), AdversarialCsv.HOUR));
        }
        assertThat(split.unusableReason())
                .as("the same files skipped, for the same reason")
                .isEqualTo(one.unusableReason());
        return one;
    }

    static Outcome runOnce(List<byte[]> files, JobOptions options, long timeoutMs) throws Exception {
        Path dir = Files.createTempDirectory("twinrun-fuzz-");
        try {
            LocalObjectStore in = new LocalObjectStore(dir.resolve("in"));
            LocalObjectStore out = new LocalObjectStore(dir.resolve("out"));
            for (int i = 0; i < files.size(); i++) {
                in.put(AdversarialCsv.HOUR.path() + "/f" + i + ".csv", files.get(i));
            }
            HourJob job = new HourJob(in, out, new EcommerceInsights(), options.withTempDir(dir.resolve("tmp")));
            Future<RunResult> f = RUNNER.submit(() -> job.run(AdversarialCsv.HOUR));
            RunResult r;
            try {
                r = f.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return fail("the job did not finish within %d ms (hang)", timeoutMs);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnusableInputException u) {
                    assertThat(out.list(""))
                            .as("nothing published for an unusable hour (%s)", u.getMessage())
                            .isEmpty();
                    return new Outcome(false, null, Map.of(), u.reason());
                }
                throw new AssertionError("the job crashed: " + e.getCause(), e.getCause());
            }
            Map<String, byte[]> outputs = TestData.snapshot(out, "");
            verifyPublished(r, outputs, files, AdversarialCsv.HOUR);
            String skipped = r.skippedInputs().isEmpty()
                    ? null
                    : r.skippedInputs().stream()
                            .map(s -> s.key() + " " + s.reason() + ": " + s.detail())
                            .collect(Collectors.joining("; "));
            return new Outcome(true, r, outputs, skipped);
        } finally {
            deleteTree(dir);
        }
    }

    /** Everything a published hour states about its rows agrees, and the manifest vouches for every file. */
    static void verifyPublished(RunResult r, Map<String, byte[]> outputs, List<byte[]> files, HourId hour)
            throws IOException {
        assertThat(r.outcome()).as("outcome").isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.rowsRead())
                .as("rows read = aggregated + quarantined (run result)")
                .isEqualTo(r.rowsAggregated() + r.rowsQuarantined());
        assertThat(r.quarantinedByReason().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .as("quarantined by reason adds up")
                .isEqualTo(r.rowsQuarantined());
        long notSkipped = 0;
        for (int i = 0; i < files.size(); i++) {
            String key = hour.path() + "/f" + i + ".csv";
            if (r.skippedInputs().stream().noneMatch(s -> s.key().equals(key))) {
                notSkipped += files.get(i).length;
            }
        }
        assertThat(r.bytesRead()).as("bytes read (of the files not skipped)").isEqualTo(notSkipped);
        JsonNode acc =
                JSON.readTree(publishedFile(outputs, hour, "summary.json")).path("accounting");
        assertThat(acc.path("rowsRead").asLong()).as("summary rowsRead").isEqualTo(r.rowsRead());
        assertThat(acc.path("rowsAggregated").asLong())
                .as("summary rowsAggregated")
                .isEqualTo(r.rowsAggregated());
        assertThat(acc.path("rowsQuarantined").asLong())
                .as("summary rowsQuarantined")
                .isEqualTo(r.rowsQuarantined());
        assertThat(acc.path("invariantHolds").asBoolean())
                .as("summary invariantHolds")
                .isTrue();
        verifyManifest(outputs, hour);
        String q = new String(publishedFile(outputs, hour, HourJob.QUARANTINE_FILE), StandardCharsets.ISO_8859_1);
        try (CSVParser p = CSVParser.parse(
                new StringReader(q), CSVFormat.RFC4180.builder().setHeader().get())) {
            assertThat(p.stream().count()).as("records in rejected_rows.csv").isEqualTo(r.rowsQuarantined());
        }
    }

    /** The manifest lists every other object of the hour with its size and SHA-256, and nothing else. */
    static void verifyManifest(Map<String, byte[]> outputs, HourId hour) throws IOException {
        String manifestKey = HourJob.insightsKey(hour, HourJob.MANIFEST);
        assertThat(outputs).as("a manifest").containsKey(manifestKey);
        JsonNode m = JSON.readTree(outputs.get(manifestKey));
        Set<String> listed = new TreeSet<>();
        for (JsonNode o : m.path("outputs")) {
            String key = o.path("key").asText();
            listed.add(key);
            assertThat(outputs).as("listed output %s exists", key).containsKey(key);
            assertThat(sha256(outputs.get(key)))
                    .as("sha256 of %s matches the manifest", key)
                    .isEqualTo(o.path("sha256").asText());
            assertThat((long) outputs.get(key).length)
                    .as("size of %s", key)
                    .isEqualTo(o.path("sizeBytes").asLong());
        }
        String version = m.path("version").asText();
        assertThat(version).as("the pointer names a version").isNotEmpty();
        Set<String> present = new TreeSet<>();
        outputs.keySet().stream()
                .filter(k -> k.contains(hour.path() + "/" + HourJob.VERSION_FOLDER + version + "/"))
                .forEach(present::add);
        assertThat(listed)
                .as("the manifest lists exactly the files of its version")
                .isEqualTo(present);
        assertThat(outputs.keySet().stream()
                        .filter(k -> k.contains(hour.path() + "/")
                                && !k.equals(manifestKey)
                                && !k.contains(hour.path() + "/" + HourJob.VERSION_FOLDER)))
                .as("nothing of the hour outside its pointer and version folders")
                .isEmpty();
    }

    /** The bytes of the published file {@code name} of the hour in a snapshot, following its pointer. */
    static byte[] publishedFile(Map<String, byte[]> outputs, HourId hour, String name) throws IOException {
        JsonNode m = JSON.readTree(outputs.get(HourJob.insightsKey(hour, HourJob.MANIFEST)));
        for (JsonNode o : m.path("outputs")) {
            String key = o.path("key").asText();
            if (key.endsWith("/" + name)) {
                return outputs.get(key);
            }
        }
        throw new AssertionError("the manifest of " + hour + " lists no " + name);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Temp folders whose removal had to wait: a file appeared in them after the run had returned. */
    static final AtomicLong LATE_TEMP_WRITES = new AtomicLong();

    /**
     * Removes {@code dir}. A run that ends with an exception may return while one of its parse threads still writes
     * a spill file there (seen under a load average of 20 on 2 cores); the removal then tries again, up to 20 times
     * 100 ms apart, and counts it in {@link #LATE_TEMP_WRITES}.
     */
    static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                if (attempt == 1) {
                    LATE_TEMP_WRITES.incrementAndGet();
                }
                if (attempt >= 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Writes an input that broke a property where it can be copied into the regression folder. */
    static void keep(List<byte[]> files) {
        try {
            Path dir = Path.of("target", "reliability-found");
            Files.createDirectories(dir);
            for (int i = 0; i < files.size(); i++) {
                Files.write(dir.resolve(sha256(files.get(i)).substring(0, 12) + "-" + i + ".csv"), files.get(i));
            }
        } catch (IOException ignored) {
            // best effort: the property's failure message still shows the sample
        }
    }
}
