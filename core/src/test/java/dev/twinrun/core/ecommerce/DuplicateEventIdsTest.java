package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows that repeat an event id are counted in data quality: exactly on small hours, across files. */
class DuplicateEventIdsTest {
    @TempDir
    Path tmp;

    private static String row(int id, int i, String type) {
        return OneFileHour.row("e" + id, i, type, "p" + (i % 7), "1", "EUR");
    }

    private JsonNode run(String name, String... files) throws Exception {
        Path dir = tmp.resolve(name);
        OneFileHour.run(dir, List.of(files));
        JsonNode summary = OneFileHour.summary(dir);
        ((com.fasterxml.jackson.databind.node.ObjectNode) summary)
                .put("_csv", OneFileHour.published(dir, "data_quality.csv"))
                .put("_md", OneFileHour.published(dir, "summary.md"));
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
