package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each event type is counted as itself, and only the exact bytes of one are a type: every near miss (one byte changed
 * at any position, one byte more or fewer, a NUL more (the same zero-padded words), upper case, the first eight bytes of a type with others after them, empty,
 * longer than any type) is quarantined as {@code unknown_event_type}.
 */
class EventTypeTest {
    @TempDir
    Path tmp;

    @Test
    void onlyTheExactBytesOfAnEventTypeAreThatType() throws Exception {
        List<String> types = EcommerceInsights.EVENT_TYPES;
        Set<String> misses = new LinkedHashSet<>();
        for (String t : types) {
            for (int i = 0; i < t.length(); i++) {
                StringBuilder b = new StringBuilder(t);
                b.setCharAt(i, (char) (t.charAt(i) + 1));
                misses.add(b.toString());
            }
            misses.add(t.substring(0, t.length() - 1));
            misses.add(t.substring(1));
            misses.add(t + "s");
            misses.add("x" + t);
            misses.add(t.toUpperCase(java.util.Locale.ROOT));
            misses.add(t + " ");
            misses.add(t + "\u0000"); // the same words as the type, zero-padded: only the length tells
            misses.add((t + "________").substring(0, 8) + "zz");
        }
        misses.add("");
        misses.add("a_type_name_longer_than_sixteen_bytes");
        misses.removeAll(types);
        List<String> rows = new ArrayList<>();
        int[] counts = {3, 5, 7, 11, 13};
        for (int t = 0; t < types.size(); t++) {
            for (int k = 0; k < counts[t]; k++) {
                rows.add(types.get(t));
            }
        }
        rows.addAll(misses);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            csv.append(OneFileHour.row("e" + i, i, rows.get(i), "p1", "1", "EUR"))
                    .append('\n');
        }
        OneFileHour.run(tmp, List.of(csv.toString()));

        JsonNode summary = OneFileHour.summary(tmp);
        OneFileHour.assertQuarantinedOnly(summary, "unknown_event_type", misses.size());
        for (int t = 0; t < types.size(); t++) {
            assertThat(summary.path("totals")
                            .path("eventsByType")
                            .path(types.get(t))
                            .asLong())
                    .as(types.get(t))
                    .isEqualTo(counts[t]);
        }
        assertThat(summary.path("totals").path("events").asLong()).isEqualTo(3 + 5 + 7 + 11 + 13);
    }
}
