package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file is cut into one range per thread by default, {@code rangesPerThread} per thread when asked, and the hour
 * publishes the same either way. Each range is one GET of the input after the header's; the file has no quoted fields,
 * so every guessed range start is right and no range is read twice.
 */
class RangesPerThreadTest {
    private static final String KEY = TestData.HOUR.path() + "/part-0.csv";

    @TempDir
    Path tmp;

    private static byte[] file() {
        StringBuilder b = new StringBuilder(String.join(",", EcommerceInsights.COLUMNS)).append('\n');
        for (int i = 0; i < 20_000; i++) {
            b.append("e")
                    .append(i)
                    .append(",2026-11-26T13:")
                    .append(String.format("%02d", i % 60))
                    .append(":00Z,purchase,u")
                    .append(i % 700)
                    .append(",s")
                    .append(i % 900)
                    .append(",P")
                    .append(i % 50)
                    .append(",cat,12.50,2,EUR,email,c")
                    .append(i % 7)
                    .append(",DE,mobile\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long gets(String name, JobOptions options, Map<String, String> published) throws Exception {
        LocalObjectStore local = new LocalObjectStore(tmp.resolve(name + "-in"));
        local.put(KEY, file());
        CountingStore in = new CountingStore(local, 0);
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name + "-out"));
        var r = new HourJob(in, out, new EcommerceInsights(), options.withTempDir(tmp.resolve(name)))
                .run(TestData.HOUR);
        assertThat(r.rowsAggregated()).isEqualTo(20_000);
        for (String f : new String[] {"breakdown_channel_campaign.csv", "top_products.csv"}) {
            published.put(
                    name + "/" + f, new String(TestData.published(out, TestData.HOUR, f), StandardCharsets.UTF_8));
        }
        return in.gets.get();
    }

    @Test
    void aFileIsCutIntoARangePerThreadUnlessMoreAreAsked() throws Exception {
        JobOptions two = JobOptions.defaults().withThreads(2).withMinSplitBytes(16 * 1024);
        Map<String, String> published = new java.util.TreeMap<>();

        assertThat(gets("default", two, published))
                .as("the header's GET and a range per thread")
                .isEqualTo(1 + 2);
        assertThat(gets("three", two.withRangesPerThread(3), published)).isEqualTo(1 + 6);

        assertThat(published.get("three/breakdown_channel_campaign.csv"))
                .isEqualTo(published.get("default/breakdown_channel_campaign.csv"));
        assertThat(published.get("three/top_products.csv")).isEqualTo(published.get("default/top_products.csv"));
    }

    @Test
    void rangesPerThreadIsAtLeastOne() {
        assertThatThrownBy(() -> JobOptions.defaults().withRangesPerThread(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rangesPerThread");
    }
}
