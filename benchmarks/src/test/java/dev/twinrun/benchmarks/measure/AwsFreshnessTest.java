package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS target's time to insight read from a bucket through the SDK's ListObjectsV2 and GetObject, here against the
 * in-process S3 server: a real publication's pointer names the hour's last file, and a file landed after it is not
 * counted until a publication names it.
 */
class AwsFreshnessTest {
    private static final HourId HOUR = HourId.parse("2026-12-02T12");
    private static final HourId EMPTY = HourId.parse("2026-12-02T13");

    @TempDir
    Path tmp;

    @Test
    void fromTheLastInputObjectToThePointerThatNamesIt() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                S3Client client = S3Clients.create(s3.endpoint(), Region.US_EAST_1, s3.credentials());
                AwsSdkApi api = new AwsSdkApi(Region.US_EAST_1, client)) {
            s3.createBucket("bkt");
            S3ObjectStore in = new S3ObjectStore(client, "bkt", Bucket.INPUT_PREFIX);
            List<String> keys = new EventGenerator(7, 0.01).writeHour(in, HOUR, 60_000, 2);
            in.put(HOUR.path() + "/_COMPLETE", new byte[0]);
            Thread.sleep(1_100); // LastModified is in whole seconds
            HourJob job = new HourJob(
                    in,
                    new S3ObjectStore(client, "bkt", "lambda/"),
                    new EcommerceInsights(),
                    JobOptions.defaults().withTempDir(tmp));
            job.run(HOUR);
            AwsApi.Objects objects = api.objects("bkt");

            List<AwsFreshness.Sample> samples =
                    AwsFreshness.read(objects, Bucket.INPUT_PREFIX, "lambda/", List.of(HOUR, EMPTY));

            assertThat(samples).hasSize(1);
            AwsFreshness.Sample s = samples.get(0);
            assertThat(keys).contains(s.lastKey());
            assertThat(s.published()).isAfterOrEqualTo(s.landed().plusSeconds(1));
            assertThat(s.ms()).isBetween(1_000L, Duration.ofMinutes(1).toMillis());

            Thread.sleep(1_100);
            in.put(HOUR.path() + "/part-late.csv", in.read(keys.get(0)));
            assertThat(AwsFreshness.read(objects, Bucket.INPUT_PREFIX, "lambda/", List.of(HOUR)))
                    .as("a file newer than the publication: no figure until a publication names it")
                    .isEmpty();
            job.run(HOUR);
            assertThat(AwsFreshness.read(objects, Bucket.INPUT_PREFIX, "lambda/", List.of(HOUR)))
                    .singleElement()
                    .satisfies(late -> assertThat(late.lastKey()).isEqualTo(HOUR.path() + "/part-late.csv"));
            assertThat(AwsFreshness.line("Lambda", List.of(), 2)).contains("none of the 2 hour(s)");
        }
    }
}
