package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Money sums past the 64-bit range stay exact, in one pass and through the shard merge. */
class HugeSumsTest {
    static final String HEADER = String.join(",", EcommerceInsights.COLUMNS);

    @TempDir
    Path tmp;

    static String row(int i, String type) {
        return String.join(
                ",",
                "e" + i,
                "2026-11-26T13:0" + i + ":00Z",
                type,
                "u" + i,
                "s" + i,
                "p1",
                "cat",
                "50000000000000",
                "10",
                "USD",
                "email",
                "c1",
                "DE",
                "mobile");
    }

    private Map<String, String> run(String name, List<String> files) throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve(name + "-in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name + "-out"));
        for (int i = 0; i < files.size(); i++) {
            in.put(TestData.HOUR.path() + "/part-" + i + ".csv", files.get(i).getBytes(StandardCharsets.UTF_8));
        }
        var r = new HourJob(
                        in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve(name)))
                .run(TestData.HOUR);
        assertThat(r.rowsQuarantined()).as("no row quarantined").isZero();
        Map<String, String> texts = new TreeMap<>();
        for (String f : List.of(
                "summary.json",
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv")) {
            texts.put(f, new String(TestData.published(out, TestData.HOUR, f), StandardCharsets.UTF_8));
        }
        return texts;
    }

    @Test
    void twoPurchasesOfFiveQuintillionUnitsEachAreSummedExactly() throws Exception {
        String file = HEADER + "\n" + row(1, "purchase") + "\n" + row(2, "purchase") + "\n";
        Map<String, String> one = run("one", List.of(file));
        JsonNode revenue = Json.parse(one.get("summary.json").getBytes(StandardCharsets.UTF_8))
                .path("totals")
                .path("revenue")
                .get(0);
        assertThat(revenue.path("grossRevenue").asText()).isEqualTo("1000000000000000.00");
        assertThat(revenue.path("netRevenue").asText()).isEqualTo("1000000000000000.00");
        assertThat(revenue.path("averageOrderValue").asText()).isEqualTo("500000000000000.00");
        assertThat(one.get("breakdown_country.csv")).contains(",1000000000000000.00,0.00,1000000000000000.00");

        Map<String, String> split = run(
                "split", List.of(HEADER + "\n" + row(1, "purchase") + "\n", HEADER + "\n" + row(2, "purchase") + "\n"));
        split.put("summary.json", withoutAccounting(split.get("summary.json")));
        one.put("summary.json", withoutAccounting(one.get("summary.json")));
        assertThat(split).as("two files give the same figures").isEqualTo(one);
    }

    @Test
    void refundsBeyondTheRangeNetToExactFigures() throws Exception {
        String file = HEADER + "\n" + row(1, "purchase") + "\n" + row(2, "purchase") + "\n" + row(3, "refund") + "\n"
                + row(4, "refund") + "\n" + row(5, "refund") + "\n";
        JsonNode revenue = Json.parse(
                        run("refund", List.of(file)).get("summary.json").getBytes(StandardCharsets.UTF_8))
                .path("totals")
                .path("revenue")
                .get(0);
        assertThat(revenue.path("refunded").asText()).isEqualTo("1500000000000000.00");
        assertThat(revenue.path("netRevenue").asText()).isEqualTo("-500000000000000.00");
    }

    @Test
    void theEncodedPartialCarriesTheExcess() {
        EcommercePartial a = new EcommercePartial();
        EcommercePartial b = new EcommercePartial();
        int ra = a.byCurrency.row(0);
        int rb = b.byCurrency.row(0);
        a.currency.id("USD");
        b.currency.id("USD");
        a.byCurrency.add(ra, EcommercePartial.GROSS, Long.MAX_VALUE);
        a.byCurrency.add(ra, EcommercePartial.GROSS, Long.MAX_VALUE);
        b.byCurrency.add(rb, EcommercePartial.GROSS, Long.MAX_VALUE);
        EcommercePartial merged = EcommercePartial.decode(a.encode());
        merged.mergeFrom(EcommercePartial.decode(b.encode()));
        assertThat(merged.byCurrency.exact(0, EcommercePartial.GROSS))
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3)));
    }

    private static String withoutAccounting(String summary) throws Exception {
        var n = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(summary.getBytes(StandardCharsets.UTF_8));
        n.remove("accounting");
        return n.toString();
    }
}
