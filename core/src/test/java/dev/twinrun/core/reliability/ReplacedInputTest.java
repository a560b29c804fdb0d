package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An input replaced while the run reads it is never published as a mix under the old ETag. */
class ReplacedInputTest {
    @TempDir
    Path tmp;

    @Test
    void anInputReplacedBetweenItsListingAndItsReadIsReadAgainNotMixed() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start().createBucket("replaced")) {
            S3ObjectStore in = new S3ObjectStore(s3.client(), "replaced", "incoming");
            S3ObjectStore out = new S3ObjectStore(s3.client(), "replaced", "");
            String key = TestData.HOUR.path() + "/a.csv";
            in.put(key, TestData.file(11, 0.0, TestData.HOUR, 0, 30_000));
            byte[] second = TestData.file(12, 0.0, TestData.HOUR, 0, 60_000);
            AtomicInteger opens = new AtomicInteger();
            ObjectStore replacing = new ConcurrentRunsTest.Delegating(in) {
                private void replaceOnSecondOpen() throws IOException {
                    if (opens.incrementAndGet() == 2) {
                        in.put(key, second); // after the header was read, before the data
                    }
                }

                @Override
                public InputStream open(String k, long offset) throws IOException {
                    replaceOnSecondOpen();
                    return super.open(k, offset);
                }

                @Override
                public InputStream open(String k, long offset, String etag) throws IOException {
                    replaceOnSecondOpen();
                    return super.open(k, offset, etag);
                }
            };
            JobOptions o = JobOptions.defaults().withThreads(1).withTempDir(tmp.resolve("t"));
            new HourJob(replacing, out, new EcommerceInsights(), o).run(TestData.HOUR);

            var manifest = HourJob.published(out, TestData.HOUR).orElseThrow().manifest();
            assertThat(manifest.path("inputs").get(0).path("etag").asText())
                    .as("the manifest names the version that was read")
                    .isEqualTo(in.head(key).orElseThrow().etag());
            long rows = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                    .path("accounting")
                    .path("rowsRead")
                    .asLong();
            S3ObjectStore fresh = new S3ObjectStore(s3.client(), "replaced", "fresh");
            assertThat(rows)
                    .as("rows of the new version only")
                    .isEqualTo(new HourJob(in, fresh, new EcommerceInsights(), o)
                            .run(TestData.HOUR)
                            .rowsRead());
        }
    }
}
