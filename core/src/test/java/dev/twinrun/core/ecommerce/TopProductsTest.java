package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code top_products.csv} ranks each currency's products by net revenue (descending), then product id (as text), and
 * keeps the first {@link EcommerceInsights#TOP_PRODUCTS}: held against a ranking computed here from the rows, on an
 * hour with more products than that per currency, ties on net revenue, negative nets, and sums past the 64-bit range.
 */
class TopProductsTest {
    private static final String HEADER = String.join(",", EcommerceInsights.COLUMNS);

    @TempDir
    Path tmp;

    private static String row(int i, String type, String product, String price, int quantity, String currency) {
        return String.join(
                ",",
                "e" + i,
                "2026-11-26T13:" + String.format("%02d", i % 60) + ":00Z",
                type,
                "u" + i,
                "s" + i,
                product,
                "cat",
                price,
                Integer.toString(quantity),
                currency,
                "email",
                "c1",
                "DE",
                "mobile");
    }

    /** The summary's top products of the last {@link #ranked} hour, as {@code currency,rank,product,net}. */
    private List<String> summaryTop = List.of();

    private List<String> ranked(String name, String csv) throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve(name + "-in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name + "-out"));
        in.put(TestData.HOUR.path() + "/part-0.csv", csv.getBytes(StandardCharsets.UTF_8));
        var r = new HourJob(
                        in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve(name)))
                .run(TestData.HOUR);
        assertThat(r.rowsQuarantined()).as("no row quarantined").isZero();
        List<String> top = new ArrayList<>();
        for (var p : Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("topProducts")) {
            top.add(p.path("currency").asText() + "," + p.path("rank").asInt() + ","
                    + p.path("productId").asText() + "," + p.path("netRevenue").asText());
        }
        summaryTop = top;
        String text = new String(TestData.published(out, TestData.HOUR, "top_products.csv"), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String[] c = line.split(",");
            lines.add(c[0] + "," + c[1] + "," + c[2] + "," + c[7]); // currency, rank, product, net revenue
        }
        return lines.subList(1, lines.size());
    }

    @Test
    void eachCurrencysProductsAreRankedByNetRevenueThenProductIdAndCutAtTheTop() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        Map<String, Map<String, BigDecimal>> net = new TreeMap<>();
        int event = 0;
        for (String currency : List.of("USD", "EUR", "JPY")) {
            for (int k = 0; k < 35; k++) {
                String product = "P" + k; // text order: P0, P1, P10, P11, ..., P2
                // Nets of 1.00 to 7.00 (five products share each), a refund on every fifth, refund-only on some.
                BigDecimal price = BigDecimal.valueOf(k % 7 + 1).setScale(2);
                boolean refundOnly = currency.equals("JPY") && k % 11 == 3;
                if (!refundOnly) {
                    csv.append(row(event++, "purchase", product, price.toPlainString(), 1, currency))
                            .append('\n');
                    net.computeIfAbsent(currency, c -> new TreeMap<>()).merge(product, price, BigDecimal::add);
                }
                if (k % 5 == 0 || refundOnly) {
                    BigDecimal refund = new BigDecimal("0.50");
                    csv.append(row(event++, "refund", product, refund.toPlainString(), 1, currency))
                            .append('\n');
                    net.computeIfAbsent(currency, c -> new TreeMap<>())
                            .merge(product, refund.negate(), BigDecimal::add);
                }
            }
        }
        List<String> expected = new ArrayList<>();
        List<String> tiesAtTheCut = new ArrayList<>();
        net.forEach((currency, byProduct) -> {
            List<Map.Entry<String, BigDecimal>> order = new ArrayList<>(byProduct.entrySet());
            order.sort(Comparator.<Map.Entry<String, BigDecimal>, BigDecimal>comparing(Map.Entry::getValue)
                    .reversed()
                    .thenComparing(Map.Entry::getKey));
            int cut = EcommerceInsights.TOP_PRODUCTS;
            if (order.get(cut - 1).getValue().compareTo(order.get(cut).getValue()) == 0) {
                tiesAtTheCut.add(currency); // the last ranked and the first left out differ only by product id
            }
            for (int rank = 1; rank <= Math.min(EcommerceInsights.TOP_PRODUCTS, order.size()); rank++) {
                var e = order.get(rank - 1);
                expected.add(currency + "," + rank + "," + e.getKey() + ","
                        + e.getValue().toPlainString());
            }
        });

        List<String> published = ranked("ties", csv.toString());

        assertThat(tiesAtTheCut).as("currencies whose cut falls within a tie").isNotEmpty();
        assertThat(expected).hasSize(3 * EcommerceInsights.TOP_PRODUCTS);
        assertThat(published).containsExactlyElementsOf(expected);
        assertThat(summaryTop)
                .as("the summary lists each currency's first ten")
                .containsExactlyElementsOf(expected.stream()
                        .filter(l -> Integer.parseInt(l.split(",")[1]) <= 10)
                        .toList());
    }

    @Test
    void netRevenuePastTheLongRangeRanksByItsExactValue() throws Exception {
        // 5e13 x 10 = 5e18 ten-thousandths a row (the table's unit): two rows pass the long range, one does not.
        String huge = "50000000000000";
        String csv = HEADER + "\n" + row(1, "purchase", "A", huge, 10, "USD") + "\n"
                + row(2, "purchase", "A", huge, 10, "USD") + "\n" + row(3, "purchase", "B", huge, 10, "USD") + "\n"
                + row(4, "purchase", "C", "1.00", 1, "USD") + "\n";

        assertThat(ranked("huge", csv))
                .containsExactly("USD,1,A,1000000000000000.00", "USD,2,B,500000000000000.00", "USD,3,C,1.00");
    }
}
