package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * Summary of one metric over {@code n} successful runs of one phase: min, p50, p90, p99 (linear interpolation between
 * closest ranks), trimmed mean (10 % cut from each end) and max, to 3 decimals.
 */
public record MetricStats(
        long n,
        BigDecimal min,
        BigDecimal p50,
        BigDecimal p90,
        BigDecimal p99,
        BigDecimal trimmedMean,
        BigDecimal max,
        Provenance provenance) {

    public MetricStats {
        requireNonNull(min, "min");
        requireNonNull(p50, "p50");
        requireNonNull(p90, "p90");
        requireNonNull(p99, "p99");
        requireNonNull(trimmedMean, "trimmedMean");
        requireNonNull(max, "max");
        provenance = provenance == null ? Provenance.MEASURED : provenance;
    }
}
