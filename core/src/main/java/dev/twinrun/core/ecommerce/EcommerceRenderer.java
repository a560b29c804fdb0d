package dev.twinrun.core.ecommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.agg.DuplicateEstimator;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.SkippedInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

/** Turns a merged aggregate into the hour's files; output depends only on the aggregate's content. */
final class EcommerceRenderer {
    static final String SCHEMA = "twinrun.ecommerce.summary";
    static final int SCHEMA_VERSION = 1;
    private static final String[] COUNT_HEADERS = {
        "events",
        "page_views",
        "add_to_carts",
        "checkouts",
        "purchases",
        "refunds",
        "units",
        "gross_revenue",
        "refunded",
        "net_revenue"
    };

    private final EcommercePartial p;
    private final RenderContext ctx;

    EcommerceRenderer(EcommercePartial p, RenderContext ctx) {
        this.p = p;
        this.ctx = ctx;
    }

    /**
     * One table row with its key decoded to text; {@code counts} by the table's columns, exact integers (money sums may
     * pass the 64-bit range); {@code events}: the sum of the type counts; {@code net}: gross minus refunded.
     */
    private record Line(List<String> key, String currency, BigInteger[] counts, BigInteger events, BigInteger net) {
        Line(List<String> key, String currency, BigInteger[] counts) {
            this(
                    key,
                    currency,
                    counts,
                    events(counts),
                    counts[EcommercePartial.GROSS].subtract(counts[EcommercePartial.REFUNDED]));
        }

        private static BigInteger events(BigInteger[] counts) {
            BigInteger e = BigInteger.ZERO;
            for (int t = 0; t < EcommerceInsights.EVENT_TYPES.size(); t++) {
                e = e.add(counts[EcommercePartial.BY_TYPE + t]);
            }
            return e;
        }

        long count(int column) {
            return counts[column].longValueExact();
        }
    }

    List<OutputFile> render() {
        List<OutputFile> out = new ArrayList<>();
        Totals totals = totals();
        ObjectNode summary = summary(totals);
        out.add(new OutputFile("summary.json", Json.bytes(summary)));
        out.add(new OutputFile("summary.md", markdown(summary).getBytes(StandardCharsets.UTF_8)));
        out.add(breakdown(
                "breakdown_channel_campaign.csv",
                List.of("channel", "campaign"),
                lines(p.byChannelCampaign, p.channel, p.campaign)));
        out.add(breakdown("breakdown_category.csv", List.of("category"), lines(p.byCategory, p.category)));
        out.add(breakdown("breakdown_country.csv", List.of("country"), lines(p.byCountry, p.country)));
        out.add(breakdown("breakdown_device.csv", List.of("device"), lines(p.byDevice, p.device)));
        out.add(topProductsCsv(topProducts()));
        out.add(dataQualityCsv(ctx.accounting()));
        return out;
    }

    // ---- tables ---------------------------------------------------------------------------------

    /** Rows of a table keyed (dims..., currency), sorted by the dimension texts then currency. */
    private List<Line> lines(LongTable t, ByteDict... dims) {
        List<Line> lines = unsortedLines(t, dims);
        lines.sort(BY_KEY);
        return lines;
    }

    private static final Comparator<Line> BY_KEY = (a, b) -> {
        for (int i = 0; i < a.key.size(); i++) {
            int c = a.key.get(i).compareTo(b.key.get(i));
            if (c != 0) {
                return c;
            }
        }
        return a.currency.compareTo(b.currency);
    };

    private List<Line> unsortedLines(LongTable t, ByteDict... dims) {
        List<Line> lines = new ArrayList<>(t.rows());
        for (int r = 0; r < t.rows(); r++) {
            lines.add(line(t, r, dims));
        }
        return lines;
    }

