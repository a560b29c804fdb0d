package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Every EMF metric the dashboard charts is one the adapters write ({@link Telemetry}): an hour metric, which both
 * variants write, or, for {@code Variant=ec2}, one of the EC2 tick's metrics.
 */
class DashboardMetricsContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The variants that run the EC2 runner ({@code run-due}), the only writer of the run metrics. */
    private static final Set<String> RUNNER_VARIANTS = Set.of("ec2", "ec2-per-run", "fargate");

    /** A charted metric of the adapters' namespace. */
    record Charted(String name, String variant) {}

    @Test
    void everyChartedEmfMetricIsInTheTelemetryContract() throws Exception {
        Template template =
                Template.fromStack(CdkTestSupport.synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"))
                        .dashboard());
        JsonNode dashboard = JSON.valueToTree(template.findResources("AWS::CloudWatch::Dashboard"))
                .elements()
                .next()
                .path("Properties")
                .path("DashboardBody");

        List<Charted> charted = charted(JSON.readTree(text(dashboard)));

        Set<String> hourMetrics =
                Telemetry.HOUR_METRICS.stream().map(Metric::name).collect(Collectors.toSet());
        Set<String> runMetrics =
                Telemetry.RUN_METRICS.stream().map(Metric::name).collect(Collectors.toSet());
        assertThat(charted)
                .as("the dashboard charts EMF metrics of every deployed variant")
                .extracting(Charted::variant)
                .contains("lambda", "ec2", "fanout", "ec2-per-run", "fargate");
        assertThat(charted)
                .as("EMF metrics charted")
                .allSatisfy(c -> assertThat(hourMetrics.contains(c.name())
                                || RUNNER_VARIANTS.contains(c.variant()) && runMetrics.contains(c.name()))
                        .as(c + " is written by the " + c.variant() + " adapter (Telemetry)")
                        .isTrue());
    }

    /** The body's text: a string, or a Fn::Join whose tokens (instance ids and the like) become placeholders. */
    private static String text(JsonNode body) {
        if (body.isTextual()) {
            return body.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode part : body.path("Fn::Join").get(1)) {
            b.append(part.isTextual() ? part.asText() : "TOKEN");
        }
        return b.toString();
    }

    /** The metrics of namespace {@value Telemetry#NAMESPACE} in every widget, with their Variant dimension. */
    private static List<Charted> charted(JsonNode body) {
        List<Charted> out = new ArrayList<>();
        for (JsonNode widget : body.path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                if (!Telemetry.NAMESPACE.equals(metric.path(0).asText())) {
                    continue;
                }
                String variant = null;
                for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                    if (Telemetry.VARIANT_DIMENSION.equals(metric.get(i).asText())) {
                        variant = metric.get(i + 1).asText();
                    }
                }
                out.add(new Charted(metric.path(1).asText(), variant));
            }
        }
        return out;
    }
}
