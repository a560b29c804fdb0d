package dev.twinrun.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDocumentDeclaresNamespaceDimensionAndEveryMetricWithItsUnitAndValue() throws Exception {
        Map<Metric, Long> m = new LinkedHashMap<>();
        m.put(Telemetry.ROWS_READ, 10L);
        m.put(Telemetry.BYTES_READ, 2048L);
        Map<String, String> properties = new HashMap<>();
        properties.put("hour", "2026-11-26T13");
        properties.put("key", null);

        JsonNode emf = JSON.readTree(EmfWriter.document(Instant.ofEpochMilli(1234), "ec2", m, properties));

        JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
        assertThat(emf.at("/_aws/Timestamp").asLong()).as("timestamp").isEqualTo(1234);
        assertThat(directive.get("Namespace").asText()).as("namespace").isEqualTo("twinrun");
        assertThat(directive.get("Dimensions").toString()).as("dimensions").isEqualTo("[[\"Variant\"]]");
        assertThat(emf.get("Variant").asText()).as("dimension value").isEqualTo("ec2");
        assertThat(directive.at("/Metrics/0/Name").asText()).as("first metric").isEqualTo("RowsRead");
        assertThat(directive.at("/Metrics/0/Unit").asText()).as("unit").isEqualTo("Count");
        assertThat(directive.at("/Metrics/1/Unit").asText()).as("unit").isEqualTo("Bytes");
        assertThat(emf.get("RowsRead").asLong()).as("value").isEqualTo(10);
        assertThat(emf.get("BytesRead").asLong()).as("value").isEqualTo(2048);
        assertThat(emf.get("hour").asText()).as("property").isEqualTo("2026-11-26T13");
        assertThat(emf.has("key")).as("null property left out").isFalse();
    }

    @Test
    void aWriterSendsOneLinePerDocumentToItsSinkWithItsVariant() throws Exception {
        List<String> lines = new ArrayList<>();
        EmfWriter w = new EmfWriter("lambda", lines::add);

        w.write(Map.of(Telemetry.COLD_START, 1L), Map.of("runId", "r"));

        assertThat(lines).as("one document").hasSize(1);
        assertThat(lines.get(0)).as("one line").doesNotContain("\n");
        JsonNode emf = JSON.readTree(lines.get(0));
        assertThat(emf.get("Variant").asText()).as("variant").isEqualTo("lambda");
        assertThat(emf.get("ColdStart").asLong()).as("value").isEqualTo(1);
    }

    @Test
    void unitsAreSpelledAsCloudWatchSpellsThemAndTheContractNamesEachMetricOnce() {
        assertThat(MetricUnit.MILLISECONDS.cloudWatchName()).as("ms").isEqualTo("Milliseconds");
        assertThat(MetricUnit.ofCloudWatchName("Bytes")).as("lookup").isEqualTo(MetricUnit.BYTES);
        assertThatThrownBy(() -> MetricUnit.ofCloudWatchName("bytes"))
                .as("case matters")
                .isInstanceOf(IllegalArgumentException.class);
        List<String> names = new ArrayList<>();
        Telemetry.HOUR_METRICS.forEach(m -> names.add(m.name()));
        Telemetry.RUN_METRICS.forEach(m -> names.add(m.name()));
        assertThat(names)
                .as("metric names")
                .doesNotHaveDuplicates()
                .contains("RowsRead", "RowsQuarantined", "BytesRead", "DurationMs", "ColdStart", "HoursFailed");
        assertThat(Telemetry.metric("DurationMs")).as("lookup").contains(Telemetry.DURATION_MS);
        assertThat(Telemetry.HOUR_LOG_KEYS)
                .as("log keys include the ids and the counts")
                .contains("requestId", "runId", "bucket", "key", "hour", "outcome", "rowsRead", "durationMs");
    }
}
