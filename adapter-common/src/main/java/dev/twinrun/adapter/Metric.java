package dev.twinrun.adapter;

import java.util.Objects;

/**
 * A CloudWatch metric one of the adapters writes: its name and its unit.
 *
 * @param name the metric name in namespace {@value Telemetry#NAMESPACE}, e.g. {@code RowsRead}
 * @param unit its CloudWatch unit
 */
public record Metric(String name, MetricUnit unit) {
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }
}
