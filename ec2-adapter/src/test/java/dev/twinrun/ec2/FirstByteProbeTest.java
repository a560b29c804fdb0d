package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.local.s3.EmbeddedS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class FirstByteProbeTest {
    @Test
    void onlyReadingAnInputObjectsBytesCountsAsTheFirstRow() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start().createBucket("probe")) {
            s3.client()
                    .putObject(
                            b -> b.bucket("probe").key("incoming/dt=2026-11-20/hour=10/a.csv"),
                            RequestBody.fromString("h\n1\n"));
            s3.client()
                    .putObject(
                            b -> b.bucket("probe").key("insights/dt=2026-11-20/hour=10/_SUCCESS"),
                            RequestBody.fromString("{}"));
            FirstByteProbe probe = new FirstByteProbe(k -> k.startsWith("incoming/"));
            S3Client client = probe.wrap(s3.newClient());

            try (var manifest =
                    client.getObject(b -> b.bucket("probe").key("insights/dt=2026-11-20/hour=10/_SUCCESS"))) {
                assertThat(manifest.readAllBytes())
                        .as("manifest bytes pass through")
                        .hasSize(2);
            }
            assertThat(probe.firstReadEpochMs())
                    .as("after reading only a manifest")
                    .isEqualTo(-1);
            var input = client.getObject(b -> b.bucket("probe").key("incoming/dt=2026-11-20/hour=10/a.csv"));
            assertThat(probe.firstReadEpochMs()).as("opening is not reading").isEqualTo(-1);
            long before = System.currentTimeMillis();
            assertThat(new String(input.readAllBytes()))
                    .as("input bytes pass through")
                    .isEqualTo("h\n1\n");
            input.close();
            assertThat(probe.firstReadEpochMs())
                    .as("first input read noted")
                    .isBetween(before, System.currentTimeMillis());
            assertThat(client.listObjectsV2(b -> b.bucket("probe")).contents())
                    .as("other calls pass through")
                    .hasSize(2);
            client.close();
        }
    }
}
