package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourOverHourTest {
    @TempDir
    Path tmp;

    static String purchase(HourId hour, int i, String currency, String price) {
        return String.join(
                ",",
                "e" + i,
                hour.start().plusSeconds(60L * i).toString(),
                "purchase",
                "u" + i,
                "s" + i,
                "p1",
                "cat",
                price,
                "1",
                currency,
                "email",
                "c1",
                "DE",
                "mobile");
    }

    @Test
    void aCurrencyThatDisappearsIsComparedWithZero() throws Exception {
        HourId prev = TestData.HOUR.previous();
        String header = String.join(",", EcommerceInsights.COLUMNS) + "\n";
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        in.put(
                prev.path() + "/a.csv",
                (header + purchase(prev, 1, "EUR", "12.50") + "\n" + purchase(prev, 2, "USD", "10.00") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        in.put(
                TestData.HOUR.path() + "/a.csv",
                (header + purchase(TestData.HOUR, 1, "USD", "15.00") + "\n").getBytes(StandardCharsets.UTF_8));
        JobOptions o = JobOptions.defaults().withTempDir(tmp.resolve("t"));
        new HourJob(in, out, new EcommerceInsights(), o).run(prev);
        new HourJob(in, out, new EcommerceInsights(), o).run(TestData.HOUR);
        JsonNode hoh = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("hourOverHour");
        List<String> revenue = new ArrayList<>();
        for (JsonNode m : hoh.path("metrics")) {
            if (m.path("metric").asText().equals("netRevenue")) {
                revenue.add(m.path("currency").asText() + " "
                        + m.path("previous").asText() + " -> "
                        + m.path("current").asText() + " " + m.path("changePct").asText());
            }
        }
        assertThat(revenue).containsExactly("USD 10.00 -> 15.00 50.00", "EUR 12.50 -> 0.00 -100.00");
    }
}
