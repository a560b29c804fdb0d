package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows that repeat an event id are counted in data quality: exactly on small hours, across files. */
class DuplicateEventIdsTest {
    @TempDir
    Path tmp;

    private static String row(int id, int i, String type) {
        return String.join(
                ",",
                "e" + id,
                TestData.HOUR.start().plusSeconds(i % 3600).toString(),
                type,
                "u" + i,
                "s" + i,
                "p" + (i % 7),
                "cat",
                "2.50",
                "1",
                "EUR",
                "email",
                "c1",
                "DE",
                "mobile");
    }

    private JsonNode run(String name, String... files) throws Exception {
        String header = String.join(",", EcommerceInsights.COLUMNS) + "\n";
        LocalObjectStore in = new LocalObjectStore(tmp.resolve(name + "-in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve(name + "-out"));
        for (int f = 0; f < files.length; f++) {
            in.put(TestData.HOUR.path() + "/part-" + f + ".csv", (header + files[f]).getBytes(StandardCharsets.UTF_8));
        }
        new HourJob(in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve(name + "-t")))
                .run(TestData.HOUR);
        JsonNode summary = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) summary)
                .put(
                        "_csv",
                        new String(TestData.published(out, TestData.HOUR, "data_quality.csv"), StandardCharsets.UTF_8))
                .put("_md", new String(TestData.published(out, TestData.HOUR, "summary.md"), StandardCharsets.UTF_8));
        return summary;
    }

    @Test
    void repeatedEventIdsAcrossFilesAreCountedExactly() throws Exception {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        int expected = 0;
        for (int i = 0; i < 3000; i++) {
            a.append(row(i, i, i % 10 == 0 ? "purchase" : "page_view")).append('\n');
        }
        for (int i = 0; i < 500; i++) { // 100 ids of file a again, 40 of them three times in all
            int id = i < 100 ? i * 3 : i < 140 ? (i - 100) * 3 : 10_000 + i;
            if (id < 3000) {
                expected++;
            }
            b.append(row(id, i, "add_to_cart")).append('\n');
        }
        // a rejected row repeating an id is quarantined, not counted as a duplicate
        b.append(row(5, 1, "not_a_type")).append('\n');
        JsonNode s = run("dup", a.toString(), b.toString());
        assertThat(expected).isEqualTo(140);
        JsonNode dup = s.path("dataQuality").path("duplicateEventIds");
        assertThat(dup.path("count").asLong()).isEqualTo(expected);
        assertThat(dup.path("exact").asBoolean()).isTrue();
        assertThat(dup.path("samplingRate").asText()).isEqualTo("1");
        assertThat(dup.path("standardError").asLong()).isZero();
        assertThat(s.path("_csv").asText())
                .contains("\nduplicate_event_id,140,,exact: aggregated rows whose event_id repeats");
        assertThat(s.path("_md").asText()).contains("140 aggregated row(s) repeat an earlier row's event_id (exact)");
    }

    @Test
    void anHourWithoutRepeatsHasNoDuplicateLine() throws Exception {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            a.append(row(i, i, "page_view")).append('\n');
        }
        JsonNode s = run("none", a.toString());
        assertThat(s.path("dataQuality").path("duplicateEventIds").path("count").asLong())
                .isZero();
        assertThat(s.path("dataQuality").path("duplicateEventIds").path("exact").asBoolean())
                .isTrue();
        assertThat(s.path("_csv").asText()).isEqualTo("reason,rows,file,detail\n");
        assertThat(s.path("_md").asText()).doesNotContain("event_id");
    }
}
