package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Rows of the built-in job's columns, written as files of one hour, run, and the summary read back (for tests). */
final class OneFileHour {
    private OneFileHour() {}

    /**
     * A row with event id {@code eventId}, {@code i} seconds into the hour, user and session {@code i}, price 2.50 and
     * the given type, product, quantity and currency; the other columns fixed.
     */
    static String row(String eventId, int i, String type, String product, String quantity, String currency) {
        return String.join(
                ",",
                eventId,
                TestData.HOUR.start().plusSeconds(i % 3600).toString(),
                type,
                "u" + i,
                "s" + i,
                product,
                "cat",
                "2.50",
                quantity,
                currency,
                "email",
                "c1",
                "DE",
                "mobile");
    }

    /** Runs the hour whose files hold {@code files} (rows, each ending in a newline; the header is added). */
    static void run(Path dir, List<String> files) throws Exception {
        String header = String.join(",", EcommerceInsights.COLUMNS) + "\n";
        LocalObjectStore in = new LocalObjectStore(dir.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(dir.resolve("out"));
        for (int f = 0; f < files.size(); f++) {
            in.put(
                    TestData.HOUR.path() + "/part-" + f + ".csv",
                    (header + files.get(f)).getBytes(StandardCharsets.UTF_8));
        }
        new HourJob(in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(dir.resolve("t")))
                .run(TestData.HOUR);
    }

    /** The published summary of the hour {@link #run} made in {@code dir}. */
    static JsonNode summary(Path dir) throws IOException {
        return Json.parse(TestData.published(new LocalObjectStore(dir.resolve("out")), TestData.HOUR, "summary.json"));
    }

    /** Asserts that the hour quarantined {@code rows} rows, all for {@code reason}. */
    static void assertQuarantinedOnly(JsonNode summary, String reason, long rows) {
        JsonNode dq = summary.path("dataQuality");
        assertThat(dq.path("byReason").path(reason).asLong()).as(reason).isEqualTo(rows);
        assertThat(dq.path("rowsQuarantined").asLong()).as("rows quarantined").isEqualTo(rows);
    }

    /** A published file of the hour {@link #run} made in {@code dir}, as text. */
    static String published(Path dir, String name) throws IOException {
        return new String(
                TestData.published(new LocalObjectStore(dir.resolve("out")), TestData.HOUR, name),
                StandardCharsets.UTF_8);
    }
}
