package dev.twinrun.benchmarks.bench;

import dev.twinrun.core.ecommerce.EcommerceInsights;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The baselines of {@code twinrun bench core}: DuckDB over one generated hour, the core's aggregations (distinct
 * sessions/users; per currency, channel+campaign, category, country, device and product the event counts and
 * {@code price x quantity} sums), on all DuckDB threads, in each of the {@link Formulation}s.
 */
public final class DuckDbBaseline {
    /** The columns the aggregations read (12 of the 14). */
    static final Set<String> NEEDED = Set.of(
            "event_type",
            "user_id",
            "session_id",
            "product_id",
            "category",
            "price",
            "quantity",
            "currency",
            "country",
            "device",
            "channel",
            "campaign");

    /** How DuckDB is asked: from the first baseline to DuckDB at its best. */
    public enum Formulation {
        /** All 14 columns as VARCHAR into a temp table; 7 queries, each casting price and quantity. */
        VARCHAR_TABLE("varchar-table"),
        /** The 12 needed columns, typed ({@code price DECIMAL(18,4)}, {@code quantity INTEGER}), into a temp table; 7 queries. */
        TYPED_TABLE("typed-table"),
        /** The same typed temp table; the breakdowns in one {@code GROUPING SETS} query, plus the distinct counts. */
        TYPED_TABLE_GROUPING_SETS("typed-table-grouping-sets"),
        /** No table: two scans of the file, typed and projected: one {@code GROUPING SETS}, one distinct count. */
        TYPED_SCAN_GROUPING_SETS("typed-scan-grouping-sets");

        private final String label;

        Formulation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Formulation parse(String label) {
            for (Formulation f : values()) {
                if (f.label.equals(label)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no DuckDB formulation '" + label + "'");
        }
    }

    private DuckDbBaseline() {}

    /** The first baseline ({@link Formulation#VARCHAR_TABLE}); returns the rows loaded. */
    public static long run(Path file) throws SQLException, ClassNotFoundException {
        return run(file, Formulation.VARCHAR_TABLE);
    }

    /** Runs the aggregations in formulation {@code f}; returns the rows counted. */
    public static long run(Path file, Formulation f) throws SQLException, ClassNotFoundException {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            boolean typed = f != Formulation.VARCHAR_TABLE;
            String scan = scan(file, typed);
            String source;
            if (f == Formulation.TYPED_SCAN_GROUPING_SETS) {
                source = "(" + scan + ")";
            } else {
                s.execute("CREATE TEMP TABLE e AS " + scan);
                source = "e";
            }
            List<String> queries = f == Formulation.VARCHAR_TABLE || f == Formulation.TYPED_TABLE
                    ? queries(source, typed)
                    : groupingSets(source);
            long rows = -1;
            for (String q : queries) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        rs.getObject(1);
                        if (q.startsWith("SELECT count(*) AS rows")) {
                            rows = rs.getLong(1);
                        }
                    }
                }
            }
            return rows;
        }
    }

    /** The file as DuckDB reads it: all columns as VARCHAR, or only the needed ones with price and quantity typed. */
    static String scan(Path file, boolean typed) {
        StringBuilder columns = new StringBuilder();
        StringBuilder select = new StringBuilder();
        for (String col : EcommerceInsights.COLUMNS) {
            String type = !typed
                    ? "VARCHAR"
                    : col.equals("price") ? "DECIMAL(18,4)" : col.equals("quantity") ? "INTEGER" : "VARCHAR";
            columns.append(columns.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(col)
                    .append("': '")
                    .append(type)
                    .append('\'');
            if (!typed || NEEDED.contains(col)) {
                select.append(select.length() == 0 ? "" : ", ").append(col);
            }
        }
        // Dialect given, not sniffed: the input mixes LF and CRLF and has quoted newlines.
        return "SELECT " + select + " FROM read_csv('" + file.toString().replace("'", "''")
                + "', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
                + "strict_mode = false, columns = {" + columns + "})";
    }

    private static String amount(boolean typed) {
        return typed
                ? "CASE WHEN event_type IN ('purchase','refund') THEN price * quantity END"
                : "CASE WHEN event_type IN ('purchase','refund') THEN CAST(price AS DECIMAL(18,4)) * "
                        + "CAST(quantity AS INTEGER) END";
    }

    private static String measures(boolean typed) {
        return "count(*) AS events, count(*) FILTER (WHERE event_type='page_view') AS page_views, "
                + "count(*) FILTER (WHERE event_type='purchase') AS purchases, sum(" + amount(typed) + ") AS amount";
    }

    /** The core's aggregations as 7 queries over {@code source}, the first also counting the rows. */
    static List<String> queries(String source, boolean typed) {
        String m = measures(typed);
        return List.of(
                "SELECT count(*) AS rows, count(DISTINCT session_id), count(DISTINCT user_id) FROM " + source,
                "SELECT currency, " + m + " FROM " + source + " GROUP BY ALL",
                "SELECT channel, campaign, currency, " + m + " FROM " + source + " GROUP BY ALL",
                "SELECT category, currency, " + m + " FROM " + source + " GROUP BY ALL",
                "SELECT country, currency, " + m + " FROM " + source + " GROUP BY ALL",
                "SELECT device, currency, " + m + " FROM " + source + " GROUP BY ALL",
                "SELECT product_id, currency, " + m + " FROM " + source
                        + " WHERE event_type IN ('purchase','refund') GROUP BY ALL");
    }

    /**
     * The same aggregations in two queries: the distinct counts, and every breakdown in one {@code GROUPING SETS}
     * scan (the product breakdown, over purchases and refunds only, keeps the products that have one).
     */
    static List<String> groupingSets(String source) {
        String sales = "count(*) FILTER (WHERE event_type IN ('purchase','refund'))";
        return new ArrayList<>(List.of(
                "SELECT count(*) AS rows, count(DISTINCT session_id), count(DISTINCT user_id) FROM " + source,
                String.format(
                        Locale.ROOT,
                        "SELECT currency, channel, campaign, category, country, device, product_id, %s, %s AS sales "
                                + "FROM %s GROUP BY GROUPING SETS ((currency), (channel, campaign, currency), "
                                + "(category, currency), (country, currency), (device, currency), "
                                + "(product_id, currency)) HAVING GROUPING(product_id) = 1 OR %s > 0",
                        measures(true),
                        sales,
                        source,
                        sales)));
    }
}
