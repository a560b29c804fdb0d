package dev.twinrun.benchmarks.bench;

import dev.twinrun.core.ecommerce.EcommerceInsights;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline of {@code twinrun bench core}: DuckDB {@code read_csv} of one generated hour into a temp table, then
 * the core's aggregations as GROUP BYs (distinct sessions/users; per currency, channel+campaign, category, country,
 * device and product the event counts and {@code price x quantity} sums), on all DuckDB threads.
 */
public final class DuckDbBaseline {
    private DuckDbBaseline() {}

    /** Loads the file and runs every query; returns the rows loaded. */
    public static long run(Path file) throws SQLException, ClassNotFoundException {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            StringBuilder columns = new StringBuilder();
            for (String col : EcommerceInsights.COLUMNS) {
                columns.append(columns.length() == 0 ? "" : ", ")
                        .append('\'')
                        .append(col)
                        .append("': 'VARCHAR'");
            }
            // Dialect given, not sniffed: the input mixes LF and CRLF and has quoted newlines.
            s.execute("CREATE TEMP TABLE e AS SELECT * FROM read_csv('"
                    + file.toString().replace("'", "''")
                    + "', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
                    + "strict_mode = false, columns = {" + columns + "})");
            for (String q : queries()) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM e")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The core's aggregations over table {@code e}. */
    static String[] queries() {
        String amount = "CASE WHEN event_type IN ('purchase','refund') THEN CAST(price AS DECIMAL(18,4)) * "
                + "CAST(quantity AS INTEGER) END";
        String measures = "count(*), count(*) FILTER (WHERE event_type='page_view'), "
                + "count(*) FILTER (WHERE event_type='purchase'), sum(" + amount + ")";
        return new String[] {
            "SELECT count(DISTINCT session_id), count(DISTINCT user_id) FROM e",
            "SELECT currency, " + measures + " FROM e GROUP BY ALL",
            "SELECT channel, campaign, currency, " + measures + " FROM e GROUP BY ALL",
            "SELECT category, currency, " + measures + " FROM e GROUP BY ALL",
            "SELECT country, currency, " + measures + " FROM e GROUP BY ALL",
            "SELECT device, currency, " + measures + " FROM e GROUP BY ALL",
            "SELECT product_id, currency, " + measures
                    + " FROM e WHERE event_type IN ('purchase','refund') GROUP BY ALL"
        };
    }
}
