package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3RequestCounterTest {
    @TempDir
    Path tmp;

    @Test
    void countsWhatTheJobsStoreAsksAndPassesItThrough() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                S3RequestCounter counter = S3RequestCounter.start(s3.endpoint(), "bkt", "out/insights/");
                S3Client client = S3Clients.create(counter.endpoint(), Region.US_EAST_1, s3.credentials())) {
            s3.createBucket("bkt");
            ObjectStore store = new S3ObjectStore(client, "bkt", "out/");
            byte[] big = new byte[3 << 20];
            java.util.Arrays.fill(big, (byte) 'x');
            store.put("_partials/dt=2026-01-05/hour=00/a.twrs", "partial".getBytes(StandardCharsets.US_ASCII));
            store.put("insights/big.bin", big);
            Path file = Files.write(tmp.resolve("f"), "from a file".getBytes(StandardCharsets.US_ASCII));
            store.put("insights/f.txt", file);
            assertThat(store.putIf("insights/_SUCCESS", "1".getBytes(StandardCharsets.US_ASCII), null))
                    .isTrue();
            assertThat(store.putIf("insights/_SUCCESS", "2".getBytes(StandardCharsets.US_ASCII), null))
                    .as("If-None-Match passes through")
                    .isFalse();
            assertThat(store.read("insights/big.bin")).isEqualTo(big);
            assertThat(new String(store.read("_partials/dt=2026-01-05/hour=00/a.twrs"), StandardCharsets.US_ASCII))
                    .isEqualTo("partial");
            assertThat(store.head("insights/big.bin").orElseThrow().sizeBytes())
                    .as("HEAD keeps its Content-Length")
                    .isEqualTo(big.length);
            assertThat(store.head("insights/none")).isEmpty();
            assertThat(store.list("_partials/")).hasSize(1);
            assertThat(store.list("insights/")).hasSize(3);
            store.delete("insights/f.txt");

            assertThat(counter.inputBytes())
                    .as("the one GET under the input prefix")
                    .isEqualTo(big.length);
            Map<String, Long> c = counter.counts();
            assertThat(c.get(S3RequestCounter.PARTIALS + S3RequestCounter.PUT)).isEqualTo(1);
            assertThat(c.get(S3RequestCounter.PARTIALS + S3RequestCounter.GET)).isEqualTo(1);
            assertThat(c.get(S3RequestCounter.PARTIALS + S3RequestCounter.LIST)).isEqualTo(1);
            assertThat(c.get(S3RequestCounter.PUT))
                    .as("two puts, two conditional")
                    .isEqualTo(4);
            assertThat(c.get(S3RequestCounter.GET)).isEqualTo(1);
            assertThat(c.get(S3RequestCounter.HEAD))
                    .as("the two heads (the SDK may repeat one)")
                    .isBetween(2L, 3L);
            assertThat(c.get(S3RequestCounter.LIST)).isEqualTo(1);
            assertThat(c.get(S3RequestCounter.DELETE)).isEqualTo(1);
        }
    }

    @Test
    void kindsFromMethodAndPath() {
        assertThat(S3RequestCounter.kind("GET", "/b", "list-type=2&prefix=in%2Fdt%3D2026"))
                .isEqualTo("LIST");
        assertThat(S3RequestCounter.kind("GET", "/b/", "list-type=2&prefix=out%2F_partials%2Fdt"))
                .isEqualTo("partials.LIST");
        assertThat(S3RequestCounter.kind("GET", "/b/in/dt=2026-01-05/hour=00/a.csv", null))
                .isEqualTo("GET");
        assertThat(S3RequestCounter.kind("POST", "/b", "delete")).isEqualTo("DELETE");
        assertThat(S3RequestCounter.kind("PUT", "/b", null))
                .as("bucket creation")
                .isNull();
    }
}