    /** Row {@code r} of a table keyed (dims..., currency), its key decoded to text. */
    private Line line(LongTable t, int r, ByteDict... dims) {
        long k = t.key(r);
        int cu = (int) (k & EcommercePartial.ID_MASK);
        List<String> key = new ArrayList<>(dims.length);
        for (int d = 0; d < dims.length; d++) {
            int shift = EcommercePartial.ID_BITS * (dims.length - d);
            key.add(dims[d].string((int) ((k >>> shift) & EcommercePartial.ID_MASK)));
        }
        BigInteger[] counts = new BigInteger[EcommercePartial.COLUMNS];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = t.exact(r, c);
        }
        return new Line(List.copyOf(key), p.currency.string(cu), counts);
    }

    private OutputFile breakdown(String name, List<String> dims, List<Line> lines) {
        CsvOut csv = new CsvOut();
        for (String d : dims) {
            csv.text(d);
        }
        csv.text("currency");
        for (String h : COUNT_HEADERS) {
            csv.text(h);
        }
        csv.end();
        for (Line l : lines) {
            for (String v : l.key) {
                csv.text(v);
            }
            csv.text(l.currency);
            countCells(csv, l);
            csv.end();
        }
        return new OutputFile(name, csv.bytes());
    }

    private static void countCells(CsvOut csv, Line l) {
        csv.number(l.events());
        for (int c = EcommercePartial.BY_TYPE; c <= EcommercePartial.UNITS; c++) {
            csv.number(l.counts[c]);
        }
        csv.number(Decimals.formatUnits(l.counts[EcommercePartial.GROSS]));
        csv.number(Decimals.formatUnits(l.counts[EcommercePartial.REFUNDED]));
        csv.number(Decimals.formatUnits(l.net()));
    }

    /** Products per currency in the summary: the first of {@code top_products.csv}'s. */
    private static final int SUMMARY_TOP_PRODUCTS = 10;

    private Map<String, List<Line>> topProducts;

    /**
     * Per currency (in text order), its first {@link EcommerceInsights#TOP_PRODUCTS} products ranked by net revenue
     * (desc), then product id; ranks from 1. The table has a row per product and currency, tens of thousands on a large
     * hour: it is read once, keeping each currency's best rows, and only those become lines; made once for the file
     * and the summary.
     */
    private Map<String, List<Line>> topProducts() {
        if (topProducts != null) {
            return topProducts;
        }
        int n = EcommerceInsights.TOP_PRODUCTS;
        LongTable t = p.byProduct;
        Comparator<Integer> better = (a, b) -> {
            int c = compareNet(t, b, a);
            return c != 0 ? c : productId(t, a).compareTo(productId(t, b));
        };
        List<PriorityQueue<Integer>> byId = new ArrayList<>(); // by currency id: the best n rows, the worst first
        for (int r = 0; r < t.rows(); r++) {
            int cu = (int) (t.key(r) & EcommercePartial.ID_MASK);
            while (byId.size() <= cu) {
                byId.add(null);
            }
            PriorityQueue<Integer> q = byId.get(cu);
            if (q == null) {
                q = new PriorityQueue<>(better.reversed());
                byId.set(cu, q);
            }
            if (q.size() < n) {
                q.add(r);
            } else if (better.compare(r, q.peek()) < 0) {
                q.poll();
                q.add(r);
            }
        }
        Map<String, List<Line>> best = new TreeMap<>();
        for (int cu = 0; cu < byId.size(); cu++) {
            PriorityQueue<Integer> q = byId.get(cu);
            if (q != null) {
                Line[] top = new Line[q.size()];
                for (int i = top.length - 1; i >= 0; i--) {
                    top[i] = line(t, q.poll(), p.product);
                }
                best.put(p.currency.string(cu), List.of(top));
            }
        }
        topProducts = best;
        return best;
    }

    /** Compares the net revenue (gross - refunded) of rows {@code a} and {@code b}, exactly. */
    private static int compareNet(LongTable t, int a, int b) {
        if (!t.overflowed()) {
            long ga = t.low(a, EcommercePartial.GROSS);
            long ra = t.low(a, EcommercePartial.REFUNDED);
            long gb = t.low(b, EcommercePartial.GROSS);
            long rb = t.low(b, EcommercePartial.REFUNDED);
            if ((ga | ra | gb | rb) >= 0) { // sums of amounts are not negative, and so the differences fit a long
                return Long.compare(ga - ra, gb - rb);
            }
        }
        return net(t, a).compareTo(net(t, b));
    }

    private static BigInteger net(LongTable t, int r) {
        return t.exact(r, EcommercePartial.GROSS).subtract(t.exact(r, EcommercePartial.REFUNDED));
    }

    private String productId(LongTable t, int r) {
        return p.product.string((int) ((t.key(r) >>> EcommercePartial.ID_BITS) & EcommercePartial.ID_MASK));
    }

    private OutputFile topProductsCsv(Map<String, List<Line>> top) {
        CsvOut csv = new CsvOut()
                .header(
                        "currency",
                        "rank",
                        "product_id",
                        "orders",
                        "units",
                        "gross_revenue",
                        "refunded",
                        "net_revenue");
        top.forEach((currency, lines) -> {
            int rank = 1;
            for (Line l : lines) {
                csv.text(currency)
                        .number(rank++)
                        .text(l.key.get(0))
                        .number(l.counts[EcommercePartial.BY_TYPE + EcommerceInsights.PURCHASE])
                        .number(l.counts[EcommercePartial.UNITS])
                        .number(Decimals.formatUnits(l.counts[EcommercePartial.GROSS]))
                        .number(Decimals.formatUnits(l.counts[EcommercePartial.REFUNDED]))
                        .number(Decimals.formatUnits(l.net()))
                        .end();
            }
        });
        return new OutputFile("top_products.csv", csv.bytes());
    }

    /** The {@code data_quality.csv} reason of aggregated rows whose event id repeats an earlier row's. */
    static final String DUPLICATE_EVENT_ID = "duplicate_event_id";

    /**
     * {@code reason, rows, file, detail}: a line per quarantine reason (rows quarantined; no file), a
     * {@code duplicate_event_id} line when aggregated rows repeat an event id (rows = the exact or estimated count),
     * then a line per skipped input file (no rows: the file was not read).
     */
    private OutputFile dataQualityCsv(Accounting a) {
        CsvOut csv = new CsvOut().header("reason", "rows", "file", "detail");
        a.quarantinedByReason()
                .forEach((reason, rows) ->
                        csv.text(reason).number(rows).text("").text("").end());
        DuplicateEstimator ids = p.eventIds;
        if (ids.duplicates() > 0) {
            String detail = ids.isExact()
                    ? "exact: aggregated rows whose event_id repeats an earlier row's (still counted in every figure)"
                    : "estimated from a " + samplingRate(ids) + " sample of the event ids, standard error "
                            + Math.round(ids.standardError())
                            + " rows: aggregated rows whose event_id repeats an earlier row's (still counted in every"
                            + " figure)";
            csv.text(DUPLICATE_EVENT_ID)
                    .number(ids.duplicates())
                    .text("")
                    .text(detail)
                    .end();
        }
        for (SkippedInput s : a.skippedInputs()) {
            csv.text(s.reason()).number("").text(s.key()).text(s.detail()).end();
        }
        return new OutputFile("data_quality.csv", csv.bytes());
    }

    // ---- summary --------------------------------------------------------------------------------

    private record Totals(
            long events,
            long[] byType,
            long sessions,
            long users,
            long purchasingSessions,
            boolean exact,
            List<Line> currencies) {
        long orders() {
            return byType[EcommerceInsights.PURCHASE];
        }
    }

    private Totals totals() {
        long[] byType = new long[EcommerceInsights.EVENT_TYPES.size()];
        long events = 0;
        List<Line> currencies = lines(p.byCurrency);
        for (Line l : currencies) {
            events += l.events().longValueExact();
            for (int t = 0; t < byType.length; t++) {
                byType[t] += l.count(EcommercePartial.BY_TYPE + t);
            }
        }
        boolean exact = p.sessions.isExact() && p.users.isExact() && p.purchasingSessions.isExact();
        return new Totals(
                events, byType, p.sessions.count(), p.users.count(), p.purchasingSessions.count(), exact, currencies);
    }

    private ObjectNode summary(Totals t) {
        Accounting a = ctx.accounting();
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("transformation", EcommerceInsights.NAME);
        root.put("hour", ctx.hour().toString());
        root.put("hourStart", ctx.hour().start().toString());
        root.put("hourEnd", ctx.hour().end().toString());

        ObjectNode acc = root.putObject("accounting");
        acc.put("files", a.files());
        acc.put("bytesRead", a.bytesRead());
        acc.put("rowsRead", a.rowsRead());
        acc.put("rowsAggregated", a.rowsAggregated());
        acc.put("rowsQuarantined", a.rowsQuarantined());
        acc.put("invariantHolds", a.rowsRead() == a.rowsAggregated() + a.rowsQuarantined());

        ObjectNode totals = root.putObject("totals");
        totals.put("events", t.events);
        ObjectNode byType = totals.putObject("eventsByType");
        for (int i = 0; i < t.byType.length; i++) {
            byType.put(EcommerceInsights.EVENT_TYPES.get(i), t.byType[i]);
        }
        totals.put("sessions", t.sessions);
        totals.put("users", t.users);
        totals.put("distinctCounts", t.exact ? "exact" : "estimated (HyperLogLog, 2^14 registers, ~0.8% error)");
        totals.put("purchasingSessions", t.purchasingSessions);
        totals.put("conversionRate", ratio(t.purchasingSessions, t.sessions));
        totals.put("orders", t.orders());
        BigInteger units = BigInteger.ZERO;
        for (Line l : t.currencies) {
            units = units.add(l.counts[EcommercePartial.UNITS]);
        }
        totals.put("units", units);
        ArrayNode revenue = totals.putArray("revenue");
        for (Line l : t.currencies) {
            long orders = l.count(EcommercePartial.BY_TYPE + EcommerceInsights.PURCHASE);
            if (l.currency.isEmpty() && orders == 0 && l.counts[EcommercePartial.REFUNDED].signum() == 0) {
                continue; // events without a currency carry no money
            }
            ObjectNode r = revenue.addObject();
            r.put("currency", l.currency);
            r.put("orders", orders);
            r.put("units", l.counts[EcommercePartial.UNITS]);
            r.put("grossRevenue", Decimals.formatUnits(l.counts[EcommercePartial.GROSS]));
            r.put("refunded", Decimals.formatUnits(l.counts[EcommercePartial.REFUNDED]));
            r.put("netRevenue", Decimals.formatUnits(l.net()));
            r.put(
                    "averageOrderValue",
                    orders == 0
                            ? null
                            : Decimals.format(Decimals.toDecimal(l.counts[EcommercePartial.GROSS])
                                    .divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN)));
        }

        ArrayNode top = root.putArray("topProducts");
        topProducts().forEach((currency, lines) -> {
            int rank = 1;
            for (Line l : lines.subList(0, Math.min(SUMMARY_TOP_PRODUCTS, lines.size()))) {
                ObjectNode o = top.addObject();
                o.put("currency", currency);
                o.put("rank", rank++);
                o.put("productId", l.key.get(0));
                o.put("orders", l.counts[EcommercePartial.BY_TYPE + EcommerceInsights.PURCHASE]);
                o.put("units", l.counts[EcommercePartial.UNITS]);
                o.put("netRevenue", Decimals.formatUnits(l.net()));
            }
        });

        ObjectNode dq = root.putObject("dataQuality");
        dq.put("rowsQuarantined", a.rowsQuarantined());
        dq.put("quarantineRate", ratio(a.rowsQuarantined(), a.rowsRead()));
        ObjectNode reasons = dq.putObject("byReason");
        a.quarantinedByReason().forEach(reasons::put);
        DuplicateEstimator ids = p.eventIds;
        dq.putObject("duplicateEventIds")
                .put("count", ids.duplicates())
                .put("exact", ids.isExact())
                .put("samplingRate", samplingRate(ids))
                .put("standardError", Math.round(ids.standardError()));
        ArrayNode skipped = dq.putArray("skippedInputs");
        for (SkippedInput s : a.skippedInputs()) {
            skipped.addObject().put("key", s.key()).put("reason", s.reason()).put("detail", s.detail());
        }

        root.set("hourOverHour", hourOverHour(root));
        ArrayNode files = root.putArray("files");
        for (String f : List.of(
                "summary.md",
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv",
                "data_quality.csv")) {
            files.add(f);
        }
        return root;
    }

    /** The share of event ids sampled: "1", or "1/2^level" written out ("1/1024"). */
    private static String samplingRate(DuplicateEstimator ids) {
        return ids.isExact() ? "1" : "1/" + BigInteger.ONE.shiftLeft(ids.level());
    }

    private static String ratio(long num, long den) {
        if (den == 0) {
            return null;
        }
        return BigDecimal.valueOf(num)
                .divide(BigDecimal.valueOf(den), 4, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    /** Metrics compared with the previous hour's published summary, when there is one. */
    private ObjectNode hourOverHour(ObjectNode current) {
        ObjectNode h = Json.object();
        h.put("previousHour", ctx.hour().previous().toString());
        Optional<JsonNode> prev = ctx.previousSummary()
                .flatMap(EcommerceRenderer::parseQuietly)
                .filter(n -> SCHEMA.equals(n.path("schema").asText()));
        h.put("available", prev.isPresent());
        ArrayNode metrics = h.putArray("metrics");
        if (prev.isEmpty()) {
            return h;
        }
        JsonNode pt = prev.get().path("totals");
        JsonNode ct = current.path("totals");
        for (String m : List.of("events", "sessions", "users", "orders", "units", "conversionRate")) {
            change(metrics, m, "", pt.path(m), ct.path(m));
        }
        Map<String, JsonNode> prevRevenue = new LinkedHashMap<>();
        pt.path("revenue").forEach(r -> prevRevenue.put(r.path("currency").asText(), r.path("netRevenue")));
        for (JsonNode r : ct.path("revenue")) {
            String cur = r.path("currency").asText();
            change(
                    metrics,
                    "netRevenue",
                    cur,
                    prevRevenue.getOrDefault(cur, com.fasterxml.jackson.databind.node.MissingNode.getInstance()),
                    r.path("netRevenue"));
            prevRevenue.remove(cur);
        }
        // a currency sold last hour and not this hour: current 0, -100 %
        prevRevenue.forEach((cur, prevNet) -> change(metrics, "netRevenue", cur, prevNet, ZERO_MONEY));
        return h;
    }

    private static final JsonNode ZERO_MONEY = com.fasterxml.jackson.databind.node.TextNode.valueOf("0.00");

    private static void change(ArrayNode metrics, String name, String currency, JsonNode prev, JsonNode cur) {
        ObjectNode m = metrics.addObject();
        m.put("metric", name);
        if (!currency.isEmpty()) {
            m.put("currency", currency);
        }
        BigDecimal pv = decimal(prev);
        BigDecimal cv = decimal(cur);
        m.put("previous", pv == null ? null : pv.toPlainString());
        m.put("current", cv == null ? null : cv.toPlainString());
        if (pv == null || cv == null || pv.signum() == 0) {
            m.putNull("changePct");
        } else {
            m.put(
                    "changePct",
                    cv.subtract(pv)
                            .multiply(BigDecimal.valueOf(100))
                            .divide(pv.abs(), 2, RoundingMode.HALF_EVEN)
                            .toPlainString());
        }
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(n.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<JsonNode> parseQuietly(byte[] bytes) {
        try {
            return Optional.of(Json.parse(bytes));
        } catch (IOException e) {
            return Optional.empty(); // a corrupt previous summary only costs the comparison
        }
    }

    // ---- markdown -------------------------------------------------------------------------------

    private static String markdown(ObjectNode s) {
        StringBuilder md = new StringBuilder();
        JsonNode t = s.path("totals");
        JsonNode a = s.path("accounting");
        md.append("# Insights for ").append(s.path("hour").asText()).append(" UTC\n\n");
        md.append("| metric | value |\n|---|---:|\n");
        row(md, "events", t.path("events").asText());
        row(md, "sessions", t.path("sessions").asText());
        row(md, "users", t.path("users").asText());
        row(md, "orders", t.path("orders").asText());
        row(md, "units", t.path("units").asText());
        row(md, "conversion rate", t.path("conversionRate").asText());
        md.append("\n## Revenue\n\n| currency | orders | gross | refunded | net | average order |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : t.path("revenue")) {
            md.append("| ")
                    .append(r.path("currency").asText())
                    .append(" | ")
                    .append(r.path("orders").asText())
                    .append(" | ")
                    .append(r.path("grossRevenue").asText())
                    .append(" | ")
                    .append(r.path("refunded").asText())
                    .append(" | ")
                    .append(r.path("netRevenue").asText())
                    .append(" | ")
                    .append(r.path("averageOrderValue").asText())
                    .append(" |\n");
        }
        md.append("\n## Top products\n\n| currency | rank | product | orders | net revenue |\n"
                + "|---|---:|---|---:|---:|\n");
        for (JsonNode p : s.path("topProducts")) {
            md.append("| ")
                    .append(p.path("currency").asText())
                    .append(" | ")
                    .append(p.path("rank").asText())
                    .append(" | ")
                    .append(cell(p.path("productId").asText()))
                    .append(" | ")
                    .append(p.path("orders").asText())
                    .append(" | ")
                    .append(p.path("netRevenue").asText())
                    .append(" |\n");
        }
        JsonNode hoh = s.path("hourOverHour");
        md.append("\n## Change against ")
                .append(hoh.path("previousHour").asText())
                .append("\n\n");
        if (!hoh.path("available").asBoolean()) {
            md.append("No published summary for the previous hour.\n");
        } else {
            md.append("| metric | previous | current | change % |\n|---|---:|---:|---:|\n");
            for (JsonNode m : hoh.path("metrics")) {
                String name = m.path("metric").asText()
                        + (m.has("currency") ? " " + m.path("currency").asText() : "");
                md.append("| ")
                        .append(name)
                        .append(" | ")
                        .append(m.path("previous").asText("-"))
                        .append(" | ")
                        .append(m.path("current").asText("-"))
                        .append(" | ")
                        .append(m.path("changePct").asText("-"))
                        .append(" |\n");
            }
        }
        md.append("\n## Data quality\n\n");
        md.append(a.path("rowsRead").asText())
                .append(" rows read = ")
                .append(a.path("rowsAggregated").asText())
                .append(" aggregated + ")
                .append(a.path("rowsQuarantined").asText())
                .append(" quarantined, from ")
                .append(a.path("files").asText())
                .append(" file(s), ")
                .append(a.path("bytesRead").asText())
                .append(" bytes.\n");
        JsonNode dup = s.path("dataQuality").path("duplicateEventIds");
        if (dup.path("count").asLong() > 0) {
            md.append("\n")
                    .append(dup.path("exact").asBoolean() ? "" : "About ")
                    .append(dup.path("count").asText())
                    .append(" aggregated row(s) repeat an earlier row's event_id")
                    .append(
                            dup.path("exact").asBoolean()
                                    ? " (exact)"
                                    : " (estimated from a "
                                            + dup.path("samplingRate").asText()
                                            + " sample of the event ids, standard error "
                                            + dup.path("standardError").asText() + ")")
                    .append("; they are counted in every figure.\n");
        }
        JsonNode reasons = s.path("dataQuality").path("byReason");
        if (reasons.size() > 0) {
            md.append("\n| reason | rows |\n|---|---:|\n");
            reasons.fields()
                    .forEachRemaining(e -> row(md, e.getKey(), e.getValue().asText()));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String cell(String v) {
        return v.replace("|", "\\|").replace("\n", " ");
    }
}
