package dev.twinrun.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.transform.Transformation;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs/ecommerce.json} and the built-in class give the same figures on the same generated hours. */
class EcommerceSpecTest {
    static final Path SPEC = Path.of("../jobs/ecommerce.json");
    static final List<String> COUNTS = List.of(
            "events",
            "page_views",
            "add_to_carts",
            "checkouts",
            "purchases",
            "refunds",
            "units",
            "gross_revenue",
            "refunded",
            "net_revenue");

    @TempDir
    Path tmp;

    private LocalObjectStore run(String name, Transformation<?> t, List<HourId> hours) throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name));
        HourJob job = new HourJob(in, out, t, JobOptions.defaults().withTempDir(tmp.resolve("t-" + name)));
        for (HourId h : hours) {
            RunResult r = job.run(h);
            assertThat(r.outcome()).as("%s %s", name, h).isEqualTo(RunResult.Outcome.PUBLISHED);
        }
        return out;
    }

    @Test
    void theSpecAndTheBuiltInClassGiveTheSameFiguresForEveryMeasureBothProduce() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        List<HourId> hours = List.of(TestData.HOUR, TestData.HOUR.next());
        long seed = 7;
        for (HourId h : hours) {
            in.put(h.path() + "/part-0.csv", TestData.file(seed++, 0.03, h, 0, 900_000));
            in.put(h.path() + "/part-1.csv", TestData.file(seed++, 0.03, h, 1, 400_000));
        }
        LocalObjectStore builtIn = run("builtin", new EcommerceInsights(), hours);
        LocalObjectStore spec = run("spec", SpecTransformation.fromFile(SPEC), hours);

        for (HourId h : hours) {
            JsonNode b = Json.parse(TestData.published(builtIn, h, "summary.json"));
            JsonNode s = Json.parse(TestData.published(spec, h, "summary.json"));
            JsonNode ba = b.path("accounting");
            JsonNode sa = s.path("accounting");
            for (String f : List.of("files", "bytesRead", "rowsRead", "rowsAggregated", "rowsQuarantined")) {
                assertThat(sa.path(f).asLong())
                        .as("%s accounting.%s", h, f)
                        .isEqualTo(ba.path(f).asLong());
            }
            assertThat(sa.path("rowsQuarantined").asLong())
                    .as("bad rows were generated")
                    .isGreaterThan(0);

            JsonNode bt = b.path("totals");
            JsonNode st = s.path("groupings").path("totals").get(0);
            assertThat(st.path("events").asLong())
                    .as("events")
                    .isEqualTo(bt.path("events").asLong());
            Map<String, String> typeMeasure = Map.of(
                    "page_view", "page_views",
                    "add_to_cart", "add_to_carts",
                    "checkout", "checkouts",
                    "purchase", "purchases",
                    "refund", "refunds");
            typeMeasure.forEach((type, measure) -> assertThat(st.path(measure).asLong())
                    .as("%s %s", h, measure)
                    .isEqualTo(bt.path("eventsByType").path(type).asLong()));
            assertThat(st.path("purchases").asLong())
                    .as("orders")
                    .isEqualTo(bt.path("orders").asLong());
            assertThat(st.path("units").asLong())
                    .as("units")
                    .isEqualTo(bt.path("units").asLong());
            for (String[] m : new String[][] {
                {"sessions", "sessions"}, {"users", "users"}, {"purchasing_sessions", "purchasingSessions"}
            }) {
                assertThat(st.path(m[0]).asLong())
                        .as("%s %s", h, m[0])
                        .isEqualTo(bt.path(m[1]).asLong());
            }
            assertThat(decimal(st.path("conversion_rate").asText()))
                    .as("conversion rate")
                    .isEqualByComparingTo(decimal(bt.path("conversionRate").asText()));

            Map<String, JsonNode> specRevenue = new LinkedHashMap<>();
            s.path("groupings")
                    .path("revenue")
                    .forEach(r -> specRevenue.put(r.path("currency").asText(), r));
            assertThat(b.path("totals").path("revenue").size()).isGreaterThan(3);
            for (JsonNode r : b.path("totals").path("revenue")) {
                JsonNode sr = specRevenue.get(r.path("currency").asText());
                assertThat(sr)
                        .as("revenue row for %s", r.path("currency").asText())
                        .isNotNull();
                assertThat(sr.path("purchases").asLong())
                        .isEqualTo(r.path("orders").asLong());
                assertThat(sr.path("units").asLong()).isEqualTo(r.path("units").asLong());
                for (String[] m : new String[][] {
                    {"gross_revenue", "grossRevenue"},
                    {"refunded", "refunded"},
                    {"net_revenue", "netRevenue"},
                    {"average_order_value", "averageOrderValue"}
                }) {
                    assertThat(decimal(sr.path(m[0]).asText()))
                            .as("%s %s %s", h, r.path("currency").asText(), m[0])
                            .isEqualByComparingTo(decimal(r.path(m[1]).asText()));
                }
            }

            for (String[] csv : new String[][] {
                {"breakdown_channel_campaign.csv", "channel,campaign"},
                {"breakdown_category.csv", "category"},
                {"breakdown_country.csv", "country"},
                {"breakdown_device.csv", "device"}
            }) {
                List<String> keys = new ArrayList<>(List.of(csv[1].split(",")));
                keys.add("currency");
                assertSameTable(h, csv[0], builtIn, spec, keys, COUNTS, csv[0]);
            }
            assertSameTable(
                    h,
                    "top_products.csv",
                    builtIn,
                    spec,
                    List.of("currency", "rank", "product_id"),
                    List.of("units", "gross_revenue", "refunded", "net_revenue"),
                    "top_products.csv");
            assertThat(column(builtIn, h, "top_products.csv", "orders"))
                    .as("orders = purchases in top products")
                    .isEqualTo(column(spec, h, "top_products.csv", "purchases"));
        }
    }

    private static List<String> column(LocalObjectStore store, HourId h, String file, String col) throws Exception {
        List<String> out = new ArrayList<>();
        for (CSVRecord r : records(store, h, file)) {
            out.add(r.get(col));
        }
        return out;
    }

    private static void assertSameTable(
            HourId h,
            String file,
            LocalObjectStore builtIn,
            LocalObjectStore spec,
            List<String> keys,
            List<String> measures,
            String specFile)
            throws Exception {
        List<CSVRecord> b = records(builtIn, h, file);
        List<CSVRecord> s = records(spec, h, specFile);
        assertThat(b).as("%s has rows", file).isNotEmpty();
        assertThat(s).as("%s row count", file).hasSameSizeAs(b);
        for (int i = 0; i < b.size(); i++) {
            for (String k : keys) {
                assertThat(s.get(i).get(k))
                        .as("%s row %d %s", file, i, k)
                        .isEqualTo(b.get(i).get(k));
            }
            for (String m : measures) {
                assertThat(decimal(s.get(i).get(m)))
                        .as("%s %s row %d %s", h, file, i, m)
                        .isEqualByComparingTo(decimal(b.get(i).get(m)));
            }
        }
    }

    private static List<CSVRecord> records(LocalObjectStore store, HourId h, String file) throws Exception {
        String text = new String(TestData.published(store, h, file), StandardCharsets.UTF_8);
        try (CSVParser p = CSVParser.parse(
                new StringReader(text), CSVFormat.RFC4180.builder().setHeader().get())) {
            return p.getRecords();
        }
    }

    private static BigDecimal decimal(String s) {
        return new BigDecimal(s);
    }
}
