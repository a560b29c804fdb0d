package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store against a real S3 API served in-process (s3proxy), not a mock, through the SDK's client; {@link
 * HttpS3ObjectStoreTest} runs every test again through the signed REST calls of {@link HttpS3Wire}.
 */
class S3ObjectStoreTest {
    static EmbeddedS3 s3;

    /** The store at {@code s3://bucket/prefix} of the embedded server, through the transport under test. */
    S3ObjectStore store(String location) {
        return Stores.openS3(location, s3.client());
    }

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start().createBucket("data");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void putListHeadRangeReadAndDeleteUnderAPrefix() throws Exception {
        S3ObjectStore store = store("s3://data/team-a");
        store.put("dt=2026-11-26/hour=13/b.csv", "bbbb".getBytes(StandardCharsets.UTF_8));
        store.put("dt=2026-11-26/hour=13/a.csv", "0123456789".getBytes(StandardCharsets.UTF_8));
        store("s3://data/team-b").put("dt=2026-11-26/hour=13/c.csv", new byte[3]);

        List<ObjectInfo> listed = store.list("dt=2026-11-26/");
        assertThat(listed)
                .extracting(ObjectInfo::key)
                .as("sorted, relative to the prefix, other prefixes unseen")
                .containsExactly("dt=2026-11-26/hour=13/a.csv", "dt=2026-11-26/hour=13/b.csv");
        assertThat(listed.get(0).sizeBytes()).isEqualTo(10);
        assertThat(listed.get(0).etag()).as("etag without quotes").isNotBlank().doesNotContain("\"");
        try (InputStream in = store.open("dt=2026-11-26/hour=13/a.csv", 7)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("ranged read")
                    .isEqualTo("789");
        }
        assertThat(store.head("dt=2026-11-26/hour=13/missing.csv")).isEmpty();
        store.delete("dt=2026-11-26/hour=13/b.csv");
        store.delete("dt=2026-11-26/hour=13/b.csv");
        assertThat(store.list("")).hasSize(1);
        assertThatThrownBy(() -> store.put("../team-b/x", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionalPutAndConditionalGetAreHonouredByTheEmbeddedS3() throws Exception {
        S3ObjectStore store = store("s3://data/cond");
        ConditionalStoreContract.check(store);
    }

    @Test
    void anUploadGoesUpInPartsAndIsVisibleOnlyAfterItsCommit() throws Exception {
        S3ObjectStore store = store("s3://data/multipart").withPartSize(5L << 20);
        UploadContract.check(store, 12 << 20);
        assertThat(store.head("up/big.bin").orElseThrow().etag())
                .as("a multipart object's ETag ends in its part count: 12 MiB in 5 MiB parts")
                .endsWith("-3");
        assertThat(store.head("up/from-file.bin").orElseThrow().etag())
                .as("a file larger than one part goes up in parts")
                .endsWith("-3");
        assertThat(s3.client()
                        .listMultipartUploads(b -> b.bucket("data").prefix("multipart/"))
                        .uploads())
                .as("the discarded upload was aborted")
                .isEmpty();
    }

    @Test
    void thePartSizeStaysWithinS3sLimits() {
        S3ObjectStore store = store("s3://data/p");
        assertThat(store.partBytes()).isEqualTo(S3ObjectStore.DEFAULT_PART_BYTES);
        assertThatThrownBy(() -> store.withPartSize((5L << 20) - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5242880");
    }

    @Test
    void theJobOnS3PublishesTheSameBytesAsOnLocalDisk(@TempDir Path tmp) throws Exception {
        s3.createBucket("job");
        S3ObjectStore in = store("s3://job/incoming");
        S3ObjectStore out = store("s3://job");
        byte[] file = TestData.file(9, 0.03, TestData.HOUR, 0, 2_000_000);
        in.put(TestData.HOUR.path() + "/part-0.csv", file);
        JobOptions o = JobOptions.defaults().withTempDir(tmp.resolve("t")).withMinSplitBytes(256 * 1024);
        RunResult r = new HourJob(in, out, new EcommerceInsights(), o).run(TestData.HOUR);
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);

        var localIn = new LocalObjectStore(tmp.resolve("in"));
        var localOut = new LocalObjectStore(tmp.resolve("out"));
        localIn.put(TestData.HOUR.path() + "/part-0.csv", file);
        new HourJob(localIn, localOut, new EcommerceInsights(), o).run(TestData.HOUR);

        Map<String, String> onS3 = TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR);
        Map<String, String> onDisk = TestData.publishedText(TestData.snapshot(localOut, ""), TestData.HOUR);
        assertThat(onS3)
                .as("published files (the manifest and version id record each store's etags)")
                .containsKey(HourJob.QUARANTINE_FILE)
                .isEqualTo(onDisk);
    }
}
