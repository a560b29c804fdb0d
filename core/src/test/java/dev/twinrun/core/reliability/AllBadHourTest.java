package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An hour whose rows all belong to the next hour (every row quarantined), 40 MB in 4 files, with a raw-copy cap of
 * 1 MiB for the hour: counts stay exact, raw copies stop at the cap and the manifest says how many were omitted, temp
 * space stays under twice the input's size (the list of rows, spilled while read and as the CSV; before the cap,
 * every row's copy was in both, as raw bytes and again as text and base64), and the quarantine file goes up to S3 as a multipart upload of several parts.
 */
class AllBadHourTest {
    static final int FILES = 4;
    static final long FILE_BYTES = 10_000_000;
    static final long CAP = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void anAllBadHourKeepsRawCopiesUpToTheHoursCapAndUploadsItsQuarantineInParts() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start().createBucket("allbad")) {
            S3ObjectStore in = Stores.openS3("s3://allbad/incoming", s3.client());
            S3ObjectStore out = Stores.openS3("s3://allbad", s3.client()).withPartSize(5L << 20);
            long bytes = 0;
            LocalObjectStore ownHour = new LocalObjectStore(tmp.resolve("own"));
            for (int i = 0; i < FILES; i++) {
                byte[] f = TestData.file(31 + i, 0, TestData.HOUR.next(), i, FILE_BYTES);
                in.put(TestData.HOUR.path() + "/part-" + i + ".csv", f);
                ownHour.put(TestData.HOUR.next().path() + "/part-" + i + ".csv", f);
                bytes += f.length;
            }
            // The same files under their own hour: every row aggregated, none quarantined.
            RunResult own = new HourJob(
                            ownHour,
                            new LocalObjectStore(tmp.resolve("own-out")),
                            new EcommerceInsights(),
                            JobOptions.defaults().withTempDir(tmp.resolve("own-t")))
                    .run(TestData.HOUR.next());
            assertThat(own.rowsQuarantined())
                    .as("the rows are good in their own hour")
                    .isZero();
            long rows = own.rowsRead();
            Path temp = tmp.resolve("t");
            AtomicLong peakTemp = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peakTemp.accumulateAndGet(size(temp), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            RunResult r;
            try {
                r = new HourJob(
                                in,
                                out,
                                new EcommerceInsights(),
                                JobOptions.defaults()
                                        .withThreads(2)
                                        .withTempDir(temp)
                                        .withRawCopyBytesPerHour(CAP))
                        .run(TestData.HOUR);
            } finally {
                running.set(false);
                sampler.join();
            }
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
            assertThat(r.rowsRead()).as("rows read").isEqualTo(rows);
            assertThat(r.rowsAggregated()).as("no row is of this hour").isZero();
            assertThat(r.rowsQuarantined()).as("every row quarantined").isEqualTo(rows);
            assertThat(r.quarantinedByReason()).containsOnlyKeys("event_time_outside_hour");

            Publication p = Publication.current(out, TestData.HOUR).orElseThrow();
            String qKey = p.files().get(HourJob.QUARANTINE_FILE).key();
            List<String> lines =
                    new String(out.read(qKey), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).as("header + one line a row").hasSize((int) rows + 1);
            long kept = 0;
            long keptBytes = 0;
            boolean stopped = false;
            for (String line : lines.subList(1, lines.size())) {
                String last = line.substring(line.lastIndexOf(',') + 1);
                if (last.isEmpty()) {
                    stopped = true;
                    assertThat(line).as("a row without its raw copy says so").endsWith(",true,,");
                } else {
                    assertThat(stopped)
                            .as("no raw copy after the first omitted one")
                            .isFalse();
                    kept++;
                    keptBytes += Base64.getDecoder().decode(last.substring("base64:".length())).length;
                }
            }
            assertThat(keptBytes).as("raw bytes kept").isPositive().isLessThanOrEqualTo(CAP);
            JsonNode q = null;
            for (JsonNode o : p.manifest().path("outputs")) {
                if (o.path("key").asText().equals(qKey)) {
                    q = o;
                }
            }
            assertThat(q).as("the quarantine in the manifest").isNotNull();
            assertThat(q.path("rawCopiesOmitted").asLong())
                    .as("the manifest counts the omitted raw copies")
                    .isEqualTo(rows - kept);
            String etag = out.head(qKey).orElseThrow().etag();
            assertThat(etag)
                    .as("a multipart upload's ETag ends in its part count")
                    .matches(".*-[0-9]+");
            int parts = Integer.parseInt(etag.substring(etag.lastIndexOf('-') + 1));
            assertThat(parts).as("parts of the quarantine upload").isGreaterThan(1);
            assertThat(peakTemp.get())
                    .as("peak temp space: the row list, spilled and as CSV, and 1 MiB of copies")
                    .isLessThan(2 * bytes);
            assertThat(size(temp)).as("temp space left after the run").isZero();
            System.out.printf(
                    "reliability: all-bad hour of %d MB (%,d rows, %d files), raw-copy cap %d MiB: %,d rows"
                            + " quarantined, %,d raw copies kept (%,d bytes), %,d omitted; quarantine %d MB in %d"
                            + " parts; peak temp %d MB%n",
                    bytes / 1_000_000,
                    rows,
                    FILES,
                    CAP >> 20,
                    r.rowsQuarantined(),
                    kept,
                    keptBytes,
                    rows - kept,
                    p.files().get(HourJob.QUARANTINE_FILE).sizeBytes() / 1_000_000,
                    parts,
                    peakTemp.get() / 1_000_000);
        }
    }

    @Test
    void theHoursRawCopyCapGivesTheSameQuarantineForAnySplitIntoRanges() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("split-in"));
        for (int i = 0; i < 3; i++) {
            in.put(
                    TestData.HOUR.path() + "/part-" + i + ".csv",
                    TestData.file(41 + i, 0.3, TestData.HOUR.next(), i, 120_000));
        }
        byte[] one = quarantine(in, JobOptions.defaults().withThreads(1), "one");
        byte[] many = quarantine(
                in, JobOptions.defaults().withThreads(3).withMinSplitBytes(4096).withRangesPerThread(4), "many");
        assertThat(new String(many, StandardCharsets.UTF_8))
                .as("3 threads over 4 KiB ranges write the quarantine 1 thread writes")
                .isEqualTo(new String(one, StandardCharsets.UTF_8));
        long omitted = new String(one, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.endsWith(",true,,"))
                .count();
        assertThat(omitted).as("the 20 KiB cap was reached").isPositive();
    }

    private byte[] quarantine(LocalObjectStore in, JobOptions o, String name) throws Exception {
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name));
        RunResult r = new HourJob(
                        in,
                        out,
                        new EcommerceInsights(),
                        o.withTempDir(tmp.resolve(name + "-t")).withRawCopyBytesPerHour(20 << 10))
                .run(TestData.HOUR);
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        return TestData.published(out, TestData.HOUR, HourJob.QUARANTINE_FILE);
    }

    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException gone) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return 0;
        }
    }
}
