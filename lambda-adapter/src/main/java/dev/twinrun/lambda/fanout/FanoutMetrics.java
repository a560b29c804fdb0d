package dev.twinrun.lambda.fanout;

import dev.twinrun.lambda.Metrics;
import java.time.Instant;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format line per task on stdout, namespace {@code twinrun}, dimension
 * {@code Variant=fanout}: the Lambda variant's document ({@link Metrics#emf}) with another variant name.
 */
final class FanoutMetrics {
    static final String VARIANT = "fanout";

    private FanoutMetrics() {
    }

    static void emit(Map<String, Metrics.Value> metrics, Map<String, String> properties) {
        System.out.println(Metrics.emf(Instant.now(), VARIANT, metrics, properties));
    }
}
