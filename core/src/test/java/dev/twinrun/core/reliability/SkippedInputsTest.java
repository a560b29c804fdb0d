package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.HourStatus;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.job.ShardSpec;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.transform.SkippedInput;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad object does not block the hour, and one file delivered twice is counted once: unusable files and duplicates
 * are skipped with their reason in the manifest and {@code data_quality.csv}, the same in one process and in shards.
 */
class SkippedInputsTest {
    static final String HOUR = TestData.HOUR.path() + "/";
    static EmbeddedS3 s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        StorageFaultTest.quietS3ProxyLogs();
        s3 = EmbeddedS3.start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    HourJob job(ObjectStore in, String out) {
        return new HourJob(
                in,
                new LocalObjectStore(tmp.resolve(out)),
                new EcommerceInsights(),
                JobOptions.defaults().withTempDir(tmp.resolve("t")));
    }

    static String publishedText(HourJob job, String name) throws Exception {
        return new String(TestData.published(job.output(), TestData.HOUR, name), StandardCharsets.UTF_8);
    }

    /** The manifest's skipped inputs as key -> reason. */
    static Map<String, String> skipped(HourJob job) throws Exception {
        JsonNode m = Json.parse(job.output().read(HourJob.insightsKey(TestData.HOUR, HourJob.MANIFEST)));
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode s : m.path("skippedInputs")) {
            out.put(s.path("key").asText(), s.path("reason").asText());
        }
        return out;
    }

    @Test
    void aPoisonKeyAndAnEmptyFileAreSkippedAndTheGoodRowsPublished() throws Exception {
        byte[] good = TestData.file(7, 0.02, TestData.HOUR, 0, 60_000);
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        in.put(HOUR + "good.csv", good);
        in.put(HOUR + "empty.csv", new byte[0]);
        // The store refuses to write such a key, but a folder (or a bucket) can hold one.
        Files.write(tmp.resolve("in").resolve(HOUR + "a\\..\\b.csv"), good);
        LocalObjectStore alone = new LocalObjectStore(tmp.resolve("alone"));
        alone.put(HOUR + "good.csv", good);

        HourJob job = job(in, "out");
        RunResult r = job.run(TestData.HOUR);
        HourJob aloneJob = job(alone, "out-alone");
        RunResult reference = aloneJob.run(TestData.HOUR);

        assertThat(r.outcome()).as("the hour is published").isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.files()).as("files read").isEqualTo(1);
        assertThat(r.rowsRead()).as("the good file's rows").isEqualTo(reference.rowsRead());
        assertThat(r.skippedInputs())
                .extracting(SkippedInput::key, SkippedInput::reason)
                .as("the skipped inputs of the run")
                .containsExactly(
                        tuple(HOUR + "a\\..\\b.csv", SkippedInput.UNSAFE_KEY),
                        tuple(HOUR + "empty.csv", SkippedInput.EMPTY_FILE));
        assertThat(skipped(job))
                .as("the manifest names both skipped keys with their reasons")
                .containsExactly(
                        Map.entry(HOUR + "a\\..\\b.csv", SkippedInput.UNSAFE_KEY),
                        Map.entry(HOUR + "empty.csv", SkippedInput.EMPTY_FILE));
        String dq = publishedText(job, "data_quality.csv");
        assertThat(dq)
                .as("data_quality.csv names both skipped keys with their reasons")
                .startsWith("reason,rows,file,detail\n")
                .contains("unsafe_key,," + HOUR + "a\\..\\b.csv,")
                .contains("empty_file,," + HOUR + "empty.csv,the file is empty (0 bytes)\n");
        JsonNode summary = Json.parse(TestData.published(job.output(), TestData.HOUR, "summary.json"));
        JsonNode alsoAlone = Json.parse(TestData.published(aloneJob.output(), TestData.HOUR, "summary.json"));
        assertThat(summary.path("totals"))
                .as("the totals are those of the good file alone")
                .isEqualTo(alsoAlone.path("totals"));
    }

    @Test
    void aFileWithAnUnusableHeaderIsSkippedTheSameWayInOneProcessAndInShards() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        in.put(HOUR + "a.csv", TestData.file(3, 0.05, TestData.HOUR, 0, 80_000));
        in.put(HOUR + "b.csv", TestData.file(4, 0.05, TestData.HOUR, 1, 80_000));
        in.put(
                HOUR + "no-price.csv",
                "event_id,event_time\ne1,2026-11-26T13:00:00Z\n".getBytes(StandardCharsets.UTF_8));
        in.put(HOUR + "twice.csv", "a,a\n1,2\n".getBytes(StandardCharsets.UTF_8));

        HourJob one = job(in, "one");
        RunResult r = one.run(TestData.HOUR);
        assertThat(r.files()).as("files read").isEqualTo(2);
        assertThat(skipped(one))
                .as("the manifest names the two unusable files")
                .containsExactly(
                        Map.entry(HOUR + "no-price.csv", SkippedInput.UNUSABLE_HEADER),
                        Map.entry(HOUR + "twice.csv", SkippedInput.UNUSABLE_HEADER));
        assertThat(publishedText(one, "data_quality.csv"))
                .as("the reasons in data_quality.csv")
                .contains("unusable_header,," + HOUR + "no-price.csv,")
                .contains("appears twice");

        for (int shards : new int[] {1, 3, 7}) {
            HourJob sharded = job(in, "shards-" + shards);
            List<byte[]> results = new ArrayList<>();
            for (ShardSpec s : sharded.planShards(TestData.HOUR, shards)) {
                results.add(sharded.runShard(TestData.HOUR, s));
            }
            sharded.mergeShards(TestData.HOUR, results, "merge");
            assertThat(TestData.publishedText(TestData.snapshot(sharded.output(), ""), TestData.HOUR))
                    .as("%d shards publish what one process does", shards)
                    .isEqualTo(TestData.publishedText(TestData.snapshot(one.output(), ""), TestData.HOUR));
        }
    }

    @Test
    void anHourWhoseEveryFileIsUnusableIsPublishedEmptyWithTheReasons() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        in.put(HOUR + "empty.csv", new byte[0]);
        in.put(HOUR + "bom-only.csv", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});

        HourJob job = job(in, "out");
        RunResult r = job.run(TestData.HOUR);

        assertThat(r.outcome()).as("published, with no rows").isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.rowsRead()).as("rows").isZero();
        assertThat(r.skippedInputs()).as("both files skipped").hasSize(2);
        assertThat(job.status(TestData.HOUR))
                .as("the hour is current, not due again")
                .isEqualTo(HourStatus.CURRENT);
        assertThat(job.run(TestData.HOUR).outcome()).as("a rerun").isEqualTo(RunResult.Outcome.ALREADY_CURRENT);
        assertThat(job.run(TestData.HOUR).skippedInputs())
                .as("a current hour's result still names what its publication skipped")
                .hasSize(2);
    }

    @Test
    void aFileDeliveredTwiceUnderTwoNamesIsCountedOnceOnBothStores() throws Exception {
        byte[] part = TestData.file(11, 0.03, TestData.HOUR, 0, 70_000);
        byte[] other = TestData.file(12, 0.03, TestData.HOUR, 1, 70_000);
        s3.createBucket("dup");
        List<ObjectStore> stores =
                List.of(new LocalObjectStore(tmp.resolve("in")), new S3ObjectStore(s3.client(), "dup", "incoming"));
        LocalObjectStore once = new LocalObjectStore(tmp.resolve("once"));
        once.put(HOUR + "part-0000.csv", part);
        once.put(HOUR + "part-0001.csv", other);
        HourJob reference = job(once, "out-once");
        reference.run(TestData.HOUR);
        JsonNode expected = Json.parse(TestData.published(reference.output(), TestData.HOUR, "summary.json"));

        int n = 0;
        for (ObjectStore in : stores) {
            in.put(HOUR + "part-0000.csv", part);
            in.put(HOUR + "part-0000 (1).csv", part);
            in.put(HOUR + "part-0001.csv", other);
            HourJob job = job(in, "out-" + n++);
            RunResult r = job.run(TestData.HOUR);
            JsonNode summary = Json.parse(TestData.published(job.output(), TestData.HOUR, "summary.json"));
            assertThat(summary.path("totals"))
                    .as("%s: the totals of the hour with the file once", in.describe())
                    .isEqualTo(expected.path("totals"));
            assertThat(summary.path("accounting"))
                    .as("%s: files, bytes and rows of the hour with the file once", in.describe())
                    .isEqualTo(expected.path("accounting"));
            assertThat(r.files()).as("files read").isEqualTo(2);
            assertThat(skipped(job))
                    .as("%s: the copy is named as a duplicate", in.describe())
                    .containsExactly(Map.entry(HOUR + "part-0000 (1).csv", SkippedInput.DUPLICATE_INPUT));
            assertThat(publishedText(job, "data_quality.csv"))
                    .as("%s: data_quality.csv names both names", in.describe())
                    .contains("duplicate_input,," + HOUR + "part-0000 (1).csv,")
                    .contains("the same bytes as " + HOUR + "part-0000.csv");

            List<byte[]> results = new ArrayList<>();
            HourJob sharded = job(in, "shards-" + n);
            for (ShardSpec s : sharded.planShards(TestData.HOUR, 4)) {
                assertThat(s.ranges())
                        .as("the plan does not read the copy")
                        .noneMatch(x -> x.key().endsWith("(1).csv"));
                results.add(sharded.runShard(TestData.HOUR, s));
            }
            sharded.mergeShards(TestData.HOUR, results, "merge");
            assertThat(TestData.publishedText(TestData.snapshot(sharded.output(), ""), TestData.HOUR))
                    .as("%s: shards publish what one process does", in.describe())
                    .isEqualTo(TestData.publishedText(TestData.snapshot(job.output(), ""), TestData.HOUR));
        }
    }

    @Test
    void filesOfEqualSizeAndDifferentBytesAreBothRead() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        byte[] a = TestData.file(21, 0, TestData.HOUR, 0, 30_000);
        byte[] b = a.clone();
        // Same size, one byte different (inside the last row's event id).
        int i = b.length - 2;
        while (b[i] == ',' || b[i] == '\n') {
            i--;
        }
        b[i] = (byte) (b[i] == 'x' ? 'y' : 'x');
        in.put(HOUR + "a.csv", a);
        in.put(HOUR + "b.csv", b);
        RunResult r = job(in, "out").run(TestData.HOUR);
        assertThat(r.files()).as("both files read").isEqualTo(2);
        assertThat(r.skippedInputs()).as("no duplicate").isEmpty();
    }
}
