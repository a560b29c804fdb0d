package dev.twinrun.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks both adapters' contract tests make of one hour's log line and EMF document against {@link Telemetry}. */
public final class TelemetryAssertions {
    private TelemetryAssertions() {}

    /** The hour's result log line carries exactly {@link Telemetry#HOUR_LOG_KEYS}. */
    public static void assertHourLogLine(JsonNode line, String outcome) {
        assertThat(keys(line)).as("keys of the " + outcome + " line").isEqualTo(Telemetry.HOUR_LOG_KEYS);
    }

    /**
     * The hour's EMF document declares {@link Telemetry#HOUR_METRICS} with their units, carries exactly
     * {@link Telemetry#HOUR_METRIC_PROPERTIES} besides them, and is dimensioned by {@code variant}.
     */
    public static void assertHourDocument(JsonNode emf, String outcome, String variant) {
        assertThat(metrics(emf))
                .as("EMF metrics and units (" + outcome + ")")
                .containsExactlyElementsOf(Telemetry.HOUR_METRICS);
        Set<String> properties = keys(emf);
        properties.remove("_aws");
        properties.remove(Telemetry.VARIANT_DIMENSION);
        Telemetry.HOUR_METRICS.forEach(m -> properties.remove(m.name()));
        assertThat(properties).as("EMF properties (" + outcome + ")").isEqualTo(Telemetry.HOUR_METRIC_PROPERTIES);
        assertThat(emf.path(Telemetry.VARIANT_DIMENSION).asText())
                .as("dimension")
                .isEqualTo(variant);
    }

    public static Set<String> keys(JsonNode n) {
        Set<String> keys = new HashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The metrics an EMF document declares, in order, with their units. */
    public static List<Metric> metrics(JsonNode emf) {
        Map<String, Metric> m = new LinkedHashMap<>();
        for (JsonNode d : emf.at("/_aws/CloudWatchMetrics/0/Metrics")) {
            String name = d.path("Name").asText();
            m.put(
                    name,
                    new Metric(name, MetricUnit.ofCloudWatchName(d.path("Unit").asText())));
        }
        return List.copyOf(m.values());
    }
}
