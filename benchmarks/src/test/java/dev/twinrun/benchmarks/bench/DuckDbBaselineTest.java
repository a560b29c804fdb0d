package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.bench.DuckDbBaseline.Formulation;
import dev.twinrun.core.ecommerce.EventGenerator;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBaselineTest {
    @TempDir
    Path dir;

    @Test
    void everyFormulationCountsTheSameRows() throws Exception {
        Path file = hour();
        long rows = DuckDbBaseline.run(file, Formulation.VARCHAR_TABLE);

        assertThat(rows).as("rows of the VARCHAR table").isGreaterThan(100);
        for (Formulation f : Formulation.values()) {
            assertThat(DuckDbBaseline.run(file, f)).as(f.label()).isEqualTo(rows);
        }
    }

    @Test
    void theGroupingSetsScanGivesTheSameBreakdownsAsTheSeparateQueries() throws Exception {
        Path file = hour();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE e AS " + DuckDbBaseline.scan(file, true));
            List<String> separate = DuckDbBaseline.queries("e", true);
            String sets = DuckDbBaseline.groupingSets("e").get(1);
            // Per breakdown: the rows and the sum of amounts, from its own query and from its grouping set.
            String[][] breakdowns = {
                {
                    "currency",
                    "GROUPING(channel) = 1 AND GROUPING(category) = 1 AND GROUPING(country) = 1 "
                            + "AND GROUPING(device) = 1 AND GROUPING(product_id) = 1"
                },
                {"channel", "GROUPING(channel) = 0"},
                {"category", "GROUPING(category) = 0"},
                {"country", "GROUPING(country) = 0"},
                {"device", "GROUPING(device) = 0"},
                {"product_id", "GROUPING(product_id) = 0"}
            };
            for (int i = 0; i < breakdowns.length; i++) {
                BigDecimal[] own = groupsAndSum(s, "SELECT * FROM (" + separate.get(i + 1) + ") q");
                BigDecimal[] fromSets = groupsAndSum(
                        s,
                        "SELECT * FROM (" + sets.replace("HAVING", "HAVING (" + breakdowns[i][1] + ") AND (") + ")) q");
                assertThat(fromSets)
                        .as(breakdowns[i][0] + ": groups and amount")
                        .containsExactly(own);
            }
        }
    }

    private static BigDecimal[] groupsAndSum(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*), sum(amount) FROM (" + query + ")")) {
            rs.next();
            return new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)};
        }
    }

    private Path hour() throws Exception {
        Path file = dir.resolve("part-0000.csv");
        try (OutputStream o = Files.newOutputStream(file)) {
            new EventGenerator(7, 0.0).write(CoreBench.HOUR, 0, 300_000, o);
        }
        return file;
    }
}
