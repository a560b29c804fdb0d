package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out merge pins each input file by its entity tag, not only its size. */
class ShardPinTest {
    /** A file replaced by one of the same size after its shard read it: the merge must not publish the old bytes. */
    @Test
    void aFileReplacedWithTheSameSizeAfterItsShardRanFailsTheMerge(@TempDir Path root) throws Exception {
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        byte[] file = TestData.file(3, 0.0, TestData.HOUR, 0, 50_000);
        in.put(TestData.HOUR.path() + "/a.csv", file);
        HourJob job = new HourJob(
                in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(root.resolve("t")));
        List<byte[]> results = new ArrayList<>();
        for (ShardSpec s : job.planShards(TestData.HOUR, 2)) {
            results.add(job.runShard(TestData.HOUR, s));
        }
        byte[] replaced = file.clone();
        int digit = new String(replaced, StandardCharsets.ISO_8859_1).lastIndexOf(",1,");
        replaced[digit + 1] = '2'; // one quantity changes, the size does not
        Thread.sleep(5);
        in.put(TestData.HOUR.path() + "/a.csv", replaced);

        assertThatThrownBy(() -> job.mergeShards(TestData.HOUR, results, "merge"))
                .hasMessageContaining("input changed");
        assertThat(HourJob.published(out, TestData.HOUR))
                .as("nothing published")
                .isEmpty();
    }
}
