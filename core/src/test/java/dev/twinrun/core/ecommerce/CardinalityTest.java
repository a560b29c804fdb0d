package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No cardinality cliff: more distinct values than a dictionary holds still publish the hour, totals exact. */
class CardinalityTest {
    @TempDir
    Path tmp;

    @Test
    void moreThanTwoToThe21DistinctProductIdsPublishTheHour() throws Exception {
        int products = (1 << 21) + 1000;
        ByteArrayOutputStream csv = new ByteArrayOutputStream(products * 60);
        csv.writeBytes((String.join(",", EcommerceInsights.COLUMNS) + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] prefix = "e,2026-11-26T13:30:00Z,purchase,u,s,P".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = ",c,1.25,1,USD,,,,\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < products; i++) {
            csv.writeBytes(prefix);
            csv.writeBytes(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
            csv.writeBytes(suffix);
        }
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        in.put(TestData.HOUR.path() + "/a.csv", csv.toByteArray());
        csv = null;
        var r = new HourJob(
                        in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t")))
                .run(TestData.HOUR);
        assertThat(r.rowsAggregated()).isEqualTo(products);
        JsonNode revenue = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("totals")
                .path("revenue")
                .get(0);
        assertThat(revenue.path("orders").asLong()).isEqualTo(products);
        assertThat(revenue.path("grossRevenue").asText())
                .isEqualTo(new BigDecimal("1.25")
                        .multiply(BigDecimal.valueOf(products))
                        .setScale(2)
                        .toPlainString());
        String top = new String(TestData.published(out, TestData.HOUR, "top_products.csv"), StandardCharsets.UTF_8);
        assertThat(top)
                .as("the values past the cap are one line, first by net revenue")
                .contains("USD,1," + ByteDict.OTHER_LABEL + ",");
    }

    @Test
    void aFullDictionaryFoldsNewValuesIntoOneBucketThatMerges() {
        ByteDict a = new ByteDict("x", 4);
        for (String v : new String[] {"a", "b", "c", "d", "e"}) {
            a.id(v);
        }
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.isFull()).isTrue();
        assertThat(a.string(a.id("e"))).isEqualTo(ByteDict.OTHER_LABEL);
        assertThat(a.id("d")).isEqualTo(a.id("e"));
        assertThat(a.id("a")).isZero();
        ByteDict b = new ByteDict("x", 4);
        int[] map = b.remap(a);
        assertThat(b.string(map[3])).isEqualTo(ByteDict.OTHER_LABEL);
    }
}
